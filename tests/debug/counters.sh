# tests/vm/counters.sh on the debug kernel, which has CONFIG_SLUB_STATS:
# every kmalloc case's SLUB counters are there, and alloc_fastpath +
# alloc_slowpath count at least the case's operations.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"

export KMB_EXPECT_SLUB_STATS=1
on_debug_kernel counters
