# kmembench report RUN.json -o DIR: the report of one run. What it draws for
# the reference run, --case, --no-plots, and bad input (exit 2, nothing
# written). How it looks in a browser: report_render.sh.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

ref=$KMB_SOURCE_DIR/results/reference/6.1-vs-6.12-tcg/new.json
data=$KMB_SOURCE_DIR/tests/unit/data
kmalloc64=kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1

note "without charts"
"$KMB_BIN" report "$ref" -o "$TMP/np" --no-plots 2>"$TMP/err" || fail "exit $?: $(cat "$TMP/err")"
for want in '<h2>Summary</h2>' 'kernel/kmalloc ' 'Every case' '--no-plots'; do
	grep -qF -- "$want" "$TMP/np/report.html" || fail "no '$want' in the report without charts"
done
[ ! -e "$TMP/np/plots" ] || fail "--no-plots made plots/"

if command -v gnuplot >/dev/null; then
	note "with charts"
	"$KMB_BIN" report "$ref" -o "$TMP/p" 2>"$TMP/err" || fail "exit $?: $(cat "$TMP/err")"
	for chart in kernel-kmalloc-latency kernel-alloc_pages-latency case-distribution all-threads; do
		[ -s "$TMP/p/plots/$chart.svg" ] && [ -s "$TMP/p/plots/$chart.png" ] || fail "no $chart chart"
	done
	grep -qF "$kmalloc64</code>" "$TMP/p/report.html" || fail "the distribution is not kmalloc(64)'s by default"
	n=$(grep -o 'data:image/svg+xml;base64' "$TMP/p/report.html" | wc -l)
	[ "$n" -ge 16 ] || fail "only $n charts inlined (14 APIs at several sizes, the distribution, threads)"
	other=kernel/vmalloc/size=4096/gfp=KERNEL/pattern=pair/ctx=process/threads=1
	"$KMB_BIN" report "$ref" -o "$TMP/c" --case "$other" 2>"$TMP/err" || fail "--case: exit $?: $(cat "$TMP/err")"
	grep -qF "$other" "$TMP/c/plots/case-distribution.dat" || fail "--case did not choose the distribution"
	note "a probe: its size classes and largest sizes"
	"$KMB_BIN" report "$data/probe-6.12-tcg.json" -o "$TMP/probe" 2>"$TMP/err" || fail "probe: exit $?: $(cat "$TMP/err")"
	[ -s "$TMP/probe/plots/probe-kmalloc-size-classes.svg" ] || fail "no size-class staircase"
	grep -qF 'Largest allocation per API' "$TMP/probe/report.html" || fail "no table of the largest sizes"
else
	note "gnuplot missing: charts not checked"
fi

note "bad input: exit 2, nothing written"
expect_status 2 "$KMB_BIN" report "$ref" -o "$TMP/bad1" --case kernel/none
grep -qF "no such case" "$TMP/stderr" || fail "--case unknown: $(cat "$TMP/stderr")"
[ ! -e "$TMP/bad1" ] || fail "a bad --case left $TMP/bad1 behind"
expect_status 2 "$KMB_BIN" report "$ref" "$ref" -o "$TMP/bad2" --case "$kmalloc64"
expect_status 2 "$KMB_BIN" report "$TMP/missing.json" -o "$TMP/bad3"
[ ! -e "$TMP/bad3" ] || fail "a missing input left $TMP/bad3 behind"
expect_status 2 "$KMB_BIN" report "$ref" "$ref" "$ref" -o "$TMP/bad4"
expect_status 2 "$KMB_BIN" report "$data/compare-interrupted.json" -o "$TMP/bad5" --no-plots
grep -qF "allow-partial" "$TMP/stderr" || fail "an interrupted run: $(cat "$TMP/stderr")"
"$KMB_BIN" report "$data/compare-interrupted.json" -o "$TMP/partial" --no-plots --allow-partial 2>/dev/null ||
	fail "--allow-partial refused an interrupted run"
note "ok"
