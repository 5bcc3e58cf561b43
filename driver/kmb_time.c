// SPDX-License-Identifier: GPL-2.0
/*
 * The clock of every measurement: the ordered cycle counter, what reading it
 * costs, and the log-linear histogram its samples fall into.
 */
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/sort.h>

#ifdef CONFIG_X86
#include <asm/msr.h>
#else
#include <asm/timex.h>
#endif

#include "kmb_internal.h"

u64 kmb_cycles(void)
{
#ifdef CONFIG_X86
	return rdtsc_ordered();
#else
	u64 c;

	barrier();
	c = get_cycles();
	barrier();
	return c;
#endif
}

static int kmb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * 63 back-to-back pairs: their median is as steady as that of more, and the
 * array stays well inside the 1024-byte frame limit once KASAN has put its
 * redzones around it (127 entries made a 1184-byte frame on a KASAN kernel).
 */
u64 kmb_timer_overhead(void)
{
	u64 d[63];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(d); i++) {
		u64 t0 = kmb_cycles();
		u64 t1 = kmb_cycles();

		d[i] = t1 - t0;
	}
	sort(d, ARRAY_SIZE(d), sizeof(d[0]), kmb_cmp_u64, NULL);
	return d[ARRAY_SIZE(d) / 2];
}

/*
 * A counter that ticks coarsely (TCG advances the TSC in steps) makes any
 * single back-to-back difference a multiple of the step; a long run of
 * reads averages the step out. The best of a few runs drops the ones an
 * interrupt landed in.
 */
#define KMB_READ_RUN	512
#define KMB_READ_ROUNDS	8

u64 kmb_timer_read_cost(void)
{
	u64 best = U64_MAX;
	unsigned int r, i;

	for (r = 0; r < KMB_READ_ROUNDS; r++) {
		u64 c0 = kmb_cycles(), c1;

		for (i = 0; i < KMB_READ_RUN; i++)
			kmb_cycles();
		c1 = kmb_cycles();
		best = min(best, c1 - c0);
	}
	return DIV_ROUND_CLOSEST_ULL(best, KMB_READ_RUN + 1);
}

u32 kmb_hist_bucket(u64 cycles)
{
	unsigned int e, shift;

	if (cycles < KMB_HIST_LINEAR)
		return cycles;
	e = fls64(cycles) - 1;
	if (e >= KMB_HIST_MAX_BITS)
		return KMB_HIST_BUCKETS - 1;
	shift = e - KMB_HIST_SUB_BITS;
	return KMB_HIST_LINEAR + (e - KMB_HIST_SUB_BITS - 1) * KMB_HIST_SUB +
	       (u32)(cycles >> shift) - KMB_HIST_SUB;
}
