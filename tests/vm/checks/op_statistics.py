# Called by tests/vm/statistics.sh: RESULT CLOCK [--amortised]. Every
# statistic must describe what it says: per-operation means over every
# operation, which can never add up to more than the wall time of the loop
# that ran them; the harness's own share per operation reported, and under
# the instructions clock at most 64 instructions; the peak of what the case
# held. An exception fails the test.
import json, math, sys

doc = json.load(open(sys.argv[1]))
clock = sys.argv[2]
amortised = "--amortised" in sys.argv[3:]
insn = clock == "instructions"
# The wall time of the timed stretches and the operations inside them are
# read from the same counter and converted at the same rate, so the bound
# is exact; the tolerance is floating-point rounding only.
tol = 1e-9
HARNESS_MAX = 64
# Where the samples cannot hold every operation (more than the runner's
# 131,072 a phase), the module also keeps a histogram, a minimum and a
# maximum per operation: about 20 instructions more, measured 75.
HARNESS_MAX_HIST = 96

assert doc["module_after"]["live_objects"] == 0, doc["module_after"]
seen_hist = False
for case in doc["results"]:
    cid, phases = case["id"], case["phases"]
    assert "error" not in case and "skipped" not in case, (cid, case.get("error"))
    for name, p in phases.items():
        st = p["statistics"]
        assert st["mean_stddev"].startswith("every operation"), (cid, st)
        assert p["min"] <= p["mean"] <= p["max"], (cid, name, p["min"], p["mean"], p["max"])
        assert p["stddev"] is not None and p["stddev"] >= 0, (cid, name, p["stddev"])
        if "histogram" in st["quantiles"]:
            seen_hist = True
            assert name in case["from_histogram"] and p["ops"] > p["n"], (cid, name)
    objs = case["objects"]
    if "wall_ns_per_pair" in case:
        alloc = next(iter(phases.values()))
        per_pair = sum(p["mean"] * p["ops"] / alloc["ops"] for p in phases.values())
        wall = case["wall_ns_per_pair"]
        assert per_pair <= wall * (1 + tol), (cid, "means per pair", per_pair, "wall", wall)
        want_peak = 16 if "kmem_cache_bulk" in cid else 1
    else:
        for name, p in phases.items():
            assert p["mean"] <= p["wall_ns_per_op"] * (1 + tol), \
                (cid, name, "mean", p["mean"], "wall per op", p["wall_ns_per_op"])
        want_peak = 64
    assert objs["peak_live_objects"] == want_peak, (cid, objs.get("peak_live_objects"))
    h = case["harness"]
    assert h["per_op"] > 0, (cid, h)
    if insn:
        limit = HARNESS_MAX_HIST if case["from_histogram"] else HARNESS_MAX
        assert h["unit"] == "insn" and h["per_op"] <= limit, (cid, h)
    print(f"{cid}: harness {h['per_op']} {h['unit']}/op")
    if amortised:
        a = case["amortised"]
        keys = ["pair"] if "wall_ns_per_pair" in case else list(phases)
        for k in keys:
            assert a[k]["amortised"] > 0 and a[k]["per_op_timing"] > 0, (cid, k, a[k])
assert seen_hist, "no case took its quantiles from the histogram"
