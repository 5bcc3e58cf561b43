# Called by tests/vm/probe.sh (arguments as there); an exception fails the test.
import json, re, sys
kernel, out = sys.argv[1], sys.argv[2]
raw = open(out + "/probe.json").read()
doc = json.loads(raw)
lim = doc["limits"]
MiB = 1 << 20
assert lim["kmalloc_max_size"] == 4 * MiB and lim["max_page_order"] == 10, lim
probes = doc["probes"]

def find(kind, api, gfp, fragmented=False):
    hits = [p for p in probes if p["kind"] == kind and p["api"] == api and p["gfp"] == gfp
            and p["fragmented"] == fragmented]
    assert len(hits) == 1, (kind, api, gfp, fragmented, len(hits))
    return hits[0]

for api in ("kmalloc", "kzalloc"):
    p = find("max", api, "KERNEL")
    assert p["largest_ok"] == lim["kmalloc_max_size"], p
    assert p["smallest_failed"] == lim["kmalloc_max_size"] + 1, p
    assert p["bound"] == "KMALLOC_MAX_SIZE", p["bound"]
p = find("max", "alloc_pages", "KERNEL")
assert p["largest_ok"] == lim["max_page_order"] and p["bound"] == "max_page_order", p
v = find("max", "vmalloc", "KERNEL")
assert v["mem_available"] > 0, v
ratio = v["largest_ok"] / v["mem_available"]
assert 0.5 <= ratio <= 1.0, ratio
assert v["bound"] == "available_ram_reserve", v["bound"]
for gfp in ("ATOMIC", "NOWAIT"):
    for api in ("kmalloc", "kzalloc", "kvmalloc", "alloc_pages", "kmem_cache"):
        p = find("max", api, gfp)
        assert "skipped" not in p and p["largest_ok"] is not None, p
    assert "vmalloc may sleep" in find("max", "vmalloc", gfp)["skipped"]
    assert find("max", "kmalloc", gfp)["largest_ok"] == lim["kmalloc_max_size"]
# The zones drivers ask for are in the default sets. The DMA zone is the
# first 16 MiB: no block above order 12 can come from it; slab APIs cannot
# take GFP_DMA32.
for api in ("kmalloc", "kzalloc", "alloc_pages"):
    p = find("max", api, "KERNEL+DMA")
    assert "skipped" not in p and p["largest_ok"] is not None, p
assert find("max", "alloc_pages", "KERNEL+DMA")["largest_ok"] <= 12
assert find("max", "kmalloc", "KERNEL+DMA")["largest_ok"] <= 16 * MiB
p = find("max", "alloc_pages", "KERNEL+DMA32")
assert p["largest_ok"] == lim["max_page_order"], p
for api in ("kmalloc", "kzalloc", "kmem_cache"):
    assert "rejects this GFP set" in find("max", api, "KERNEL+DMA32")["skipped"]

sc = find("size-classes", "kmalloc", "KERNEL")
steps = sc["steps"]
assert steps == sorted(set(steps)) and steps[-1] == lim["kmalloc_max_size"], steps
assert lim["kmalloc_max_cache_size"] in steps, steps
assert all(c["backing"] == "slab" for c in sc["classes"] if c["ksize"] <= lim["kmalloc_max_cache_size"])
assert find("zero", "kmalloc", "KERNEL")["returns"] == "ZERO_SIZE_PTR"
assert find("zero", "vmalloc", "KERNEL")["called"] is False

frag = doc["fragmentation"]
assert frag["restored"] is True and frag["pages_held"] > 0, frag
b = frag["buddyinfo"]
assert b["fragmented"]["largest_free_order"] < b["before"]["largest_free_order"], b
fp = find("max", "alloc_pages", "KERNEL", fragmented=True)
assert fp["largest_ok"] is not None and fp["largest_ok"] < lim["max_page_order"], fp
find("max", "kmalloc", "ATOMIC", fragmented=True)

assert doc["module_after"]["live_objects"] == 0 and doc["module_after"]["live_bytes"] == 0
assert doc["run"]["interrupted"] is False

# No kernel address anywhere: no hex pointers, no integer in the kernel half.
assert not re.search(r"0x[0-9a-fA-F]{8,}", raw), "a hex address in the output"
def ints(x):
    if isinstance(x, dict):
        for y in x.values(): yield from ints(y)
    elif isinstance(x, list):
        for y in x: yield from ints(y)
    elif isinstance(x, int) and not isinstance(x, bool):
        yield x
assert max(ints(doc)) < 0xffff800000000000, "an integer that looks like a kernel address"

for name in ("sigint", "sigfrag"):
    s = json.load(open(out + "/%s.json" % name))
    if name == "sigint" or s["run"]["interrupted"]:
        assert s["run"]["interrupted"] is True and s["run"]["signal"] == 2, s["run"]
    assert s["module_after"]["live_objects"] == 0 and s["module_after"]["live_bytes"] == 0
    if name == "sigfrag" and "fragmentation" in s:
        assert s["fragmentation"]["restored"] is True
# Capacity. The DMA zone is the first 16 MiB (3,840 pages managed): a fill
# with GFP_DMA holds most of it and nothing from elsewhere, whatever the
# object size, and ends with the allocator saying no. With GFP_DMA32 (all
# of a 1 GiB guest's memory) the guard stops it, past half of what it
# allows. Page APIs round 64 bytes up to order 0.
cap = json.load(open(out + "/capacity.json"))
def capf(api, gfp, size):
    hits = [p for p in cap["probes"] if p["kind"] == "capacity" and p["api"] == api
            and p["gfp"] == gfp and p["size"] == size]
    assert len(hits) == 1, (api, gfp, size, len(hits))
    return hits[0]
# Under the debug kernel (tests/debug: KASAN, SLUB_DEBUG_ON, kmemleak) the
# objects' metadata and the debug allocators' own use of the small zone
# leave far less (kmalloc(64) 3.6 MiB, kmalloc(4096) 16 KiB seen), and
# KASAN's quarantine keeps what a fill freed: the next fill found the zone
# empty. There the fill must still stop at the allocator with DMA pages
# only, but has no floor.
cfg = cap["system"]["config"]
debug = cfg.get("KASAN") or cfg.get("SLUB_DEBUG_ON")
for api in ("kmalloc", "alloc_pages"):
    for size in (64, 4096):
        c = capf(api, "KERNEL+DMA", size)
        assert c["stop"] == "allocation_failed" and set(c["zones"]) <= {"DMA"}, c
        assert (0 if debug else 8 * MiB + 1) <= c["held_bytes"] <= 16 * MiB, c
        assert c["held_bytes"] == sum(c["zones"].values()), c
    c = capf("alloc_pages", "KERNEL+DMA32", 4096)
    assert c["stop"] == "available_ram_reserve" and list(c["zones"]) == ["DMA32"], c
    assert c["held_bytes"] >= (c["mem_available"] - c["reserve"]) / 2, c
c = capf("alloc_pages", "KERNEL+DMA", 64)
assert c["order"] == 0 and c["rounding_waste"] == 4096 - 64 and c["object_bytes"] == 4096, c
assert "rejects this GFP set" in capf("kmalloc", "KERNEL+DMA32", 64)["skipped"]
assert "rejects this GFP set" in capf("kmem_cache", "KERNEL+DMA", 64)["skipped"]
c = capf("kmem_cache", "KERNEL+DMA32", 64)
assert "skipped" in c, c
assert cap["module_after"]["live_objects"] == 0 and cap["module_after"]["live_bytes"] == 0
sig = json.load(open(out + "/sigcap.json"))
assert sig["run"]["interrupted"] is True and sig["run"]["signal"] == 2, sig["run"]
assert sig["module_after"]["live_objects"] == 0, sig["module_after"]
sc = [p for p in sig["probes"] if p["kind"] == "capacity"]
# The fill takes about 7 s under TCG; with KVM it may reach the guard first.
assert len(sc) == 1 and sc[0]["stop"] in ("interrupted", "available_ram_reserve"), sc

after = json.load(open(out + "/after.json"))
assert after["module"]["live_objects"] == 0 and after["module"]["live_bytes"] == 0

print("%s: probe %.1f s; vmalloc %d of MemAvailable %d (%.0f %%); fragmented: pages up to "
      "order %d, kmalloc up to %d" % (kernel, doc["run"]["elapsed_s"], v["largest_ok"],
      v["mem_available"], 100 * ratio, fp["largest_ok"],
      find("max", "kmalloc", "KERNEL", fragmented=True)["largest_ok"]))
print("%s: capacity of the DMA zone: kmalloc(64) %d bytes, pages %d bytes; DMA32 pages %d "
      "bytes up to the guard" % (kernel, capf("kmalloc", "KERNEL+DMA", 64)["held_bytes"],
      capf("alloc_pages", "KERNEL+DMA", 4096)["held_bytes"],
      capf("alloc_pages", "KERNEL+DMA32", 4096)["held_bytes"]))
