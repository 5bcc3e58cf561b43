# Guest side of tests/vm/interrupt.sh (busybox sh, module loaded).
# $1: seconds to let the case run before the signal (default 1).
wait_s=${1:-1}
cat >long.json <<'JSON'
{"schema": "kmembench-suite/1", "name": "long", "repetitions": 1,
 "kernel": [{"api": "kmalloc", "sizes": [4096], "iterations": 10000000,
             "warmup": 0, "budget_ms": 120000}]}
JSON
kmembench run --suite long.json -o sigint.json -q &
pid=$!
sleep "$wait_s"
# Seconds since boot, 10 ms resolution: from the signal to the runner gone,
# its partial result written.
read -r t_kill _ </proc/uptime
kill -INT $pid
wait $pid
rc=$?
read -r t_done _ </proc/uptime
echo "sigint_exit=$rc"
echo "sigint_stop_s=$t_kill $t_done"

kmembench run --suite long.json -o sigkill.json -q &
pid=$!
sleep "$wait_s"
kill -KILL $pid
wait $pid
echo "sigkill_exit=$?"
# The device must open again at once, with nothing left allocated.
kmembench info --require-module -o after-kill.json
echo "reopen_exit=$?"
