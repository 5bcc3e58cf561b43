# The kernel counters around each case (src/counters/): a small suite on
# each test kernel has counters and footprint for every case, and sane ones
# (a batch of 4096 kmalloc(4096) allocates pages, kmalloc(64) names
# kmalloc-64, under ACCOUNT kmalloc-cg-64, kmem_cache the module's cache);
# with KMB_EXPECT_SLUB_STATS=1 (tests/debug/counters.sh, the debug kernel)
# the SLUB_STATS counters are there and count every allocation.
# On 6.12 with the instructions clock, one boot runs the suite with, without
# and again with counters: every slab and page case's repetition medians are
# identical, so reading the counters never enters the timed window; and
# compare of a document with counters against one without says so.
# KMB_COUNTERS_KEEP=DIR keeps the documents there.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

suite=$KMB_SOURCE_DIR/tests/vm/counters_suite.json
check=$KMB_SOURCE_DIR/tests/vm/checks/counters.py
slub=()
[ "${KMB_EXPECT_SLUB_STATS:-0}" != 1 ] || slub=(--slub-stats)

for kernel in "${TEST_KERNELS[@]}"; do
	case $kernel in 6.1 | 6.12) need_kernel "$kernel" ;; esac
	note "$kernel: the counters suite"
	out=$TMP/run-${kernel//\//_}
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" "${VM_ARGS[@]}" --runner "$KMB_BIN" \
		--timeout 1800 --out "$out" --file "$suite" -- \
		run --suite /files/counters_suite.json --counters -o r.json -q >"$TMP/log" 2>&1 ||
		fail "$kernel: vm-run exited $?: $(tail -n 5 "$TMP/log")"
	validate_schema "$out/r.json"
	"$PY" "$check" run "$out/r.json" "${slub[@]}"
	[ -z "${KMB_COUNTERS_KEEP:-}" ] || cp "$out/r.json" "$KMB_COUNTERS_KEEP/counters-${kernel##*/}.json"
done

# The timing side needs the instructions clock: only with the default kernels.
[ -z "${KMB_TEST_KERNELS:-}" ] || exit 0
need_kernel 6.12
note "6.12, instructions clock: with, without and with counters in one boot"
"$KMB_SOURCE_DIR/scripts/vm-run" --kernel 6.12 --clock instructions --smp 1 --runner "$KMB_BIN" \
	--out "$TMP/same" --file "$suite" --script "$KMB_SOURCE_DIR/tests/vm/guest/counters.sh" \
	>"$TMP/log" 2>&1 || fail "vm-run exited $?: $(tail -n 5 "$TMP/log")"
for step in with1 without with2; do
	grep -q "^${step}_exit=0" "$TMP/log" || fail "$step: $(grep "^${step}_exit" "$TMP/log")"
done
validate_schema "$TMP/same/without.json"
"$PY" "$check" same "$TMP/same/with1.json" "$TMP/same/without.json" "$TMP/same/with2.json"
[ -z "${KMB_COUNTERS_KEEP:-}" ] || cp "$TMP/same/with1.json" "$KMB_COUNTERS_KEEP/counters-6.12-insn.json"

note "compare: counters against none"
"$KMB_BIN" compare "$TMP/same/with1.json" "$TMP/same/without.json" >"$TMP/cmp.txt" 2>/dev/null || true
grep -q "counters: only in base (new has none)" "$TMP/cmp.txt" || fail "compare text: $(cat "$TMP/cmp.txt")"
grep -q "note: kernel counters: compared for the 0 cases" "$TMP/cmp.txt" || fail "no missing note"
"$KMB_BIN" compare "$TMP/same/with1.json" "$TMP/same/with2.json" --format json -o "$TMP/cmp.json" ||
	fail "compare with1 with2 exited $?"
"$PY" -c '
import json, sys
c = json.load(open(sys.argv[1]))["comparisons"][0]
assert c["counters_missing"] == "", c["counters_missing"]
ids = {x["id"] for x in c["counters"]}
assert len(ids) == len({p["id"] for p in c["pairs"]}), ids
assert all(x["figures"] for x in c["counters"]), c["counters"]
' "$TMP/cmp.json" || fail "compare JSON lacks the counters"
echo "counters: ok"
