/*
 * fault-populate: what it costs to get a range's pages in one go against
 * taking one fault per page. Each iteration times, per page of the range:
 * mmap(MAP_POPULATE); mmap then one write per page; and, where the kernel
 * has it (5.14+), mmap then madvise(MADV_POPULATE_WRITE). The order of the
 * three rotates between iterations.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "wl_lib.h"
#include "workload.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

enum populate_method {
	POPULATE_MAP,		/* mmap(MAP_POPULATE) */
	POPULATE_TOUCH,		/* mmap, then a write per page */
	POPULATE_MADVISE,	/* mmap, then MADV_POPULATE_WRITE */
	POPULATE_NR,
};

static const char *const populate_phase[POPULATE_NR] = {
	[POPULATE_MAP] = "map_populate",
	[POPULATE_TOUCH] = "touch",
	[POPULATE_MADVISE] = "madv_populate_write",
};

static const struct kmb_dim populate_dims[] = {
	{ "sizes", "size", KMB_DIM_SIZES, NULL, "64M", 4096, 1ULL << 36 },
	{ 0 },
};

static const struct kmb_setting populate_settings[] = {
	{ "iterations", KMB_SETTING_UINT, 4, 1, 100000, NULL },
	{ 0 },
};

struct populate_run {
	struct kmb_samples s[POPULATE_NR];
	double wall[POPULATE_NR];
	uint64_t pages[POPULATE_NR];
	bool madvise_missing;
};

/* One timed population of a fresh range; the mapping is the same for all. */
static int populate_once(struct kmb_bench_case *c, struct populate_run *r,
			 enum populate_method m, size_t size, struct kmb_err *err)
{
	struct kmb_faults before, after;
	size_t pages = size / kmb_page_size();
	uint64_t t0, t1;
	char *p;
	int e = 0;

	kmb_faults_now(&before);
	t0 = kmb_now_ns();
	p = kmb_map_anon(size, kmb_page_size(), m == POPULATE_MAP ? MAP_POPULATE : 0);
	if (p && m == POPULATE_TOUCH)
		kmb_touch(p, size, true);
	else if (p && m == POPULATE_MADVISE && madvise(p, size, MADV_POPULATE_WRITE))
		e = errno;
	t1 = kmb_now_ns();
	kmb_faults_now(&after);
	if (!p)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: mmap of %zu bytes: %s", c->id, size,
				strerror(errno));
	munmap(p, size);
	if (e == EINVAL) {
		r->madvise_missing = true;
		return 0;
	}
	if (e)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: madvise(MADV_POPULATE_WRITE): %s", c->id,
				strerror(e));
	kmb_samples_push(&r->s[m], (double)(t1 - t0) / (double)pages);
	r->wall[m] += (double)(t1 - t0);
	r->pages[m] += pages;
	kmb_faults_note(c, populate_phase[m], pages, &before, &after, (double)(t1 - t0));
	return 0;
}

static int populate_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx,
			    struct kmb_err *err)
{
	size_t page = kmb_page_size();
	size_t size = (kmb_param_uint(c, "size") + page - 1) / page * page;
	uint64_t iterations = kmb_param_uint(c, "iterations");
	struct populate_run r;
	int ret = 0;

	memset(&r, 0, sizeof(r));
	for (int m = 0; m < POPULATE_NR; m++)
		if (kmb_samples_init(&r.s[m], iterations)) {
			ret = kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory", c->id);
			goto out;
		}
	for (uint64_t i = 0; i < iterations && !*ctx->stop && !ret; i++)
		for (int k = 0; k < POPULATE_NR && !ret; k++) {
			enum populate_method m = (enum populate_method)((i + (uint64_t)k) %
									POPULATE_NR);

			if (m == POPULATE_MADVISE && r.madvise_missing)
				continue;
			ret = populate_once(c, &r, m, size, err);
		}
	for (int m = 0; m < POPULATE_NR && !ret; m++)
		if (r.s[m].n)
			ret = kmb_record(c, populate_phase[m], "ns/page", &r.s[m], r.pages[m], 0,
					 r.wall[m], err);
	json_object_set_new(c->extra, "madv_populate_write",
			    json_string(r.madvise_missing ? "unsupported by this kernel" :
					"supported"));
	json_object_set_new(c->extra, "thp", kmb_thp_json());
	if (*ctx->stop)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
out:
	for (int m = 0; m < POPULATE_NR; m++)
		kmb_samples_free(&r.s[m]);
	return ret;
}

const struct kmb_workload kmb_workload_fault_populate = {
	.name = "fault-populate",
	.dims = populate_dims,
	.settings = populate_settings,
	.run_rep = populate_run_rep,
};
