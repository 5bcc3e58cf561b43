/*
 * The search behind `kmembench probe`: the largest value for which an
 * attempt succeeds, and the smallest for which it fails. Pure: the attempt
 * is a callback, so the search is tested without a kernel.
 */
#ifndef KMB_PROBE_SEARCH_H
#define KMB_PROBE_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

enum kmb_try {
	KMB_TRY_OK,		/* the allocation succeeded */
	KMB_TRY_FAILED,		/* it failed */
	KMB_TRY_REFUSED,	/* not attempted: over the module's guard */
	KMB_TRY_STOP,		/* stop searching (signal or error) */
};

/* One attempt at @value; @ctx is the caller's. */
typedef enum kmb_try (*kmb_try_fn)(void *ctx, uint64_t value);

/*
 * The values to search: [min, max], and the resolution the answer needs
 * (1 byte, one page, one order). Values are bytes or page orders alike.
 */
struct kmb_search_range {
	uint64_t min, max, granule;
};

struct kmb_search_result {
	bool have_ok;			/* some value succeeded */
	uint64_t largest_ok;
	bool have_failed;		/* some value failed or was refused */
	uint64_t smallest_failed;
	bool failed_refused;		/* ... and it was refused, not tried */
	unsigned int attempts;		/* calls of the attempt function */
	bool stopped;			/* the attempt function said stop */
};

/*
 * kmb_search_max() - find the largest value in @r that succeeds
 *
 * Tries @r->max first: when the top of the range succeeds (a vmalloc under
 * its memory cap, say) one attempt settles it. Otherwise it climbs from
 * @r->min by doubling until an attempt fails, then bisects between the
 * last success and the first failure until they are @r->granule apart.
 * Success is assumed to be monotonic in the value, which holds for the
 * allocators up to the noise of other activity.
 *
 * On return @out->largest_ok and @out->smallest_failed bracket the answer
 * (either may be missing: nothing succeeded, or nothing in range failed).
 */
void kmb_search_max(const struct kmb_search_range *r, kmb_try_fn try_fn, void *ctx,
		    struct kmb_search_result *out);

/* Which limit a search ran into, as far as the search alone can tell. */
enum kmb_bound_kind {
	KMB_BOUND_LIMIT,	/* the API's own limit (KMALLOC_MAX_SIZE, ...) */
	KMB_BOUND_RESERVE,	/* the module's memory guard stopped the range */
	KMB_BOUND_FAILED,	/* an allocation below both failed */
	KMB_BOUND_INTERRUPTED,	/* the search did not finish */
};

/*
 * kmb_search_bound() - name what bound a finished search
 * @res: its result
 * @r: the range it searched
 * @limit: the API's own limit; reaching it within @r->granule counts
 */
enum kmb_bound_kind kmb_search_bound(const struct kmb_search_result *res,
				     const struct kmb_search_range *r, uint64_t limit);

#endif
