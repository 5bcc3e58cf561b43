# tests/vm/dma.sh on a kernel that has CMA: linux-source-6.12 with the
# minimal profile and kernels/fragments/cma.config, booted without an area
# and with cma=64M. Without one, the CMA cases are exit 2 naming "no CMA
# area is reserved"; with it, dma_alloc_coherent_cma runs every case above
# the buddy allocator's largest block with finite figures, and the probe
# finds it grants the whole area with either mask. Skipped while the
# kernel cache holds no such build (KMB_BUILD_KERNELS=1 builds it).
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"

k=$(cma_kernel)
note "tests/vm/dma.sh on $k"
KMB_TEST_KERNELS=$k bash "$KMB_SOURCE_DIR/tests/vm/dma.sh"
