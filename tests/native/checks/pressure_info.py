# Called by tests/native/pressure.sh (arguments as there); an exception fails the test.
import json, sys
run = json.load(open(sys.argv[1]))["run"]
assert run["interrupted"] and run["pressure"]["hog_end"] == "released", run
