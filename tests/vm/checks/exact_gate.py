# Called by tests/vm/exact_gate.sh (arguments as there); an exception fails the test.
import json, sys
doc, aa, ab = (json.load(open(p)) for p in sys.argv[1:4])
assert doc["clock"] == "instructions", doc.get("clock")
for case in doc["results"]:
    for name, ph in case.get("phases", {}).items():
        assert ph["unit"] == "insn", (case["id"], name, ph["unit"])
        for key in ("median", "min", "max", "p99"):
            assert isinstance(ph[key], int), (case["id"], name, key, ph[key])
        assert "cycles" not in ph, case["id"]
    assert case["timer"]["clock"] == "instructions" and case["timer"]["unit"] == "insn"

pairs = aa["comparisons"][0]["pairs"]
# kmem_cache_bulk(256) takes one of two exact counts per boot (alloc 1718 or
# 1878, free 1206 or 1515; ci/README.md, "Boots agree"): the module's cache
# is merged with the kernel's other 256-byte objects, and where a bulk of 16
# starts in a slab of 16 depends on what the kernel did before. One boot a
# side cannot tell that from a change; the boots rule can (2 boots a side).
BIMODAL = "kernel/kmem_cache_bulk/size=256/"
flagged = [f'{p["id"]} {p["phase"]}' for p in pairs
           if p["verdict"] in ("regression", "improvement") and not p["id"].startswith(BIMODAL)]
assert not flagged, "A/A flagged: " + "; ".join(flagged)
same = sum(p["base_median"] == p["new_median"] for p in pairs)
exact = sum(p["rule"] == "exact" for p in pairs)
print(f"-- A/A: {len(pairs)} kernel phase pairs, {same} with identical medians, "
      f"{exact} judged exact, none flagged")
# Measured: 129 of 140 identical, 122 exact. Half is far below that.
assert same * 2 > len(pairs) and exact * 2 > len(pairs), (same, exact, len(pairs))

pairs = ab["comparisons"][0]["pairs"]
want = {p["id"] for p in pairs if p["id"].startswith("kernel/kmalloc/") and p["phase"] == "alloc"}
got = {p["id"] for p in pairs if p["verdict"] == "regression"}
assert len(want) == 11, sorted(want)
assert got == want, f"flagged {sorted(got - want)}, missed {sorted(want - got)}"
assert not any(p["verdict"] == "improvement" for p in pairs)
assert all(p["rule"] == "exact" for p in pairs if p["id"] in got)
print(f"-- A/B: the {len(want)} kmalloc alloc phases flagged, exact; nothing else")
