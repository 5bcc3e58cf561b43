/*
 * The module's log-linear histogram of per-operation cycles
 * (KMB_HIST_BUCKETS in driver/uapi/kmembench.h), read back: a phase with
 * more operations than the sample buffer holds is described by it.
 */
#ifndef KMB_KHIST_H
#define KMB_KHIST_H

#include <stddef.h>
#include <stdint.h>

/* The bucket of @cycles, as the module computes it. */
uint32_t kmb_hist_index(uint64_t cycles);

/* Bucket @i covers [*lo, *lo + *width) cycles. */
void kmb_hist_bounds(uint32_t i, double *lo, double *width);

/*
 * Writes @m values (cycles, ascending) at the quantiles (j + 0.5) / m of the
 * distribution in @counts (KMB_HIST_BUCKETS of them), interpolating inside
 * each bucket; the first and last are the exact @min and @max. Returns the
 * values written: @m, or 0 when the histogram is empty.
 */
size_t kmb_hist_quantiles(const uint64_t *counts, uint64_t min, uint64_t max, double *out,
			  size_t m);

#endif
