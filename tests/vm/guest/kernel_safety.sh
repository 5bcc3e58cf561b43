# Guest side of tests/vm/kernel_safety.sh (busybox sh, module loaded): each
# step prints NAME_exit=STATUS; result files stay in the working folder.
suite() {
	printf '{"schema": "kmembench-suite/1", "name": "%s", "repetitions": 1,\n "kernel": [%s]}\n' \
		"$1" "$2" >"$1.suite"
}

# Objects in flight between two threads when SIGINT comes (remote-free), and
# a set held by each thread (hold, vmalloc): all must be freed.
suite remote '{"api": "kmalloc", "sizes": 4096, "pattern": "remote-free", "threads": 2,
  "batch": 512, "iterations": 10000000, "warmup": 0, "budget_ms": 120000}'
suite hold '{"api": "vmalloc", "sizes": "16K", "pattern": "hold", "threads": 2,
  "batch": 256, "iterations": 10000000, "warmup": 0, "budget_ms": 120000}'
for name in remote hold; do
	kmembench run --suite $name.suite -o $name.json -q 2>$name.err &
	pid=$!
	sleep 1
	# Seconds since boot (10 ms steps): from the signal to the runner gone.
	read -r t_kill _ </proc/uptime
	kill -INT $pid
	wait $pid
	rc=$?
	read -r t_done _ </proc/uptime
	echo "${name}_exit=$rc"
	echo "$t_kill $t_done" >$name.stop
done

# More operations than the sample buffers hold, stopped by the budget: the
# histogram describes them.
suite budget '{"api": "kmalloc", "sizes": 64, "threads": 2, "iterations": 10000000,
  "warmup": 0, "budget_ms": 300}'
kmembench run --suite budget.suite -o budget.json -q 2>budget.err
echo "budget_exit=$?"

# Ask for a sample buffer of every operation: the module keeps to 64 MiB.
suite samples '{"api": "kmalloc", "sizes": 64, "threads": 2, "iterations": 10000000,
  "warmup": 0, "budget_ms": 300}'
KMB_SAMPLES_CAP=10000000 kmembench run --suite samples.suite -o samples.json -q \
	2>samples.err
echo "samples_exit=$?"

# 64 x 64 MiB held: far above a quarter of this guest's memory.
suite headroom '{"api": "vmalloc", "sizes": "64M", "pattern": "hold", "batch": 64,
  "iterations": 10, "warmup": 0}'
kmembench run --suite headroom.suite -o headroom.json -q 2>headroom.err
echo "headroom_exit=$?"

# Sleeping allocations with interrupts off: the runner refuses the entry, and
# the module refuses the cases when the runner sends them anyway.
suite impossible '{"api": ["vmalloc", "kmalloc"], "sizes": 4096, "gfp": "KERNEL",
  "ctx": "irq-off"}'
kmembench run --suite impossible.suite -o impossible.json -q 2>impossible-runner.err
echo "impossible_runner_exit=$?"
kmembench run --unchecked --suite impossible.suite -o impossible.json -q \
	2>impossible-module.err
echo "impossible_module_exit=$?"

# kfree_rcu's objects hold an rcu_head: an 8-byte size is refused by the
# runner when it expands the suite, naming the case, and by the module when
# the runner sends it anyway.
suite rcu '{"api": "kfree_rcu", "sizes": 8}'
kmembench run --suite rcu.suite -o rcu.json -q 2>rcu-runner.err
echo "rcu_runner_exit=$?"
kmembench run --unchecked --suite rcu.suite -o rcu.json -q 2>rcu-module.err
echo "rcu_module_exit=$?"

kmembench info --require-module -o after.json
echo "info_exit=$?"
