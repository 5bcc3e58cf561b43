# Called by tests/vm/pressure.sh (arguments as there); an exception fails the test.
import json, sys
kernel, out = sys.argv[1], sys.argv[2]
doc = json.load(open(out + "/pressure.json"))
p = doc["run"]["pressure"]
assert p["percent"] == 90 and not doc["run"]["interrupted"], doc["run"]
assert p["hog_end"] == "released", p
assert p["hog_oom_score_adj"] == 1000, p
assert p["runner_protected"] and p["runner_oom_score_adj"] == -1000, p
assert p["held_bytes"] > 0 and p["held_bytes"] <= p["target_bytes"], p
# it stops short of its target only at the reserve, never below it
assert p["limited_by"] in ("target", "reserve"), p
assert p["available_held_bytes"] + 16 * 2**20 >= p["reserve_bytes"], p
assert p["held_bytes"] >= p["available_before_bytes"] // 2, p
lines = []
for case in doc["results"]:
    assert "error" not in case and "skipped" not in case, case
    for name, ph in case["phases"].items():
        ops, failures = ph["ops"], ph["failures"]
        assert ops >= 0 and failures >= 0, (case["id"], name, ph)
        # failed attempts are counted apart from the timed successes
        if name == "alloc":
            attempts = ops + failures
            assert failures <= attempts and attempts > 0, (case["id"], ph)
            lines.append("%-70s %6d ops %6d failures (%.1f %%)" % (
                case["id"], ops, failures, 100.0 * failures / attempts))
        else:
            assert failures == 0, (case["id"], name, ph)
for gfp in ("ATOMIC", "NOWAIT", "KERNEL"):
    assert any("gfp=%s/" % gfp in l for l in lines), gfp
assert doc["module_after"]["live_objects"] == 0 and doc["module_after"]["live_bytes"] == 0
after = json.load(open(out + "/after.json"))
assert after["module"]["live_objects"] == 0 and after["module"]["live_bytes"] == 0
print("%s: hog held %d MiB of %d MiB available (%s, %s), %d MiB left" % (
    kernel, p["held_bytes"] >> 20, p["available_before_bytes"] >> 20, p["method"],
    p["limited_by"], p["available_held_bytes"] >> 20))
print("\n".join(lines))
