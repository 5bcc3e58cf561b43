# Kernel cases under memory pressure (kmembench run --pressure 90) in 1 GiB
# guests of both default kernels: ATOMIC, NOWAIT and KERNEL allocations of
# small and large sizes and orders while a child process holds 90 % of the
# available memory. Asserts no crash and no OOM kill (vm-run exit 0: its log
# scan fails on "invoked oom-killer"), the runner alive with its result
# written, run.pressure recording the hog (it held memory, oom_score_adj
# 1000 against the runner's -1000, released at the end), failures counted
# and never above the attempts, and the module's live counters at zero.
#
# An OOM kill of the hog would be survivable by design (the hog is the OOM
# killer's first choice and the runner records how it ended), but it is not
# acceptable here: the hog keeps a reserve (64 MiB or 3 % of RAM) of
# MemAvailable free and the module's headroom guard keeps each case within a
# quarter of what is left, so the OOM killer has no reason to run, and a run
# that called it would mean one of the two guards failed.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in "${TEST_KERNELS[@]}"; do
	need_kernel "$kernel"
done
for kernel in "${TEST_KERNELS[@]}"; do
	out=$TMP/$kernel
	rc=0
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" "${VM_ARGS[@]}" --runner "$KMB_BIN" --mem "${KMB_PRESSURE_MEM:-1024M}" \
		--timeout 600 --out "$out" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/pressure.sh" >"$TMP/log" 2>"$TMP/err" || rc=$?
	cat "$TMP/log"
	cat "$TMP/err" >&2
	[ "$rc" -eq 0 ] || fail "$kernel: vm-run exited $rc (4: a WARN, BUG, oops or OOM kill in the guest)"
	for want in run_exit=0 hog_left=0 info_exit=0; do
		grep -qx "$want" "$TMP/log" || fail "$kernel: expected $want"
	done
	validate_schema "$out/pressure.json"
	"$PY" - "$kernel" "$out" <<'PYEOF'
import json, sys
kernel, out = sys.argv[1], sys.argv[2]
doc = json.load(open(out + "/pressure.json"))
p = doc["run"]["pressure"]
assert p["percent"] == 90 and not doc["run"]["interrupted"], doc["run"]
assert p["hog_end"] == "released", p
assert p["hog_oom_score_adj"] == 1000, p
assert p["runner_protected"] and p["runner_oom_score_adj"] == -1000, p
assert p["held_bytes"] > 0 and p["held_bytes"] <= p["target_bytes"], p
# it stops short of its target only at the reserve, never below it
assert p["limited_by"] in ("target", "reserve"), p
assert p["available_held_bytes"] + 16 * 2**20 >= p["reserve_bytes"], p
assert p["held_bytes"] >= p["available_before_bytes"] // 2, p
lines = []
for case in doc["results"]:
    assert "error" not in case and "skipped" not in case, case
    for name, ph in case["phases"].items():
        ops, failures = ph["ops"], ph["failures"]
        assert ops >= 0 and failures >= 0, (case["id"], name, ph)
        # failed attempts are counted apart from the timed successes
        if name == "alloc":
            attempts = ops + failures
            assert failures <= attempts and attempts > 0, (case["id"], ph)
            lines.append("%-70s %6d ops %6d failures (%.1f %%)" % (
                case["id"], ops, failures, 100.0 * failures / attempts))
        else:
            assert failures == 0, (case["id"], name, ph)
for gfp in ("ATOMIC", "NOWAIT", "KERNEL"):
    assert any("gfp=%s/" % gfp in l for l in lines), gfp
assert doc["module_after"]["live_objects"] == 0 and doc["module_after"]["live_bytes"] == 0
after = json.load(open(out + "/after.json"))
assert after["module"]["live_objects"] == 0 and after["module"]["live_bytes"] == 0
print("%s: hog held %d MiB of %d MiB available (%s, %s), %d MiB left" % (
    kernel, p["held_bytes"] >> 20, p["available_before_bytes"] >> 20, p["method"],
    p["limited_by"], p["available_held_bytes"] >> 20))
print("\n".join(lines))
PYEOF
done
echo "pressure: ok"
