# Guest side of tests/vm/ioctl_fuzz.sh (busybox sh, module loaded): the
# fuzzer with the given request count and seed, then the module's live
# counters as kmembench sees them. Prints NAME_exit=STATUS per step.
kmembench-ioctl-fuzz -n "$1" -s "$2" >fuzz.log 2>fuzz.err
echo "fuzz_exit=$?"
cat fuzz.log
kmembench info --require-module -o after.json
echo "info_exit=$?"
