# The kernel engine's safety on both default kernels: SIGINT stops a case
# holding objects across threads within 100 ms and frees them all, the time
# budget ends a case (its histogram then stands for the samples that did not
# fit), the module keeps its sample memory within 64 MiB whatever is asked,
# the headroom guard refuses a case that would hold too much memory, and
# impossible combinations exit 2, from the runner and from the module (also
# kfree_rcu's objects too small for an rcu_head).
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in 6.1 6.12; do
	need_kernel "$kernel"
done
for kernel in 6.1 6.12; do
	out=$TMP/$kernel
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" --runner "$KMB_BIN" --out "$out" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/kernel_safety.sh" >"$TMP/log"
	cat "$TMP/log"
	for want in remote_exit=130 hold_exit=130 budget_exit=0 samples_exit=0 headroom_exit=3 \
		impossible_runner_exit=2 impossible_module_exit=2 rcu_runner_exit=2 \
		rcu_module_exit=2 info_exit=0; do
		grep -qx "$want" "$TMP/log" || fail "$kernel: expected $want"
	done
	grep -q "headroom guard" "$out/headroom.err" ||
		fail "$kernel: the headroom refusal does not say why: $(cat "$out/headroom.err")"
	grep -q "no combination of this entry can run: vmalloc may sleep" \
		"$out/impossible-runner.err" ||
		fail "$kernel: runner message: $(cat "$out/impossible-runner.err")"
	grep -q "rejected the case as impossible" "$out/impossible-module.err" ||
		fail "$kernel: module message: $(cat "$out/impossible-module.err")"
	grep -q "case kernel/kfree_rcu/size=8/.*at least 16 bytes" "$out/rcu-runner.err" ||
		fail "$kernel: kfree_rcu runner message: $(cat "$out/rcu-runner.err")"
	grep -q "rejected the case as impossible" "$out/rcu-module.err" ||
		fail "$kernel: kfree_rcu module message: $(cat "$out/rcu-module.err")"
	for f in remote hold budget samples; do
		validate_schema "$out/$f.json"
	done
	"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/kernel_safety.py" "$out"
done
echo "kernel_safety: ok"
