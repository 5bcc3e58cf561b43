# Called by tests/vm/kernel_build.sh (arguments as there); an exception fails the test.
import json, sys
info, run, kernel = (json.load(open(p)) for p in sys.argv[1:4])
assert kernel["profile"] == "minimal" and kernel["source_id"].startswith("tree-"), kernel
for d in (info, run):
    s = d["system"]
    assert s["kernel"]["release"] == kernel["kernel_release"], (s["kernel"], kernel)
    assert s["config_source"] == "module", s["config_source"]
    c = s["config"]
    for opt in ("SLUB", "KFENCE", "INIT_ON_ALLOC_DEFAULT_ON", "MEMCG", "NUMA",
                "TRANSPARENT_HUGEPAGE", "SLAB_FREELIST_RANDOM", "SLAB_FREELIST_HARDENED",
                "SLUB_DEBUG", "ZONE_DMA", "PREEMPT_DYNAMIC"):
        assert c[opt], (opt, c)
    for opt in ("KASAN", "SLUB_DEBUG_ON", "DEBUG_VM", "LOCKDEP"):
        assert not c[opt], (opt, c)
assert run["run"]["interrupted"] is False
failed = [r["id"] for r in run["results"] if "error" in r]
assert not failed, failed
assert len(run["results"]) >= 40, len(run["results"])
k64 = next(r for r in run["results"]
           if r["id"] == "kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1")
print("kmalloc(64) alloc median %.0f, free median %.0f (%s)" %
      (k64["phases"]["alloc"]["median"], k64["phases"]["free"]["median"],
       k64["phases"]["alloc"].get("unit", "ns")))
