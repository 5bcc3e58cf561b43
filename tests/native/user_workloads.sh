# The user workloads on this host: every workload runs or skips with a
# reason, counts match, timings are finite and positive, first-touch faults
# are one per page, THP cuts faults by at least 100x, cold file pages fault
# major, and limits that forbid a case skip it instead of failing the run.
# Never a wall-clock assertion.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

SUITE=$KMB_SOURCE_DIR/tests/native/user_suite.json
LIMITS=$KMB_SOURCE_DIR/tests/native/user_limits_suite.json

"$KMB_BIN" run --suite "$SUITE" -o "$TMP/user.json" -q 2>"$TMP/run.err" ||
	fail "run of $SUITE exited $?: $(cat "$TMP/run.err")"
validate_schema "$TMP/user.json"

"$PY" "$KMB_SOURCE_DIR/tests/native/checks/user_workloads.py" "$TMP/user.json"

# Limits: as an unprivileged user with a 64 KiB RLIMIT_MEMLOCK, locking and
# registering 4 MiB skip with the limit named; a cold file on tmpfs skips
# because its pages cannot leave the page cache.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && command -v prlimit >/dev/null; then
	chmod 0711 "$TMP"
	mkdir -m 0777 "$TMP/nobody"
	as_nobody=(prlimit --memlock=65536:65536 setpriv --reuid=nobody --regid=nogroup
		   --clear-groups --inh-caps=-all --bounding-set=-all)
else
	note "not root: the limits run keeps this user's limits"
	mkdir "$TMP/nobody"
	as_nobody=()
fi
"${as_nobody[@]}" "$KMB_BIN" run --suite "$LIMITS" -o "$TMP/nobody/limits.json" -q \
	2>"$TMP/limits.err" || fail "limits run exited $?: $(cat "$TMP/limits.err")"
validate_schema "$TMP/nobody/limits.json"
"$PY" "$KMB_SOURCE_DIR/tests/native/checks/user_limits_nobody.py" "$TMP/nobody/limits.json" "${#as_nobody[@]}"

# A bad entry stops the run before anything runs, naming file, entry, field.
cat >"$TMP/bad.json" <<'JSONEOF'
{"schema": "kmembench-suite/1", "name": "bad",
 "user": [{"workload": "fault-anon"}, {"workload": "malloc", "sizes": 64, "threds": 2}]}
JSONEOF
expect_status 2 "$KMB_BIN" run --suite "$TMP/bad.json" -o "$TMP/bad-result.json"
grep -q "bad.json: user\[1\]: unknown field 'threds'" "$TMP/stderr" ||
	fail "bad entry not named: $(cat "$TMP/stderr")"
[ ! -e "$TMP/bad-result.json" ] || fail "a result was written for a bad suite"
echo "user_workloads: ok"
