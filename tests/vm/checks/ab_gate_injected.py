# Called by tests/vm/ab_gate.sh (arguments as there); an exception fails the test.
import json, os, sys
info = lambda f: json.load(open(os.path.join(sys.argv[1], f)))["module"]
m = info("info-cmdline.json")
assert m["abi_version"] == 3 and m["inject"] == {"api": "kmalloc", "pct": 10}, m
m = info("info-insmod.json")
assert m["inject"] == {"api": "kzalloc", "pct": 25}, m["inject"]
