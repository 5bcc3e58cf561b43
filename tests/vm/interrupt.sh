# SIGINT and SIGKILL during a long kernel case: the case stops quickly, the
# partial result is written and marked, nothing stays allocated, and the
# device opens again at once.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in 6.1 6.12; do
	need_kernel "$kernel"
	out=$TMP/$kernel
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" --runner "$KMB_BIN" --out "$out" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/interrupt.sh" >"$TMP/log"
	cat "$TMP/log"
	grep -qx "sigint_exit=130" "$TMP/log" || fail "$kernel: SIGINT did not end the run with 130"
	grep -qx "sigkill_exit=137" "$TMP/log" || fail "$kernel: SIGKILL exit status"
	grep -qx "reopen_exit=0" "$TMP/log" || fail "$kernel: device did not reopen after SIGKILL"
	[ ! -e "$out/sigkill.json" ] || fail "$kernel: a killed run left a result file"
	ls "$out" | grep -q '\.tmp\.' && fail "$kernel: a temporary file was left behind"
	validate_schema "$out/sigint.json"
	"$PY" - "$out/sigint.json" "$out/after-kill.json" <<'PYEOF'
import json, sys
run, after = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
r = run["run"]
assert r["interrupted"] is True and r["signal"] == 2, r
# The case must hand control back within 100 ms of the signal.
assert r["stop_latency_ms"] is not None and r["stop_latency_ms"] < 100, r["stop_latency_ms"]
(case,) = run["results"]
assert case["stopped"] == "signal", case.get("stopped")
alloc = case["phases"]["alloc"]
assert 0 < alloc["n"] < 10000000, alloc["n"]
assert run["module_after"]["live_objects"] == 0 and run["module_after"]["live_bytes"] == 0
assert after["module"]["live_objects"] == 0 and after["module"]["live_bytes"] == 0
print("stopped %.2f ms after SIGINT, %d operations measured" % (r["stop_latency_ms"], alloc["n"]))
PYEOF
done
echo "interrupt: ok"
