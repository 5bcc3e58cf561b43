# Called by tests/native/info.sh (arguments as there); an exception fails the test.
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "kmembench/1"
assert d["limits"] is None and d["module"] is None, "no module, yet limits given"
assert "load the module" in d["module_status"]
s = d["system"]
assert s["cpu"]["online"] >= 1 and s["memory"]["total"] > 0
assert s["virt"] in ("native", "kvm", "tcg") or s["virt"].startswith("vm:")
assert s["kernel"]["release"]
