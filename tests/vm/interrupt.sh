# SIGINT and SIGKILL during a long kernel case: the case stops quickly, the
# partial result is written and marked, nothing stays allocated, and the
# device opens again at once.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in "${TEST_KERNELS[@]}"; do
	need_kernel "$kernel"
	out=$TMP/$kernel
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" "${VM_ARGS[@]}" --runner "$KMB_BIN" --out "$out" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/interrupt.sh" -- "${KMB_INTERRUPT_WAIT_S:-1}" >"$TMP/log"
	cat "$TMP/log"
	grep -qx "sigint_exit=130" "$TMP/log" || fail "$kernel: SIGINT did not end the run with 130"
	grep -qx "sigkill_exit=137" "$TMP/log" || fail "$kernel: SIGKILL exit status"
	grep -qx "reopen_exit=0" "$TMP/log" || fail "$kernel: device did not reopen after SIGKILL"
	[ ! -e "$out/sigkill.json" ] || fail "$kernel: a killed run left a result file"
	ls "$out" | grep -q '\.tmp\.' && fail "$kernel: a temporary file was left behind"
	validate_schema "$out/sigint.json"
	stop=$(sed -n 's/^sigint_stop_s=//p' "$TMP/log")
	"$PY" - "$out/sigint.json" "$out/after-kill.json" "${KMB_INTERRUPT_STOP_MS:-100}" $stop <<'PYEOF'
import json, sys
run, after = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
bound_ms = float(sys.argv[3])
stop_ms = (float(sys.argv[5]) - float(sys.argv[4])) * 1000
r = run["run"]
assert r["interrupted"] is True and r["signal"] == 2, r
# From kill to the runner gone, partial result written: within 100 ms (the
# clock has 10 ms steps; KMB_INTERRUPT_STOP_MS for slower kernels).
assert stop_ms <= bound_ms, (stop_ms, bound_ms)
(case,) = run["results"]
assert case["stopped"] == "signal", case.get("stopped")
alloc = case["phases"]["alloc"]
assert 0 < alloc["ops"] < 10000000, alloc["ops"]
assert run["module_after"]["live_objects"] == 0 and run["module_after"]["live_bytes"] == 0
assert after["module"]["live_objects"] == 0 and after["module"]["live_bytes"] == 0
print("runner gone %.0f ms after SIGINT (module: %.2f ms from noticing to return), %d operations"
      % (stop_ms, case.get("stop_ns", 0) / 1e6, alloc["ops"]))
PYEOF
done
echo "interrupt: ok"
