# tests/vm/interrupt.sh on the debug kernel (KASAN, KFENCE, SLUB_DEBUG_ON,
# DEBUG_VM, lockdep, kmemleak), with a kmemleak scan after each boot.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"
# The stop is bounded at 1 s here, not 100 ms: every free goes through
# KASAN's quarantine and SLUB's consistency checks (measured: 270 ms on a
# loaded host). What this test is for is the detectors staying silent.
export KMB_INTERRUPT_STOP_MS=${KMB_INTERRUPT_STOP_MS:-1000}
# And the case is given 5 s to start before the signal, not 1: the runner's
# set-up (the module's buffers, calibration) is slower there too, and a
# signal before the case has begun leaves no case to see stopped.
export KMB_INTERRUPT_WAIT_S=${KMB_INTERRUPT_WAIT_S:-5}
on_debug_kernel interrupt
