# tests/vm/probe.sh on the debug kernel (KASAN, KFENCE, SLUB_DEBUG_ON,
# DEBUG_VM, lockdep, kmemleak), with a kmemleak scan after each boot.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"
on_debug_kernel probe
