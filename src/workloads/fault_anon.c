/*
 * fault-anon: first-touch faults on private anonymous memory, one timed
 * touch per page. "write" takes a fault that allocates and zeroes a page;
 * "read-then-write" first maps the shared zero page by reading, then pays a
 * copy-on-write fault per page. The thp dimension compares huge and base
 * pages on the same aligned range.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "wl_lib.h"
#include "workload.h"

static const char *const anon_modes[] = { "write", "read-then-write", NULL };

static const struct kmb_dim anon_dims[] = {
	{ "mode", "mode", KMB_DIM_NAMES, anon_modes, "write", 0, 0 },
	{ "sizes", "size", KMB_DIM_SIZES, NULL, "64M", 4096, 1ULL << 36 },
	{ "thp", "thp", KMB_DIM_NAMES, kmb_thp_advice_names, "nohuge", 0, 0 },
	{ 0 },
};

static const struct kmb_setting anon_settings[] = {
	/* Fresh mappings per repetition, each touched page by page. */
	{ "iterations", KMB_SETTING_UINT, 1, 1, 100000, NULL },
	{ 0 },
};

struct anon_run {
	struct kmb_samples read, write;
	int64_t huge_bytes;
};

/* One mapping: map, advise, touch (reading first if asked), unmap. */
static int anon_once(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct anon_run *r,
		     size_t size, bool read_first, struct kmb_err *err)
{
	enum kmb_thp_advice advice = kmb_thp_advice_of(c);
	struct kmb_faults before, after;
	char *p = kmb_map_anon(size, kmb_thp_align(advice), 0);
	size_t pages;
	double ns;

	if (!p)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: mmap of %zu bytes: %s", c->id, size,
				strerror(errno));
	if (kmb_thp_apply(p, size, advice)) {
		int e = errno;

		munmap(p, size);
		return kmb_fail(err, KMB_EXIT_ENV, "%s: madvise(%s): %s", c->id,
				kmb_param_str(c, "thp"), strerror(e));
	}
	if (read_first) {
		kmb_faults_now(&before);
		pages = kmb_touch_timed(p, size, false, &r->read, ctx->stop, &ns);
		kmb_faults_now(&after);
		kmb_faults_note(c, "read", pages, &before, &after, ns);
	}
	kmb_faults_now(&before);
	pages = kmb_touch_timed(p, size, true, &r->write, ctx->stop, &ns);
	kmb_faults_now(&after);
	kmb_faults_note(c, "write", pages, &before, &after, ns);
	r->huge_bytes = kmb_anon_huge_bytes(p);
	munmap(p, size);
	return 0;
}

static int anon_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	size_t page = kmb_page_size();
	size_t size = (kmb_param_uint(c, "size") + page - 1) / page * page;
	uint64_t iterations = kmb_param_uint(c, "iterations");
	bool read_first = kmb_param_is(c, "mode", "read-then-write");
	struct anon_run r = { .huge_bytes = -1 };
	char why[256];
	int ret = 0;

	if (!kmb_thp_usable(kmb_thp_advice_of(c), why, sizeof(why))) {
		kmb_case_skip(c, "%s", why);
		return 0;
	}
	if (kmb_samples_init(&r.write, size / page * iterations) ||
	    (read_first && kmb_samples_init(&r.read, size / page * iterations))) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
		goto out;
	}
	for (uint64_t i = 0; i < iterations && !*ctx->stop && !ret; i++)
		ret = anon_once(c, ctx, &r, size, read_first, err);
	if (ret)
		goto out;
	if (read_first && (ret = kmb_record(c, "read", "ns", &r.read, r.read.n, 0, 0, err)))
		goto out;
	ret = kmb_record(c, "write", "ns", &r.write, r.write.n, 0, 0, err);
	json_object_set_new(c->extra, "thp", kmb_thp_json());
	json_object_set_new(c->extra, "anon_huge_bytes",
			    r.huge_bytes < 0 ? json_null() : json_integer(r.huge_bytes));
	json_object_set_new(c->extra, "clock", kmb_clock_json());
	if (*ctx->stop)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
out:
	kmb_samples_free(&r.read);
	kmb_samples_free(&r.write);
	return ret;
}

const struct kmb_workload kmb_workload_fault_anon = {
	.name = "fault-anon",
	.dims = anon_dims,
	.settings = anon_settings,
	.run_rep = anon_run_rep,
};
