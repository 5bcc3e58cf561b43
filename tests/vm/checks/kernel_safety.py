# Called by tests/vm/kernel_safety.sh (arguments as there); an exception fails the test.
import json, math, sys
d = sys.argv[1]
load = lambda n: json.load(open("%s/%s.json" % (d, n)))
for name in ("remote", "hold"):
    run = load(name)
    (case,) = run["results"]
    assert run["run"]["interrupted"] and case["stopped"] == "signal", (name, case.get("stopped"))
    # From kill to the runner gone with its partial result written (measured
    # in the guest, 10 ms steps); stop_ns is the module's part of it, from
    # noticing the signal to the results handed back (objects freed).
    t_kill, t_done = map(float, open("%s/%s.stop" % (d, name)).read().split())
    total = (t_done - t_kill) * 1000
    module_ms = case["stop_ns"] / 1e6
    assert 0 < module_ms and total <= 100, (name, module_ms, total)
    assert case["phases"]["alloc"]["ops"] > 0, name
    assert run["module_after"]["live_objects"] == 0, (name, run["module_after"])
    assert run["module_after"]["live_bytes"] == 0, (name, run["module_after"])
    print("%s: runner gone %.0f ms after SIGINT (module %.1f ms of it), %d allocations"
          % (name, total, module_ms, case["phases"]["alloc"]["ops"]))
run = load("budget")
(case,) = run["results"]
assert case["stopped"] == "budget", case.get("stopped")
for phase in ("alloc", "free"):
    p = case["phases"][phase]
    assert phase in case["from_histogram"], case["from_histogram"]
    assert p["ops"] > p["n"] > 0, (phase, p["ops"], p["n"])
    for k in ("mean", "median", "p99", "p99_9", "min", "max"):
        assert math.isfinite(p[k]) and p["min"] <= p[k] <= p["max"], (phase, k, p[k])
assert 0 < case["module_sample_bytes"] <= 64 << 20, case["module_sample_bytes"]
assert run["module_after"]["live_objects"] == 0
(big,) = load("samples")["results"]
assert 32 << 20 < big["module_sample_bytes"] <= 64 << 20, big["module_sample_bytes"]
print("samples: asked for 10M per thread and phase, the module took %.1f MiB"
      % (big["module_sample_bytes"] / 2**20))
after = json.load(open(d + "/after.json"))
assert after["module"]["live_objects"] == 0 and after["module"]["live_bytes"] == 0
print("budget: %d pairs in 300 ms, %d module sample bytes"
      % (case["phases"]["alloc"]["ops"], case["module_sample_bytes"]))
