#include <stdlib.h>

#include "stats.h"
#include "wl_lib.h"

#define KMB_TIMER_PAIRS 1001

json_t *kmb_clock_json(void)
{
	double d[KMB_TIMER_PAIRS];

	for (size_t i = 0; i < KMB_TIMER_PAIRS; i++) {
		uint64_t t0 = kmb_now_ns();

		d[i] = (double)(kmb_now_ns() - t0);
	}
	return json_pack("{s:s, s:f, s:b}", "source", "CLOCK_MONOTONIC",
			 "overhead_ns", kmb_median(d, KMB_TIMER_PAIRS), "subtracted", 0);
}
