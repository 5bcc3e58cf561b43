/* The max-size search and its bound, against fake allocators. */
#include <stdint.h>

#include "check.h"
#include "probe_search.h"

/* A fake allocator: succeeds up to @threshold, refuses above @refuse_above. */
struct fake {
	uint64_t threshold;
	uint64_t refuse_above;	/* 0: never refuses */
	unsigned int stop_after; /* 0: never stops */
	unsigned int calls;
	uint64_t min_seen, max_seen;
};

static enum kmb_try fake_try(void *ctx, uint64_t v)
{
	struct fake *f = ctx;

	if (f->calls == 0 || v < f->min_seen)
		f->min_seen = v;
	if (v > f->max_seen)
		f->max_seen = v;
	f->calls++;
	if (f->stop_after && f->calls > f->stop_after)
		return KMB_TRY_STOP;
	if (f->refuse_above && v > f->refuse_above)
		return KMB_TRY_REFUSED;
	return v <= f->threshold ? KMB_TRY_OK : KMB_TRY_FAILED;
}

static void search(struct fake *f, uint64_t min, uint64_t max, uint64_t g,
		   struct kmb_search_result *res)
{
	struct kmb_search_range r = { min, max, g };

	kmb_search_max(&r, fake_try, f, res);
	CHECK(res->attempts == f->calls);
}

/* kmalloc: 4 MiB is the limit, the range ends one byte past it. */
static void test_kmalloc(void)
{
	struct fake f = { .threshold = 4194304 };
	struct kmb_search_range r = { 1, 4194305, 1 };
	struct kmb_search_result res;

	search(&f, r.min, r.max, r.granule, &res);
	CHECK(res.have_ok && res.largest_ok == 4194304);
	CHECK(res.have_failed && res.smallest_failed == 4194305 && !res.failed_refused);
	CHECK(res.attempts <= 30);
	CHECK(f.max_seen == 4194305 && f.min_seen == 1);
	CHECK(kmb_search_bound(&res, &r, 4194304) == KMB_BOUND_LIMIT);
}

/* Page orders 0..10, the range ending at 11. */
static void test_orders(void)
{
	struct fake f = { .threshold = 10 };
	struct kmb_search_range r = { 0, 11, 1 };
	struct kmb_search_result res;

	search(&f, r.min, r.max, r.granule, &res);
	CHECK(res.largest_ok == 10 && res.smallest_failed == 11);
	CHECK(res.attempts == 8);	/* 11, 0, 1, 2, 4, 8, 9, 10 */
	CHECK(kmb_search_bound(&res, &r, 10) == KMB_BOUND_LIMIT);

	/* fragmented: only up to order 3 */
	f = (struct fake){ .threshold = 3 };
	search(&f, r.min, r.max, r.granule, &res);
	CHECK(res.largest_ok == 3 && res.smallest_failed == 4);
	CHECK(kmb_search_bound(&res, &r, 10) == KMB_BOUND_FAILED);
}

/* vmalloc under its memory cap: the top of the range succeeds at once. */
static void test_capped(void)
{
	struct fake f = { .threshold = UINT64_MAX };
	struct kmb_search_range r = { 4096, 700ULL << 20, 4096 };
	struct kmb_search_result res;

	search(&f, r.min, r.max, r.granule, &res);
	CHECK(res.attempts == 1 && res.largest_ok == r.max && !res.have_failed);
	CHECK(kmb_search_bound(&res, &r, 1ULL << 30) == KMB_BOUND_RESERVE);
	/* ... but a range that reaches the limit is bound by the limit */
	CHECK(kmb_search_bound(&res, &r, 700ULL << 20) == KMB_BOUND_LIMIT);
}

/* A refusal at the top (available memory moved) still names the guard. */
static void test_refused(void)
{
	struct fake f = { .threshold = UINT64_MAX, .refuse_above = 600ULL << 20 };
	struct kmb_search_range r = { 4096, 700ULL << 20, 4096 };
	struct kmb_search_result res;

	search(&f, r.min, r.max, r.granule, &res);
	CHECK(res.largest_ok == 600ULL << 20);
	CHECK(res.smallest_failed - res.largest_ok <= 4096 && res.failed_refused);
	CHECK(kmb_search_bound(&res, &r, 1ULL << 30) == KMB_BOUND_RESERVE);
}

/* Any threshold and granule: the answer brackets it to one granule. */
static void test_brackets(void)
{
	static const uint64_t thresholds[] = { 1, 2, 3, 7, 4095, 4096, 4097, 32768, 32769,
					       123456789, 199999999, 200000000 };
	static const uint64_t granules[] = { 1, 8, 4096 };

	for (size_t g = 0; g < sizeof(granules) / sizeof(granules[0]); g++) {
		for (size_t t = 0; t < sizeof(thresholds) / sizeof(thresholds[0]); t++) {
			uint64_t gr = granules[g], th = thresholds[t];
			struct fake f = { .threshold = th };
			struct kmb_search_range r = { gr, 200000000 / gr * gr, gr };
			struct kmb_search_result res;

			search(&f, r.min, r.max, r.granule, &res);
			if (th < gr) {
				CHECK(!res.have_ok && res.smallest_failed == gr);
				continue;
			}
			CHECK(res.have_ok && res.largest_ok <= th);
			CHECK(res.largest_ok % gr == 0);
			if (th >= r.max) {
				CHECK(res.largest_ok == r.max && !res.have_failed);
				continue;
			}
			CHECK(res.have_failed && res.smallest_failed > th);
			CHECK(res.smallest_failed - res.largest_ok <= gr);
			CHECK(res.attempts <= 2 * 64);
		}
	}
}

static void test_edges(void)
{
	struct fake f = { .threshold = 0 };
	struct kmb_search_range r = { 1, 4194305, 1 };
	struct kmb_search_result res;

	/* nothing succeeds */
	search(&f, r.min, r.max, r.granule, &res);
	CHECK(!res.have_ok && res.smallest_failed == 1 && res.attempts == 2);
	CHECK(kmb_search_bound(&res, &r, 4194304) == KMB_BOUND_FAILED);

	/* an empty range tries nothing and is the guard's doing */
	f = (struct fake){ .threshold = 100 };
	r = (struct kmb_search_range){ 4096, 0, 4096 };
	search(&f, r.min, r.max, r.granule, &res);
	CHECK(res.attempts == 0 && !res.have_ok && !res.have_failed);
	CHECK(kmb_search_bound(&res, &r, 1ULL << 30) == KMB_BOUND_RESERVE);

	/* a one-value range */
	f = (struct fake){ .threshold = 100 };
	search(&f, 5, 5, 1, &res);
	CHECK(res.attempts == 1 && res.largest_ok == 5);

	/* stopping: the search ends at once and says so */
	f = (struct fake){ .threshold = 4194304, .stop_after = 5 };
	r = (struct kmb_search_range){ 1, 4194305, 1 };
	search(&f, r.min, r.max, r.granule, &res);
	CHECK(res.stopped && res.attempts == 6);
	CHECK(kmb_search_bound(&res, &r, 4194304) == KMB_BOUND_INTERRUPTED);

	/* a zero granule is taken as 1 */
	f = (struct fake){ .threshold = 77 };
	search(&f, 1, 1000, 0, &res);
	CHECK(res.largest_ok == 77 && res.smallest_failed == 78);

	/* values near the top of the type do not overflow the doubling */
	f = (struct fake){ .threshold = UINT64_MAX - 1 };
	search(&f, 1, UINT64_MAX, 1, &res);
	CHECK(res.largest_ok == UINT64_MAX - 1 && res.smallest_failed == UINT64_MAX);
}

int main(void)
{
	test_kmalloc();
	test_orders();
	test_capped();
	test_refused();
	test_brackets();
	test_edges();
	return kmb_check_done("test_probe_search");
}
