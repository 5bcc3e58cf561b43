# tests/vm/ioctl_fuzz.sh on the debug kernel (KASAN, KFENCE, SLUB_DEBUG_ON,
# DEBUG_VM, lockdep, kmemleak), with a kmemleak scan afterwards. 100,000
# requests here (KMB_IOCTL_FUZZ_REQUESTS overrides; a million take about
# 5 minutes on that kernel under TCG, run by hand), seed 1 unless
# KMB_IOCTL_FUZZ_SEED says otherwise; the fuzzer prints both.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"
export KMB_IOCTL_FUZZ_REQUESTS=${KMB_IOCTL_FUZZ_REQUESTS:-100000}
on_debug_kernel ioctl_fuzz
