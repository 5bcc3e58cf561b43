# The allocation-cost fingerprint (system.fingerprint) in real guests: two
# boots of 6.12, one with init_on_alloc=0 on the command line. Each document's
# fingerprint must hold what the guest's own files and kernel log say, and
# compare must warn about init_on_alloc, naming both values, and nothing else.
# Override the kernel with KMB_FINGERPRINT_KERNEL (e.g. 6.1).
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

kernel=${KMB_FINGERPRINT_KERNEL:-6.12}
case $kernel in 6.1 | 6.12) need_kernel "$kernel" ;; esac
for side in default off; do
	append=()
	[ $side = default ] || append=(--append init_on_alloc=0)
	note "$kernel: $side"
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" "${VM_ARGS[@]}" "${append[@]}" \
		--runner "$KMB_BIN" --out "$TMP/$side" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/fingerprint.sh" >"$TMP/$side.log" 2>&1 ||
		fail "$side: vm-run exited $?: $(tail -n 5 "$TMP/$side.log")"
	grep -q '^run_exit=0' "$TMP/$side.log" || fail "$side: $(grep '^run_exit' "$TMP/$side.log")"
	validate_schema "$TMP/$side/run.json"
done

# Base: the default boot, new: init_on_alloc=0.
"$KMB_BIN" compare "$TMP/default/run.json" "$TMP/off/run.json" -F json -o "$TMP/cmp.json" \
	2>"$TMP/cmp.stderr" || fail "compare exited $?: $(cat "$TMP/cmp.stderr")"
"$KMB_BIN" compare "$TMP/default/run.json" "$TMP/off/run.json" -o "$TMP/cmp.txt" 2>/dev/null ||
	fail "compare (text) exited $?"
"$KMB_BIN" compare "$TMP/default/run.json" "$TMP/off/run.json" -F markdown -o "$TMP/cmp.md" \
	2>/dev/null || fail "compare (markdown) exited $?"
"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/fingerprint.py" "$TMP/default" "$TMP/off" \
	"$TMP/cmp.json" "$TMP/cmp.stderr" "$TMP/cmp.txt" "$TMP/cmp.md"
[ -z "${KMB_FINGERPRINT_KEEP:-}" ] ||
	cp "$TMP/default/run.json" "$KMB_FINGERPRINT_KEEP/fingerprint-$kernel.json"
echo "fingerprint: ok"
