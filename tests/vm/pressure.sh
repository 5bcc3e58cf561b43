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
	"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/pressure.py" "$kernel" "$out"
done
echo "pressure: ok"
