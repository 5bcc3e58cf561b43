"""Checks of tests/vm/verify.sh on a verify-mode result document.

suite RESULT --normal-zone yes|no: every case was checked, and every
property that applies to it was checked and held; what the zones and the
vmalloc spans must show.
spoiled RESULT PROPERTY: the one case run with the module's verify_spoil
failed that property and no other.
"""
import argparse
import json
import sys

ZEROING = {"kzalloc", "kcalloc", "vzalloc", "get_zeroed_page"}
VMALLOC = {"vmalloc", "vzalloc", "__vmalloc", "vmap", "vm_map_ram", "vmalloc_huge"}
NOT_MEMORY = {"kmem_cache_create"}


def fail(msg):
    sys.exit(f"verify_props: {msg}")


def expected(params):
    """The properties that must be checked on the case's objects."""
    api, gfp = params["api"], params["gfp"]
    props = {"aligned", "zone"}
    if api in ZEROING or ("ZERO" in gfp.split("+") and not api.startswith("dma_")):
        props.add("zeroed")
    if api == "krealloc":
        props.add("keeps-contents")
    # kvmalloc falls back to vmalloc when kmalloc fails: either may answer
    if api not in VMALLOC and api not in ("kvmalloc", "kvfree_rcu"):
        props.add("contiguous")
    return props


def check_suite(path, normal_zone):
    doc = json.load(open(path))
    cases = [c for c in doc["results"] if c["id"].startswith("kernel/")]
    if not cases:
        fail(f"{path}: no kernel cases")
    scattered_spans = kernel_normal = 0
    for c in cases:
        cid, params, v = c["id"], c["params"], c.get("verify")
        if c.get("skipped") or c.get("error"):
            fail(f"{cid}: not run: {c.get('skipped') or c.get('error')}")
        if v is None:
            fail(f"{cid}: no verify entry")
        if v["failed"]:
            fail(f"{cid}: failed {v['failed']}")
        if params["api"] in NOT_MEMORY:
            if v["objects"] or v["checked"]:
                fail(f"{cid}: a kmem_cache is not memory to check: {v}")
            continue
        if v["objects"] != 4:
            fail(f"{cid}: {v['objects']} objects checked, not 4")
        missing = expected(params) - set(v["checked"])
        if missing:
            fail(f"{cid}: not checked: {sorted(missing)} (checked {v['checked']})")
        gfp = params["gfp"].split("+")
        zones = set(v["zones"])
        if not zones:
            fail(f"{cid}: no zone seen")
        if "DMA" in gfp and zones != {"DMA"}:
            fail(f"{cid}: GFP_DMA memory from {sorted(zones)}")
        if "DMA32" in gfp and not zones <= {"DMA", "DMA32"}:
            fail(f"{cid}: GFP_DMA32 memory from {sorted(zones)}")
        if "Normal" in zones:
            if normal_zone == "no":
                fail(f"{cid}: a Normal zone in a guest that has none")
            kernel_normal += 1
        if params["api"] in VMALLOC and params.get("size", 0) >= 65536:
            scattered_spans += v["scattered"]
    if normal_zone == "yes" and not kernel_normal:
        fail(f"{path}: no case's memory came from Normal in a guest that has it")
    if not scattered_spans:
        fail(f"{path}: no vmalloc span of 64 KiB or more was physically scattered")
    print(f"verify_props: {path}: {len(cases)} cases verified; vmalloc spans scattered: "
          f"{scattered_spans}; cases with Normal-zone memory: {kernel_normal}")


def check_spoiled(path, prop):
    doc = json.load(open(path))
    cases = [c for c in doc["results"] if c["id"].startswith("kernel/")]
    if len(cases) != 1:
        fail(f"{path}: {len(cases)} cases, expected the one filtered")
    v = cases[0].get("verify") or fail(f"{path}: no verify entry")
    if v["failed"] != [prop]:
        fail(f"{path}: spoiled {prop}, failed {v['failed']}")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("suite")
    s.add_argument("result")
    s.add_argument("--normal-zone", choices=["yes", "no"], required=True)
    p = sub.add_parser("spoiled")
    p.add_argument("result")
    p.add_argument("prop")
    a = ap.parse_args()
    if a.cmd == "suite":
        check_suite(a.result, a.normal_zone)
    else:
        check_spoiled(a.result, a.prop)


if __name__ == "__main__":
    main()
