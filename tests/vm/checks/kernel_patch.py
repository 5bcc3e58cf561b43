# Called by tests/vm/kernel_patch.sh (arguments as there); an exception fails the test.
import json, sys
cmp = json.load(open(sys.argv[1]))["comparisons"][0]
flagged = sorted((p["id"].split("/")[1], p["phase"]) for p in cmp["pairs"]
                 if p["verdict"] == "regression")
assert flagged == [("kmalloc", "alloc"), ("kmem_cache", "alloc")], flagged
for p in cmp["pairs"]:
    print("%-60s %-6s %10.1f %10.1f %+6.1f%% %s" % (p["id"][:60], p["phase"], p["base_median"],
          p["new_median"], p["change_pct"], p["verdict"]))
