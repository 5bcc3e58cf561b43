# Called by tests/vm/interrupt.sh (arguments as there); an exception fails the test.
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
