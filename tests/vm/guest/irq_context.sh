# Guest side of tests/vm/irq_context.sh (busybox sh, module loaded): each
# step prints NAME_exit=STATUS; result files stay in the working folder.
suite() {
	printf '{"schema": "kmembench-suite/1", "name": "%s", "repetitions": 2,\n "kernel": [%s]}\n' \
		"$1" "$2" >"$1.suite"
}

# kmalloc(64) in every context, and the other APIs and patterns that may
# run in an interrupt: each chunk of operations inside an irq_work or a
# tasklet on the thread's CPU. --amortised runs every repetition twice, so
# both timing modes' interrupt paths run.
suite irq '{"api": "kmalloc", "sizes": 64, "gfp": ["ATOMIC", "NOWAIT"],
  "ctx": ["process", "irq-off", "softirq", "hardirq"], "pattern": ["pair", "batch"],
  "batch": 64, "iterations": 1000, "warmup": 100},
 {"api": "alloc_pages", "orders": [0, 2], "gfp": "ATOMIC", "ctx": ["softirq", "hardirq"],
  "iterations": 256, "warmup": 32},
 {"api": "kmem_cache_bulk", "sizes": 64, "gfp": "ATOMIC", "ctx": "softirq", "batch": 16,
  "iterations": 256, "warmup": 32},
 {"api": "kmalloc", "sizes": 256, "gfp": "ATOMIC+ACCOUNT", "ctx": "hardirq",
  "pattern": "remote-free", "threads": 2, "batch": 32, "iterations": 512, "warmup": 64},
 {"api": "krealloc", "sizes": 64, "size_max": 1024, "gfp": "NOWAIT", "ctx": "softirq",
  "pattern": "hold", "batch": 16, "iterations": 256, "warmup": 32},
 {"api": "kvmalloc", "sizes": 512, "gfp": "NOWAIT+ZERO", "ctx": "hardirq",
  "pattern": "random-free", "batch": 32, "iterations": 512, "warmup": 64}'
kmembench run --suite irq.suite -o irq.json -q --amortised 2>irq.err
echo "irq_exit=$?"

# SIGINT while two threads' hard interrupts hold objects in flight: the case
# stops, everything is freed.
suite stop '{"api": "kmalloc", "sizes": 4096, "gfp": "ATOMIC", "ctx": "hardirq",
  "pattern": "remote-free", "threads": 2, "batch": 256, "iterations": 10000000,
  "warmup": 0, "budget_ms": 120000}'
kmembench run --suite stop.suite -o stop.json -q 2>stop.err &
pid=$!
sleep "${1:-1}"
kill -INT $pid
wait $pid
echo "stop_exit=$?"

# A sleeping set, a sleeping API, and a call that turns interrupts back on,
# in an interrupt: the runner refuses each entry, and the module each case
# when the runner sends it anyway.
n=0
for entry in '{"api": "kmalloc", "sizes": 64, "gfp": "KERNEL", "ctx": "hardirq"}' \
	'{"api": "kmalloc", "sizes": 64, "gfp": "NOFS", "ctx": "softirq"}' \
	'{"api": "vmalloc", "sizes": 4096, "ctx": "softirq"}' \
	'{"api": "__vmalloc", "sizes": 4096, "gfp": "ATOMIC", "ctx": "hardirq"}' \
	'{"api": "kmem_cache_bulk", "sizes": 64, "gfp": "ATOMIC", "ctx": "hardirq"}'; do
	n=$((n + 1))
	suite bad$n "$entry"
	kmembench run --suite bad$n.suite -o bad$n-runner.json -q 2>bad$n-runner.err
	echo "bad${n}_runner_exit=$?"
	kmembench run --unchecked --suite bad$n.suite -o bad$n.json -q 2>bad$n-module.err
	echo "bad${n}_module_exit=$?"
done

# The module's check of its context can fail: with ctx_spoil set every
# interrupt takes itself for one elsewhere, runs nothing, and the case
# fails (EPROTO); the process-context case beside it runs.
suite spoil '{"api": "kmalloc", "sizes": 64, "gfp": "ATOMIC", "ctx": ["process", "softirq", "hardirq"],
  "iterations": 100, "warmup": 10}'
echo 1 >/sys/module/kmembench/parameters/ctx_spoil
kmembench run --suite spoil.suite -o spoil.json -q 2>spoil.err
echo "spoil_exit=$?"
echo 0 >/sys/module/kmembench/parameters/ctx_spoil

kmembench info --require-module -o after.json
echo "info_exit=$?"
dmesg >dmesg.txt
