# Called by tests/vm/dma.sh as: dma.py KERNEL CMA OUT (CMA: "none" or the
# cma= size the guest booted with); an exception fails the test.
import json, math, os, re, sys

kernel, cma, out = sys.argv[1:4]
def load(name):
    return json.load(open(os.path.join(out, name)))
def text(name):
    return open(os.path.join(out, name)).read()
log = text("guest.log")
def status(key):
    m = re.search(r"^%s=(\d+)$" % key, log, re.M)
    assert m, (key, log)
    return int(m.group(1))

assert status("run_exit") == 0 and status("probe_exit") == 0, log
assert status("after_exit") == 0, log

def finite_phases(c, allow_failures=False):
    assert c["phases"], c["id"]
    for name, p in c["phases"].items():
        assert p["ops"] > 0 and p["n"] > 0, (c["id"], name)
        assert allow_failures or p["failures"] == 0, (c["id"], name, p["failures"])
        for k in ("mean", "median", "stddev", "min", "max", "p99"):
            assert isinstance(p[k], (int, float)) and math.isfinite(p[k]), (c["id"], name, k)

# The timed cases: every one ran, with both masks, and left nothing behind.
run = load("dma.json")
has_cma = run["system"]["config"]["DMA_CMA"] is True
page, order = run["limits"]["page_size"], run["limits"]["max_page_order"]
buddy_max = page << order
seen = set()
for c in run["results"]:
    assert "error" not in c and "skipped" not in c, (c["id"], c.get("error"), c.get("skipped"))
    # 4 MiB is the buddy allocator's largest block: it may be had or not.
    finite_phases(c, allow_failures=c["params"]["size"] >= buddy_max)
    seen.add((c["params"]["api"], c["params"]["dma_mask"]))
    assert c["id"].endswith("/dma_mask=%d" % c["params"]["dma_mask"]) or \
        "/dma_mask=%d/" % c["params"]["dma_mask"] in c["id"], c["id"]
assert seen == {(a, m) for a in ("dma_alloc_coherent", "dma_map_single") for m in (64, 32)}, seen
after = run["module_after"]
assert after["live_objects"] == 0 and after["live_bytes"] == 0, after
after = load("after.json")["module"]
assert after["live_objects"] == 0 and after["live_bytes"] == 0, after

def median(api, size, mask, gfp="KERNEL"):
    cid = "kernel/%s/size=%d/gfp=%s/pattern=pair/ctx=process/threads=1/dma_mask=%d" % (
        api, size, gfp, mask)
    return [c for c in run["results"] if c["id"] == cid][0]["phases"]["alloc"]["median"]

# The probe: the largest coherent allocation per mask. Without CMA it is
# the buddy allocator's largest block, and one page more fails.
probes = {e["id"]: e for e in load("probe.json")["probes"]}
largest = {}
for mask in (64, 32):
    for gfp in ("KERNEL", "ATOMIC"):
        e = probes["probe/max/dma_alloc_coherent/dma_mask=%d/gfp=%s" % (mask, gfp)]
        assert e["dma_mask"] == mask and "skipped" not in e, e
        assert e["limit"] == buddy_max, e
        assert page <= e["largest_ok"] <= buddy_max + page, e
        if gfp == "KERNEL" and not (has_cma and cma != "none"):
            assert e["largest_ok"] == buddy_max, e
            assert e["smallest_failed"] == buddy_max + page, e
        largest[(mask, gfp)] = e["largest_ok"]
    e = probes["probe/max/dma_alloc_coherent_cma/dma_mask=%d/gfp=KERNEL" % mask]
    if not has_cma:
        assert "CONFIG_DMA_CMA" in e["skipped"], e
    elif cma != "none":
        # Nothing else in the guest takes from the area: all of it is had.
        area = int(cma[:-1]) << {"K": 10, "M": 20, "G": 30}[cma[-1]]
        assert e["largest_ok"] == area, (area, e)
        largest[(mask, "CMA")] = e["largest_ok"]
    else:
        assert e["largest_ok"] is None, e

# CMA: runs where the kernel has it and the guest reserved an area; else
# every case is exit 2, named with its reason. 1 MiB is bad input anyway.
cma_err = text("cma.err")
assert status("cma_exit") == 2, cma_err
for c in load("cma.json")["results"]:
    small = c["params"]["size"] < buddy_max + page
    if not has_cma:
        why = "CONFIG_DMA_CMA is not set"
    elif cma == "none":
        why = "no CMA area is reserved"
    elif small:
        why = "may come from the buddy allocator"
    else:
        why = None
    if why:
        assert why in c["error"], c
        assert any(c["id"] in line and why in line for line in cma_err.splitlines()), \
            (c["id"], cma_err)
        assert c["repetitions"] == 0, c
    else:
        assert "error" not in c, c
        finite_phases(c)

# A mask the platform refuses: exit 2 naming the case and the mask; the
# width it takes beside it runs.
bad_err = text("badmask.err")
assert status("badmask_exit") == 2, bad_err
for c in load("badmask.json")["results"]:
    if c["params"]["dma_mask"] == 20:
        line = [l for l in bad_err.splitlines() if c["id"] in l]
        assert line and "refuses a 20-bit DMA mask" in line[0], (c["id"], bad_err)
        assert c["repetitions"] == 0, c
    else:
        assert "error" not in c, c
        finite_phases(c)
after = load("badmask.json")["module_after"]
assert after["live_objects"] == 0 and after["live_bytes"] == 0, after

clock = run.get("clock") or "time"
print("%s cma=%s (CONFIG_DMA_CMA %s): largest coherent %s; pair medians (%s clock): "
      "dma_alloc_coherent(4096) %.0f/%.0f, (64K) %.0f/%.0f, dma_map_single(4096) %.0f/%.0f "
      "with 64/32-bit masks" % (
          kernel, cma, "y" if has_cma else "n",
          ", ".join("%s/%s %d" % (m, g, v) for (m, g), v in sorted(largest.items())), clock,
          median("dma_alloc_coherent", 4096, 64), median("dma_alloc_coherent", 4096, 32),
          median("dma_alloc_coherent", 65536, 64), median("dma_alloc_coherent", 65536, 32),
          median("dma_map_single", 4096, 64), median("dma_map_single", 4096, 32)))
