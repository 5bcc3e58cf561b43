# tests/vm/irq_context.sh on the debug kernel (KASAN, KFENCE, SLUB_DEBUG_ON,
# DEBUG_VM, lockdep, DEBUG_ATOMIC_SLEEP, kmemleak), with a kmemleak scan
# after each boot: nothing the interrupts run may sleep, take a lock the
# wrong way or leak.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"
# The case is given 5 s to start before the signal, as in interrupt.sh.
export KMB_IRQ_WAIT_S=${KMB_IRQ_WAIT_S:-5}
on_debug_kernel irq_context
