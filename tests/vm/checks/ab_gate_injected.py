# Called by tests/vm/ab_gate.sh (arguments as there); an exception fails the test.
import json, os, re, sys
info = lambda f: json.load(open(os.path.join(sys.argv[1], f)))["module"]
# The module reports the ABI it was built with: the one in the header.
header = os.path.join(os.path.dirname(__file__), "../../../driver/uapi/kmembench.h")
abi = int(re.search(r"#define KMB_ABI_VERSION\s+(\d+)", open(header).read()).group(1))
m = info("info-cmdline.json")
assert m["abi_version"] == abi and m["inject"] == {"api": "kmalloc", "pct": 10}, m
m = info("info-insmod.json")
assert m["inject"] == {"api": "kzalloc", "pct": 25}, m["inject"]
