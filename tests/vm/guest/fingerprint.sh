# Guest side of tests/vm/fingerprint.sh (busybox sh, module loaded): one
# small case, then the kernel's own files the fingerprint is read from, so
# that the host can check it against them. Prints run_exit=STATUS.
kmembench run --suite bench/quick.json --filter 'kernel/kmalloc/size=64/*' -r 3 -q -o run.json
echo "run_exit=$?"
cat /proc/cmdline >cmdline.txt
cat /proc/zoneinfo >zoneinfo.txt
cat /proc/meminfo >meminfo.txt
cat /proc/sys/vm/overcommit_memory >overcommit_memory.txt
cat /sys/kernel/mm/transparent_hugepage/enabled >thp_enabled.txt 2>/dev/null
cat /sys/module/kfence/parameters/sample_interval >kfence_sample_interval.txt 2>/dev/null
true
