# Guest side of tests/vm/pressure.sh (busybox sh, module loaded): a small
# kernel suite of ATOMIC, NOWAIT and KERNEL cases under --pressure 90, then
# the module's live counters. Prints NAME_exit=STATUS per step.
cat >pressure.suite <<'JSON'
{"schema": "kmembench-suite/1", "name": "pressure", "repetitions": 2, "seed": 3,
 "kernel": [
  {"api": "kmalloc", "sizes": [64, "4K", "32K"], "gfp": ["ATOMIC", "NOWAIT", "KERNEL"],
   "pattern": "batch", "batch": 256, "iterations": 2048, "warmup": 0, "budget_ms": 3000},
  {"api": "alloc_pages", "orders": [0, 4, 9], "gfp": ["ATOMIC", "NOWAIT", "KERNEL"],
   "pattern": "batch", "batch": 4, "iterations": 256, "warmup": 0, "budget_ms": 3000},
  {"api": "alloc_pages", "orders": 10, "gfp": ["ATOMIC", "NOWAIT", "KERNEL+NORETRY"],
   "pattern": "batch", "batch": 2, "iterations": 128, "warmup": 0, "budget_ms": 3000},
  {"api": "kmalloc", "sizes": "4K", "gfp": ["ATOMIC", "NOWAIT"], "ctx": "irq-off",
   "iterations": 2048, "warmup": 0, "budget_ms": 3000}
 ]}
JSON
grep -E 'MemTotal|MemAvailable' /proc/meminfo
kmembench run --suite pressure.suite --pressure 90 -o pressure.json -q 2>pressure.err
echo "run_exit=$?"
cat pressure.err
grep -E 'MemAvailable' /proc/meminfo
# the hog is gone: only this shell's own processes are left
# shellcheck disable=SC2009 # busybox ps, no pgrep in the guest
ps | grep -c '[k]membench run' | sed 's/^/hog_left=/'
kmembench info --require-module -o after.json
echo "info_exit=$?"
