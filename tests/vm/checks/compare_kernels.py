# Called by tests/vm/compare_kernels.sh (arguments as there); an exception fails the test.
import json, os, statistics, sys, jsonschema
out, hand, rc, kcidb_schema = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
load = lambda p: json.load(open(os.path.join(out, p)))
cmp, by_hand = load("compare.json"), json.load(open(hand))
assert cmp == by_hand, "compare.json differs from kmembench compare run by hand"
assert cmp["regression"] == (rc == 1), (cmp["regression"], rc)

# Alternation A B A B, each boot of a kernel with its own seed.
starts = [load(f"boots/{s}-{k}/result.json")["run"]["start"]
          for k in (1, 2) for s in ("base", "new")]
assert starts == sorted(starts), starts
for s, release in (("base", "6.1."), ("new", "6.12.")):
    doc = load(f"{s}.json")
    assert doc["system"]["kernel"]["release"].startswith(release), doc["system"]["kernel"]
    merged = doc["run"]["merged"]
    assert merged["boots"] == 2 and len(merged["inputs"]) == 2, merged
    assert [i["seed"] for i in merged["inputs"]] == [1, 2], merged["inputs"]
    for case in doc["results"]:
        assert case["boots"] == 2, case["id"]
        for ph in case["phases"].values():
            assert len(ph["rep_medians"]) == 10, (case["id"], len(ph["rep_medians"]))

# The report leads with compare's verdict.
md = open(os.path.join(out, "report.md")).read()
first = md.splitlines()[0]
assert ("**REGRESSION**" in first) == (rc == 1), first
html = open(os.path.join(out, "report.html")).read()
assert html.count('src="data:image/svg+xml;base64,') == 4, "two inline charts per API"
assert "<script" not in html and 'src="http' not in html

# Exports: the same numbers as the merged results and compare.
pairs = {(p["id"], p["phase"]): p for p in cmp["comparisons"][0]["pairs"]}
schema = json.load(open(kcidb_schema))
for s in ("base", "new"):
    doc = load(f"{s}.json")
    kcidb = load(f"exports/{s}.kcidb.json")
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(kcidb)
    tests = {(t["misc"]["case_id"], t["misc"]["phase"]): t for t in kcidb["tests"]}
    phases = {(c["id"], n): ph for c in doc["results"] for n, ph in c["phases"].items()}
    assert tests.keys() == phases.keys()
    for key, t in tests.items():
        assert t["status"] == "DONE" and t["number"]["unit"] == "ns", t
        assert abs(t["number"]["value"] - phases[key]["median"]) < 1e-6, key
    gb = load(f"exports/{s}.gbench.json")
    for key, p in pairs.items():
        name = f"{key[0]}/{key[1]}"
        iters = [b for b in gb["benchmarks"] if b["name"] == name and b["run_type"] == "iteration"]
        med = [b for b in gb["benchmarks"] if b["name"] == name + "_median"]
        assert len(iters) == 10 and len(med) == 1, name
        # compare judges boots (one value each); the export keeps repetitions.
        assert p["rule"] == "boots" and p[f"{s}_reps"] == 2, p
        assert len(phases[key]["boot_medians"]) == 2, key
        want = statistics.median(phases[key]["rep_medians"])
        assert abs(med[0]["real_time"] - want) < 1e-6 * want, (name, med[0]["real_time"], want)
        assert abs(statistics.median(b["real_time"] for b in iters) - want) < 1e-6 * want
print("compare-kernels: exit %d, %d pairs, report and exports agree" % (rc, len(pairs)))
