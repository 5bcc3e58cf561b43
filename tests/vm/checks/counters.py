"""Checks tests/vm/counters.sh's documents.

counters.py run RESULT [--slub-stats]
    every kernel case has counters and footprint; the kmalloc(4096) batch
    of 4096 allocated pages; the kmem_cache case names the module's cache;
    kmalloc cases name their size class (kmalloc-cg-* under ACCOUNT); with
    --slub-stats (a CONFIG_SLUB_STATS kernel) every kmalloc case has SLUB
    counters and alloc_fastpath + alloc_slowpath >= its operations.
counters.py same WITH1 WITHOUT WITH2
    the instructions clock, one boot: the rep medians of every case but
    vmalloc's are identical with and without counters (vmalloc's drift
    boot-long as its address space fills, counters or not).
"""
import json
import sys


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_run(path, slub):
    doc = load(path)
    if doc["run"].get("counters") is not True:
        fail(f"{path}: run.counters is not true")
    seen = set()
    for case in doc["results"]:
        cid = case["id"]
        if case.get("error") or case.get("skipped"):
            fail(f"{cid}: did not run: {case.get('error') or case.get('skipped')}")
        ctr, fp = case.get("counters"), case.get("footprint")
        if not ctr or not fp:
            fail(f"{cid}: no counters or footprint")
        if ctr["repetitions"] != case["repetitions"]:
            fail(f"{cid}: counters over {ctr['repetitions']} of {case['repetitions']} reps")
        ops = ctr["ops"]
        if ops <= 0:
            fail(f"{cid}: counters.ops {ops}")
        vm = ctr["vmstat"]
        for key in ("pgfree", "pgfault"):
            if key not in vm and f"vmstat {key}" not in ctr["absent"]:
                fail(f"{cid}: vmstat {key} neither read nor named absent")
        if "Slab" not in ctr["meminfo"]:
            fail(f"{cid}: meminfo Slab missing")
        pgalloc = sum(v["delta"] for k, v in vm.items() if k.startswith("pgalloc_"))
        # A kernel without CONFIG_VM_EVENT_COUNTERS (the debug profile) has
        # no events: recorded as absent, and nothing to check them against.
        events = "vmstat pgalloc_*" not in ctr["absent"]
        if not events and any(k.startswith("pgalloc_") for k in vm):
            fail(f"{cid}: pgalloc_* both read and named absent")
        caches = ctr["slab"]["caches"]
        api = cid.split("/")[1]
        if api == "kmalloc" and "size=4096/" in cid and "batch=4096" in cid:
            seen.add("big")
            # 4096 objects of a page each, per repetition, from order-3 slabs
            if events and pgalloc < ops * 0.9:
                fail(f"{cid}: pgalloc {pgalloc} for {ops} kmalloc(4096)")
            if caches != ["kmalloc-4k"] and not all(c.endswith("-4k") for c in caches):
                fail(f"{cid}: caches {caches}")
            if fp["caches"][0]["objs_per_slab"] < 1:
                fail(f"{cid}: footprint {fp['caches'][0]}")
        if api == "kmalloc" and "size=64/" in cid:
            want = "kmalloc-cg-64" if "ACCOUNT" in cid else "kmalloc-64"
            if want not in caches:
                fail(f"{cid}: caches {caches}, expected {want}")
            if fp["caches"][0]["object_size"] != 64 or fp["caches"][0]["bytes_per_object"] < 64:
                fail(f"{cid}: footprint {fp['caches'][0]}")
            seen.add(want)
        if api == "kmem_cache":
            seen.add("kmem_cache")
            if caches != ["kmembench"]:
                fail(f"{cid}: caches {caches}, expected the module's 'kmembench'")
        if api in ("vmalloc", "alloc_pages"):
            if caches:
                fail(f"{cid}: a page or vmalloc case names caches {caches}")
            if events and pgalloc < ops:
                fail(f"{cid}: pgalloc {pgalloc} for {ops} page-backed allocations")
        stats = ctr["slab"]["stats"]
        if slub and api == "kmalloc":
            if not isinstance(stats, dict):
                fail(f"{cid}: no SLUB_STATS on a SLUB_STATS kernel: {stats}")
            allocs = stats["alloc_fastpath"]["delta"] + stats["alloc_slowpath"]["delta"]
            if allocs < ops:
                fail(f"{cid}: alloc_fastpath+alloc_slowpath {allocs} < {ops} operations")
            share = ctr["slab"]["slow_path_share"]
            print(f"{cid}: fast+slow {allocs} for {ops} ops, slow-path share {share:.4f}, "
                  f"alloc_refill/op {stats.get('alloc_refill', {}).get('per_op')}")
        elif not slub and isinstance(stats, dict) and "alloc_fastpath" in stats:
            print(f"{cid}: note: SLUB_STATS present")
        print(f"{cid}: pgalloc/op {pgalloc / ops:.4f}, caches {caches}")
    missing = {"big", "kmalloc-64", "kmalloc-cg-64", "kmem_cache"} - seen
    if missing:
        fail(f"{path}: no case of {sorted(missing)}")


def check_same(paths):
    docs = [load(p) for p in paths]
    if [d["run"].get("counters") for d in docs] != [True, False, True]:
        fail("run.counters should be true, false, true")
    if any("counters" in c for c in docs[1]["results"]):
        fail(f"{paths[1]}: run without --counters has counters")
    compared = 0
    for case in docs[0]["results"]:
        if case["id"].startswith("kernel/vmalloc/"):
            continue
        for name, ph in case["phases"].items():
            meds = []
            for d in docs:
                other = next(c for c in d["results"] if c["id"] == case["id"])
                meds.append(other["phases"][name]["rep_medians"])
            if meds[0] != meds[1] or meds[1] != meds[2]:
                fail(f"{case['id']} {name}: rep medians differ with and without "
                     f"counters: {meds}")
            compared += 1
    print(f"same: {compared} phases identical with, without and with counters")


def main():
    if sys.argv[1] == "run":
        check_run(sys.argv[2], "--slub-stats" in sys.argv[3:])
    elif sys.argv[1] == "same":
        check_same(sys.argv[2:5])
    else:
        fail(f"unknown mode {sys.argv[1]}")


if __name__ == "__main__":
    main()
