# Called by tests/vm/ioctl_fuzz.sh (arguments as there); an exception fails the test.
import json, sys
m = json.load(open(sys.argv[1]))["module"]
assert m["live_objects"] == 0 and m["live_bytes"] == 0, m
