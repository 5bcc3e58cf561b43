# Verify mode on both default kernels: every case of the verify suite has
# its objects checked, and every property that applies holds (zeroed,
# keeps-contents, contiguous, aligned, zone); vmalloc spans come back
# scattered; GFP_DMA allocations come from the DMA zone. In a 1 GiB guest
# (no Normal zone) GFP_KERNEL memory comes from DMA32; in a 5 GiB one (memory above 4 GiB) from
# Normal, and GFP_DMA32 still never does. Each check is shown to fail: the
# module loaded with verify_spoil=PROPERTY feeds it a spoiled input, and
# the run must exit 1 naming the case and that property only. vm-run fails
# on any WARN, BUG or detector report in the guest's log.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

suite=$KMB_SOURCE_DIR/tests/vm/verify_suite.json
check=$KMB_SOURCE_DIR/tests/vm/checks/verify_props.py

for kernel in 6.1 6.12; do
	need_kernel "$kernel"
done
for kernel in 6.1 6.12; do
	note "$kernel, 1 GiB: the verify suite, then each check spoiled on purpose"
	out=$TMP/$kernel
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" --runner "$KMB_BIN" --out "$out" \
		--file "$suite" --script "$KMB_SOURCE_DIR/tests/vm/guest/verify.sh" \
		>"$TMP/log" 2>&1 || fail "$kernel: vm-run exited $?: $(tail -n 5 "$TMP/log")"
	grep -q '^suite_exit=0' "$TMP/log" || fail "$kernel: $(grep '^suite_exit' "$TMP/log")"
	validate_schema "$out/verify.json"
	"$PY" "$check" suite "$out/verify.json" --normal-zone no
	for prop in zeroed keeps-contents contiguous aligned zone; do
		grep -q "^spoil_${prop}_exit=1" "$TMP/log" ||
			fail "$kernel: spoiled $prop: $(grep "^spoil_${prop}_exit" "$TMP/log")"
		grep -q "verify failed: $prop does not hold" "$out/spoil-$prop.err" ||
			fail "$kernel: spoiled $prop: stderr: $(cat "$out/spoil-$prop.err")"
		"$PY" "$check" spoiled "$out/spoil-$prop.json" "$prop"
	done
	grep -q '^nosuch_exit=[1-9]' "$TMP/log" || fail "$kernel: verify_spoil=nosuch was loaded"
	grep -q 'one of: zeroed keeps-contents contiguous aligned zone' "$out/nosuch.txt" ||
		fail "$kernel: no message for verify_spoil=nosuch: $(cat "$out/nosuch.txt")"
done

need_kernel 6.12
note "6.12, 5 GiB: GFP_KERNEL from Normal, GFP_DMA32 and GFP_DMA below it"
"$KMB_SOURCE_DIR/scripts/vm-run" --kernel 6.12 --mem 5G --runner "$KMB_BIN" --out "$TMP/big" \
	--file "$suite" -- run --suite /files/verify_suite.json --verify -o verify.json -q \
	>"$TMP/log" 2>&1 || fail "6.12, 5 GiB: vm-run exited $?: $(tail -n 5 "$TMP/log")"
"$PY" "$check" suite "$TMP/big/verify.json" --normal-zone yes
echo "verify: ok"
