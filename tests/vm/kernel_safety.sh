# The kernel engine's safety on both default kernels: SIGINT stops a case
# holding objects across threads within 100 ms and frees them all, the time
# budget ends a case (its histogram then stands for the samples that did not
# fit), the module keeps its sample memory within 64 MiB whatever is asked,
# the headroom guard refuses a case that would hold too much memory, and
# impossible combinations exit 2, from the runner and from the module.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in 6.1 6.12; do
	need_kernel "$kernel"
done
for kernel in 6.1 6.12; do
	out=$TMP/$kernel
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" --runner "$KMB_BIN" --out "$out" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/kernel_safety.sh" >"$TMP/log"
	cat "$TMP/log"
	for want in remote_exit=130 hold_exit=130 budget_exit=0 samples_exit=0 headroom_exit=3 \
		impossible_runner_exit=2 impossible_module_exit=2 info_exit=0; do
		grep -qx "$want" "$TMP/log" || fail "$kernel: expected $want"
	done
	grep -q "headroom guard" "$out/headroom.err" ||
		fail "$kernel: the headroom refusal does not say why: $(cat "$out/headroom.err")"
	grep -q "no combination of this entry can run: vmalloc may sleep" \
		"$out/impossible-runner.err" ||
		fail "$kernel: runner message: $(cat "$out/impossible-runner.err")"
	grep -q "rejected the case as impossible" "$out/impossible-module.err" ||
		fail "$kernel: module message: $(cat "$out/impossible-module.err")"
	for f in remote hold budget samples; do
		validate_schema "$out/$f.json"
	done
	"$PY" - "$out" <<'PYEOF'
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
PYEOF
done
echo "kernel_safety: ok"
