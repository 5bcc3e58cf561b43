// SPDX-License-Identifier: GPL-2.0
/*
 * The clock of every measurement: the ordered cycle counter, its rate, what
 * reading it costs, and the log-linear histogram its samples fall into.
 */
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sort.h>

#include "kmb_internal.h"

static u64 kmb_cycles_per_sec;

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

u64 kmb_cycles_rate(void)
{
	return kmb_cycles_per_sec;
}

/**
 * kmb_time_init() - measure the cycle counter's rate against ktime
 *
 * For INFO and the length of a chunk; runs measure their own rate.
 * Sleeps about 10 ms.
 */
void kmb_time_init(void)
{
	u64 t0 = ktime_get_ns(), c0 = kmb_cycles(), dt;

	usleep_range(10000, 11000);
	dt = ktime_get_ns() - t0;
	if (dt)
		kmb_cycles_per_sec = div64_u64((kmb_cycles() - c0) * NSEC_PER_SEC,
					       dt);
}
