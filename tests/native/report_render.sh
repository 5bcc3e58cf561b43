# Both kinds of report.html as a reader's browser shows them: headless
# Chromium loads the single-run report and the comparison report of
# results/reference/6.1-vs-6.12-tcg and tests/native/report_check.py checks
# that there is no console error, every image decodes and nothing is wider
# than a 1400 px window. Screenshots are kept in
# BUILD/test-artifacts/report_render/. A deliberately broken page must fail
# the same check, so that the check itself is known to work.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "SKIP: chromium not installed (Debian package chromium; scripts/setup installs it)"; exit $SKIP; }
command -v gnuplot >/dev/null || fail "gnuplot not found (Debian package gnuplot-nox; scripts/setup)"

ref=$KMB_SOURCE_DIR/results/reference/6.1-vs-6.12-tcg
art=${KMB_BUILD_DIR:-$TMP}/test-artifacts/report_render
mkdir -p "$art"
check=("$PY" "$KMB_SOURCE_DIR/tests/native/report_check.py" "$browser")

note "single-run report"
"$KMB_BIN" report "$ref/new.json" -o "$TMP/run" 2>"$TMP/err" || fail "report of one run exited $?: $(cat "$TMP/err")"
"${check[@]}" "$TMP/run/report.html" "$art/run.png" || fail "the single-run report does not render cleanly"

note "comparison report"
"$KMB_BIN" report "$ref/base.json" "$ref/new.json" -o "$TMP/cmp" 2>"$TMP/err" ||
	fail "comparison report exited $?: $(cat "$TMP/err")"
"${check[@]}" "$TMP/cmp/report.html" "$art/compare.png" || fail "the comparison report does not render cleanly"

note "the check fails a broken page"
mkdir -p "$TMP/broken"
cp "$KMB_SOURCE_DIR/tests/native/report_broken.html" "$TMP/broken/report.html"
rc=0
"${check[@]}" "$TMP/broken/report.html" "$TMP/broken.png" >"$TMP/broken.out" || rc=$?
[ $rc -eq 1 ] || fail "the broken page gave exit $rc, expected 1: $(cat "$TMP/broken.out")"
for want in 'image does not decode: bad chart' 'image does not decode: missing' \
	'px wide in a 1400 px window' 'undefinedFunction'; do
	grep -qF "$want" "$TMP/broken.out" || fail "the check missed '$want' on the broken page: $(cat "$TMP/broken.out")"
done
note "ok; screenshots in $art"
