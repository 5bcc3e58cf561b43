# run --pressure on this host with user workloads (no module needed): the
# memory hog holds its share while the cases run and run.pressure says so;
# SIGINT while it holds still writes the result and leaves no hog behind;
# bad percentages are usage errors. The kernel side is tests/vm/pressure.sh.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

suite=$KMB_SOURCE_DIR/tests/native/user_suite.json
filter='user/fault-anon/mode=write/size=4096/*'
"$KMB_BIN" run --suite "$suite" --filter "$filter" --pressure 1 -r 2 -q -o "$TMP/p.json" \
	2>"$TMP/p.err" || fail "run --pressure 1: $(cat "$TMP/p.err")"
grep -q "memory pressure: the hog holds" "$TMP/p.err" || fail "no pressure summary: $(cat "$TMP/p.err")"
validate_schema "$TMP/p.json"
"$PY" "$KMB_SOURCE_DIR/tests/native/checks/pressure_run.py" "$TMP/p.json"
if ! grep -q '"runner_protected": true' "$TMP/p.json"; then
	grep -q "cannot set this runner's oom_score_adj" "$TMP/p.err" ||
		fail "unprotected runner without a word on stderr"
fi

# SIGINT once the hog holds: interrupted result, hog reaped.
"$KMB_BIN" run --suite "$suite" --filter "$filter" --pressure 1 -r 1000 -q -o "$TMP/i.json" \
	2>"$TMP/i.err" &
pid=$!
for _ in $(seq 100); do
	grep -q "the hog holds" "$TMP/i.err" && break
	sleep 0.1
done
hog=$(pgrep -P "$pid" || true)
[ -n "$hog" ] || fail "no hog process under the runner: $(cat "$TMP/i.err")"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 130 ] || fail "SIGINT: exit $rc, expected 130"
! kill -0 "$hog" 2>/dev/null || fail "the hog $hog outlived the runner"
"$PY" "$KMB_SOURCE_DIR/tests/native/checks/pressure_info.py" "$TMP/i.json"

for bad in 0 100 -5 x; do
	expect_status 2 "$KMB_BIN" run --suite "$suite" --pressure "$bad" -o "$TMP/b.json"
	grep -q -- "--pressure '$bad'" "$TMP/stderr" || fail "--pressure $bad: $(cat "$TMP/stderr")"
done
echo "pressure: ok"
