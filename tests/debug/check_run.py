"""A run on the debug kernel: every kernel case ran, none with an error,
and the kernel the run describes has the detectors on."""
import json
import sys

run = json.load(open(sys.argv[1]))
config = run["system"]["config"]
for opt in ("KASAN", "KFENCE", "SLUB_DEBUG_ON", "DEBUG_VM", "LOCKDEP"):
    assert config.get(opt), (opt, "is off in the kernel that ran")
assert run["run"]["interrupted"] is False, run["run"]
failed = [r["id"] for r in run["results"] if "error" in r]
assert not failed, failed
assert len(run["results"]) >= 40, len(run["results"])
print("%d kernel cases ran clean" % len(run["results"]))
