# ci/compare-kernels end to end: 6.1 against 6.12 on a small suite, two
# boots of five repetitions each. Every file it promises must be there, and agree with
# 'kmembench compare' run by hand on the merged results: the exit code, the
# JSON, the report's verdict, the exports' numbers.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

need_kernel 6.1
need_kernel 6.12
ck=$KMB_SOURCE_DIR/ci/compare-kernels
suite=$KMB_SOURCE_DIR/tests/vm/compare_kernels_suite.json

note "bad usage: exit 2 before any boot"
expect_status 2 "$ck" --base 6.1
expect_status 2 "$ck" --base 6.1 --new 6.12 --boots 0
expect_status 2 "$ck" --base 6.1 --new 6.12 --clock cycles
grep -q "not time or instructions" "$TMP/stderr" || fail "bad --clock: choices not named"
expect_status 2 "$ck" --base 6.1 --new 6.12 --clock instructions --accel kvm
grep -q "TCG" "$TMP/stderr" || fail "--clock instructions with kvm: conflict not named"
expect_status 2 "$ck" --base 6.1 --new no-such-kernel --runner "$KMB_BIN"
expect_status 2 "$ck" --base 6.1 --new 6.12 --suite "$TMP/none.json" --runner "$KMB_BIN"

note "6.1 against 6.12, 2 boots each"
out=$TMP/out
rc=0
"$ck" --base 6.1 --new 6.12 --suite "$suite" --boots 2 --repetitions 5 --runner "$KMB_BIN" --out "$out" \
	>"$TMP/ck.stdout" 2>"$TMP/ck.stderr" || rc=$?
[ $rc -le 1 ] || fail "compare-kernels exited $rc: $(tail -n 20 "$TMP/ck.stderr")"

for f in report.md report.html compare.txt compare.json base.json new.json compare-kernels.log \
	exports/base.kcidb.json exports/new.kcidb.json exports/base.gbench.json \
	exports/new.gbench.json exports/base.ktap exports/new.bmf.json \
	exports/new.github-action-benchmark.json plots/kernel-kmalloc-latency.svg plots/kernel-kmalloc-latency.png \
	plots/kernel-kmalloc-ratio.svg plots/kernel-kmalloc-ratio.png \
	plots/kernel-alloc_pages-latency.png plots/kernel-alloc_pages-ratio.svg \
	boots/base-1/result.json boots/new-1/result.json boots/base-2/result.json \
	boots/new-2/result.json boots/base-1/console.log; do
	[ -s "$out/$f" ] || fail "compare-kernels did not write $f"
done
leftover=$(find "$out" -name '.compare-kernels.*' -o -name '*.tmp*')
[ -z "$leftover" ] || fail "temporary files left in --out: $leftover"
stdout=$(cat "$TMP/ck.stdout")
[[ "$stdout" == *"against base base.json"* ]] || fail "compare's text is not on stdout"
validate_schema "$out/base.json"
validate_schema "$out/new.json"

note "kmembench compare by hand on the merged results"
hand=0
(cd "$out" && "$KMB_BIN" compare base.json new.json --format json -o "$TMP/hand.json") \
	2>/dev/null || hand=$?
[ "$hand" -eq "$rc" ] || fail "compare-kernels exited $rc, kmembench compare by hand $hand"

"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/compare_kernels.py" "$out" "$TMP/hand.json" "$rc" "$KMB_SOURCE_DIR/tests/unit/data/kcidb-v5.3.schema.json"
echo "compare_kernels: ok"
