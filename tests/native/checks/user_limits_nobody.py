# Called by tests/native/user_workloads.sh (arguments as there); an exception fails the test.
import json, sys

doc = json.load(open(sys.argv[1]))
limited = int(sys.argv[2]) > 0
problems = []
for r in doc["results"]:
    cid, why = r["id"], r.get("skipped", "")
    if "error" in r:
        problems.append(f"{cid}: error: {r['error']}")
    elif cid.startswith("user/fault-file/"):
        shm_is_tmpfs = any(line.split()[1:3] == ["/dev/shm", "tmpfs"]
                           for line in open("/proc/mounts"))
        if shm_is_tmpfs and not ("cannot be evicted" in why and "tmpfs" in why):
            problems.append(f"{cid}: a cold file on tmpfs did not skip: {why!r}")
    elif "whole address space" in why and r["params"].get("op") == "mlockall":
        pass  # a sanitizer's shadow makes the address space too large to lock
    elif limited:
        size = str(r["params"]["size"])
        if "RLIMIT_MEMLOCK is 65536 bytes" not in why or size not in why:
            problems.append(f"{cid}: expected a skip naming RLIMIT_MEMLOCK and {size}: {why!r}")
    print(f"-- {cid}: {why or 'ran'}")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
