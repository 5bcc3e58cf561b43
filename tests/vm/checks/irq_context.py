# Called by tests/vm/irq_context.sh KERNEL OUT CLOCK; an exception fails the test.
import json, math, sys

kernel, d, clock = sys.argv[1], sys.argv[2], sys.argv[3]
load = lambda n: json.load(open("%s/%s.json" % (d, n)))
IRQ = ("hardirq", "softirq")

run = load("irq")
assert run.get("clock", "time") == clock, run.get("clock")
assert run["module_after"]["live_objects"] == 0, run["module_after"]
assert run["module_after"]["live_bytes"] == 0, run["module_after"]
cases = {c["id"]: c for c in run["results"]}
seen = set()
for cid, c in cases.items():
    assert not c.get("skipped"), (cid, c.get("skipped"))
    ctx = c["params"]["ctx"]
    seen.add(ctx)
    done = 0
    for name, p in c["phases"].items():
        assert p["ops"] > 0, (cid, name, p["ops"])
        for k in ("mean", "median", "min", "max", "p99"):
            assert math.isfinite(p[k]) and p[k] >= 0, (cid, name, k, p[k])
        assert p["median"] > 0, (cid, name, p["median"])
        done += p["ops"] + p["failures"]
    if ctx in IRQ:
        # Every operation of the timed runs ran in the module's interrupt.
        x = c["context"]
        assert x["name"] == ctx, (cid, x)
        assert x["ops"] == x["ops_in_context"] == done > 0, (cid, x, done)
        assert "amortised" in c, cid
    else:
        assert "context" not in c, cid
assert seen == {"process", "irq-off", "softirq", "hardirq"}, seen
assert any(c["params"]["threads"] == 2 and c["params"]["ctx"] == "hardirq"
           for c in cases.values())

stop = load("stop")
(case,) = stop["results"]
assert stop["run"]["interrupted"] and case["stopped"] == "signal", case.get("stopped")
assert case["context"]["ops"] == case["context"]["ops_in_context"] > 0, case["context"]
assert stop["module_after"]["live_objects"] == 0, stop["module_after"]
assert stop["module_after"]["live_bytes"] == 0, stop["module_after"]
after = load("after")
assert after["module"]["live_objects"] == 0 and after["module"]["live_bytes"] == 0

# Only the two cases run with ctx_spoil set found themselves elsewhere.
dmesg = open(d + "/dmesg.txt").read()
assert dmesg.count("case not run") == 2, "the module saw a chunk outside its interrupt"
spoil = {c["params"]["ctx"]: c for c in load("spoil")["results"]}
assert "error" not in spoil["process"] and spoil["process"]["repetitions"] == 2, spoil["process"]
for ctx in ("softirq", "hardirq"):
    assert "outside the %s context" % ctx in spoil[ctx]["error"], spoil[ctx]
    assert spoil[ctx]["repetitions"] == 0, spoil[ctx]

# The figures: kmalloc(64) ATOMIC, pair, per context.
unit = cases["kernel/kmalloc/size=64/gfp=ATOMIC/pattern=pair/ctx=process/threads=1"][
    "phases"]["alloc"]["unit"]
print("%s, clock %s: kmalloc(64) ATOMIC pair, median alloc / free (%s):" % (kernel, clock, unit))
for ctx in ("process", "irq-off", "softirq", "hardirq"):
    c = cases["kernel/kmalloc/size=64/gfp=ATOMIC/pattern=pair/ctx=%s/threads=1" % ctx]
    print("  %-8s %8.1f / %8.1f" % (ctx, c["phases"]["alloc"]["median"],
                                c["phases"]["free"]["median"]))
print("stop: hardirq remote-free stopped by SIGINT after %d operations in the interrupt"
      % case["context"]["ops"])
