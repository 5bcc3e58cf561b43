#include "probe_search.h"

#include <string.h>

/* Runs one attempt and files its outcome; returns false to stop. */
static bool attempt(kmb_try_fn try_fn, void *ctx, uint64_t v, struct kmb_search_result *out)
{
	enum kmb_try t = try_fn(ctx, v);

	out->attempts++;
	switch (t) {
	case KMB_TRY_OK:
		if (!out->have_ok || v > out->largest_ok)
			out->largest_ok = v;
		out->have_ok = true;
		return true;
	case KMB_TRY_FAILED:
	case KMB_TRY_REFUSED:
		if (!out->have_failed || v <= out->smallest_failed) {
			out->smallest_failed = v;
			out->failed_refused = t == KMB_TRY_REFUSED;
		}
		out->have_failed = true;
		return true;
	case KMB_TRY_STOP:
		break;
	}
	out->stopped = true;
	return false;
}

void kmb_search_max(const struct kmb_search_range *r, kmb_try_fn try_fn, void *ctx,
		    struct kmb_search_result *out)
{
	uint64_t g = r->granule ? r->granule : 1, v;

	memset(out, 0, sizeof(*out));
	if (r->max < r->min)
		return;
	/* The ceiling first: when it succeeds there is nothing to search. */
	if (!attempt(try_fn, ctx, r->max, out) || out->have_ok || r->max == r->min)
		return;

	/* Climb by doubling while attempts succeed and stay below the failure. */
	for (v = r->min; v < out->smallest_failed;) {
		uint64_t next = v ? v * 2 : 1;

		if (!attempt(try_fn, ctx, v, out))
			return;
		if (!out->have_ok || out->largest_ok != v)
			break;		/* v failed */
		if (next <= v)
			break;		/* would overflow */
		v = next;
	}
	if (!out->have_ok)
		return;		/* even the smallest value failed */

	/* Bisect: largest_ok succeeded, smallest_failed did not. */
	while (out->smallest_failed - out->largest_ok > g) {
		uint64_t step = (out->smallest_failed - out->largest_ok) / 2 / g * g;

		if (!attempt(try_fn, ctx, out->largest_ok + (step ? step : g), out))
			return;
	}
}

enum kmb_bound_kind kmb_search_bound(const struct kmb_search_result *res,
				     const struct kmb_search_range *r, uint64_t limit)
{
	uint64_t g = r->granule ? r->granule : 1;

	if (res->stopped)
		return KMB_BOUND_INTERRUPTED;
	if (res->have_ok && res->largest_ok + g > limit)
		return KMB_BOUND_LIMIT;
	/* A refusal is the guard speaking, and so is a range cut short of the limit. */
	if (res->have_failed && res->failed_refused)
		return KMB_BOUND_RESERVE;
	if (!res->have_failed && r->max < limit)
		return KMB_BOUND_RESERVE;
	return KMB_BOUND_FAILED;
}
