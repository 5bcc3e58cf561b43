# Called by tests/native/pressure.sh (arguments as there); an exception fails the test.
import json, sys
p = json.load(open(sys.argv[1]))["run"]["pressure"]
assert p["percent"] == 1 and p["hog_end"] == "released", p
assert 0 < p["held_bytes"] <= p["target_bytes"] and p["limited_by"] in ("target", "reserve"), p
assert p["method"] in ("mlock", "populate", "touch") and p["hog_oom_score_adj"] == 1000, p
# -1000 needs CAP_SYS_RESOURCE: where the runner lacks it, it says so and goes on
assert p["runner_protected"] == (p["runner_oom_score_adj"] == -1000), p
