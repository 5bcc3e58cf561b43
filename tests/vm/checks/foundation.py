# Called by tests/vm/foundation.sh (arguments as there); an exception fails the test.
import json, math, sys
info, run, release = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
for d in (info, run):
    lim = d["limits"]
    assert d["system"]["kernel"]["release"] == release, d["system"]["kernel"]["release"]
    assert lim["kmalloc_max_size"] == 4194304, lim
    assert lim["page_size"] == 4096
    # 6.1: MAX_ORDER 11 is exclusive; 6.12: MAX_PAGE_ORDER 10 is inclusive.
    assert lim["max_page_order"] == 10, lim
    assert 0 < lim["available_ram"] <= lim["total_ram"]
    assert d["system"]["virt"] in ("tcg", "kvm"), d["system"]["virt"]
    assert d["system"]["config_source"] == "module" and d["system"]["config"]["SLUB"]
    assert d["module"]["live_objects"] == 0
assert info["system"]["cpu"]["online"] == 2
assert run["run"]["interrupted"] is False and run["run"]["repetitions"] == 3
assert run["module_after"]["live_objects"] == 0 and run["module_after"]["live_bytes"] == 0
(case,) = run["results"]
assert case["id"] == "kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1"
assert case["repetitions"] == 3 and "error" not in case
iters = case["params"]["iterations"]
for name in ("alloc", "free"):
    ph = case["phases"][name]
    # n: the values pooled for the statistics, at most 1024 per repetition.
    assert ph["failures"] == 0 and ph["ops"] == 3 * iters and 0 < ph["n"] <= ph["ops"], ph
    assert len(ph["rep_medians"]) == 3
    for k in ("mean", "median", "min", "p90", "p99", "p99_9", "max", "ops_per_sec"):
        assert math.isfinite(ph[k]) and ph[k] >= 0, (name, k, ph[k])
    assert ph["median"] > 0 and ph["min"] <= ph["median"] <= ph["p90"] <= ph["p99"] <= ph["max"]
    assert ph["cycles"]["median"] > 0
assert case["timer"]["subtracted"] is True and case["timer"]["overhead_cycles"] > 0
print(release, "alloc median %.1f ns, free median %.1f ns" %
      (case["phases"]["alloc"]["median"], case["phases"]["free"]["median"]))
