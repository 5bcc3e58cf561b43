# GFP_ATOMIC and GFP_NOWAIT cases in real interrupt context on both default
# kernels (KMB_IRQ_CLOCK: the clock, time by default; an instructions boot
# takes several times as long on a loaded host): each chunk of timed operations runs
# in a hard interrupt (irq_work) or a softirq (tasklet) on the thread's own
# CPU, the module confirms every operation ran there, the figures are
# finite, a SIGINT frees what the interrupts held, nothing stays allocated,
# the guest's log is clean (vm-run fails on a WARN, BUG or oops); and a
# sleeping set or API, or a call that turns interrupts back on, is refused
# with exit 2 by the runner (naming the case and the reason) and by the
# module; with the module's ctx_spoil knob set, the interrupt cases fail
# (exit 3, naming the case) while a process one runs.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in "${TEST_KERNELS[@]}"; do
	need_kernel "$kernel"
done
for kernel in "${TEST_KERNELS[@]}"; do
	out=$TMP/$kernel
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" "${VM_ARGS[@]}" --clock "${KMB_IRQ_CLOCK:-time}" \
		--runner "$KMB_BIN" --out "$out" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/irq_context.sh" -- \
		"${KMB_IRQ_WAIT_S:-1}" >"$TMP/log"
	cat "$TMP/log"
	for want in irq_exit=0 stop_exit=130 info_exit=0 spoil_exit=3; do
		grep -qx "$want" "$TMP/log" || fail "$kernel: expected $want: $(cat "$out"/*.err)"
	done
	for n in 1 2 3 4 5; do
		grep -qx "bad${n}_runner_exit=2" "$TMP/log" || fail "$kernel: bad$n: runner exit"
		grep -qx "bad${n}_module_exit=2" "$TMP/log" || fail "$kernel: bad$n: module exit"
		grep -q "rejected the case as impossible" "$out/bad$n-module.err" ||
			fail "$kernel: bad$n: module message: $(cat "$out/bad$n-module.err")"
		[ ! -e "$out/bad$n-runner.json" ] || fail "$kernel: bad$n: the runner wrote a result"
	done
	grep -qF "GFP KERNEL may sleep, so it cannot run in hardirq (use ATOMIC or NOWAIT) (kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=hardirq/threads=1)" \
		"$out/bad1-runner.err" || fail "$kernel: bad1: $(cat "$out/bad1-runner.err")"
	grep -qF "GFP NOFS may sleep, so it cannot run in softirq" "$out/bad2-runner.err" ||
		fail "$kernel: bad2: $(cat "$out/bad2-runner.err")"
	grep -qF "vmalloc may sleep whatever the flags, so it cannot run in softirq (kernel/vmalloc/" \
		"$out/bad3-runner.err" || fail "$kernel: bad3: $(cat "$out/bad3-runner.err")"
	grep -qF "__vmalloc may sleep whatever the flags, so it cannot run in hardirq" \
		"$out/bad4-runner.err" || fail "$kernel: bad4: $(cat "$out/bad4-runner.err")"
	grep -qF "kmem_cache_bulk must not run with interrupts off, as hardirq has them" \
		"$out/bad5-runner.err" || fail "$kernel: bad5: $(cat "$out/bad5-runner.err")"
	for ctx in softirq hardirq; do
		grep -qF "kernel/kmalloc/size=64/gfp=ATOMIC/pattern=pair/ctx=$ctx/threads=1: kmalloc: the module's interrupt ran a chunk outside the $ctx context" \
			"$out/spoil.err" || fail "$kernel: ctx_spoil: no $ctx error: $(cat "$out/spoil.err")"
	done
	validate_schema "$out/irq.json"
	validate_schema "$out/stop.json"
	"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/irq_context.py" "$kernel" "$out" \
		"${KMB_IRQ_CLOCK:-time}"
done
echo "irq_context: ok"
