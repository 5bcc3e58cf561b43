# Called by tests/vm/dkms_load.sh (arguments as there); an exception fails the test.
import json, sys
run, release = json.load(open(sys.argv[1])), sys.argv[2]
assert run["system"]["kernel"]["release"] == release, run["system"]["kernel"]["release"]
assert run["system"]["config_source"] == "module", run["system"]["config_source"]
(case,) = run["results"]
assert "error" not in case and case["phases"]["alloc"]["failures"] == 0, case
