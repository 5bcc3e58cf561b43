#include "khist.h"

#include <math.h>

#include "kmembench.h"

uint32_t kmb_hist_index(uint64_t cycles)
{
	unsigned int e;

	if (cycles < KMB_HIST_LINEAR)
		return (uint32_t)cycles;
	e = 63 - (unsigned int)__builtin_clzll(cycles);
	if (e >= KMB_HIST_MAX_BITS)
		return KMB_HIST_BUCKETS - 1;
	return KMB_HIST_LINEAR + (e - KMB_HIST_SUB_BITS - 1) * KMB_HIST_SUB +
	       (uint32_t)(cycles >> (e - KMB_HIST_SUB_BITS)) - KMB_HIST_SUB;
}

void kmb_hist_bounds(uint32_t i, double *lo, double *width)
{
	uint32_t k, shift;

	if (i < KMB_HIST_LINEAR) {
		*lo = i;
		*width = 1;
		return;
	}
	k = i - KMB_HIST_LINEAR;
	shift = k / KMB_HIST_SUB + 1;
	*lo = ldexp(KMB_HIST_SUB + k % KMB_HIST_SUB, (int)shift);
	*width = ldexp(1, (int)shift);
}

size_t kmb_hist_quantiles(const uint64_t *counts, uint64_t min, uint64_t max, double *out,
			  size_t m)
{
	double total = 0, cum = 0;
	uint32_t b = 0;

	for (uint32_t i = 0; i < KMB_HIST_BUCKETS; i++)
		total += (double)counts[i];
	if (total == 0 || m == 0)
		return 0;
	for (size_t j = 0; j < m; j++) {
		double q = ((double)j + 0.5) / (double)m * total, lo, width, v;

		while (b < KMB_HIST_BUCKETS - 1 && cum + (double)counts[b] < q)
			cum += (double)counts[b++];
		kmb_hist_bounds(b, &lo, &width);
		/* Values in a linear bucket are all the same integer. */
		v = b < KMB_HIST_LINEAR || !counts[b] ? lo :
		    lo + (q - cum) / (double)counts[b] * width;
		out[j] = fmin(fmax(v, (double)min), (double)max);
	}
	if (m > 1) {
		out[0] = (double)min;
		out[m - 1] = (double)max;
	}
	return m;
}
