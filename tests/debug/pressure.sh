# tests/vm/pressure.sh on the debug kernel (KASAN, KFENCE, SLUB_DEBUG_ON,
# DEBUG_VM, lockdep, kmemleak), with a kmemleak scan after each boot.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"
# 1.5 GiB guests, not 1 GiB: KASAN's shadow takes an eighth of RAM and its
# quarantine holds freed memory, so a 1 GiB guest under 90 % pressure has
# too little left for the cases' own buffers (measured: 71 MiB available,
# two cases refused by the headroom guard).
export KMB_PRESSURE_MEM=${KMB_PRESSURE_MEM:-1536M}
on_debug_kernel pressure
