/*
 * io_uring: what registering a fixed buffer costs. Registration pins the
 * buffer's pages for the life of the registration, like mlock() does for
 * locking, so each iteration times io_uring_register_buffers() and
 * io_uring_unregister_buffers() of one buffer, and next to them mlock() and
 * munlock() of a range of the same size in the same state (fresh or
 * prefaulted).
 */
#include <errno.h>
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "wl_lib.h"
#include "workload.h"

static const char *const uring_memory[] = { "prefaulted", "fresh", NULL };

static const struct kmb_dim uring_dims[] = {
	{ "memory", "memory", KMB_DIM_NAMES, uring_memory, "prefaulted", 0, 0 },
	/* The kernel takes fixed buffers of up to 1 GiB. */
	{ "sizes", "size", KMB_DIM_SIZES, NULL, "1M", 4096, 1ULL << 30 },
	{ 0 },
};

static const struct kmb_setting uring_settings[] = {
	{ "iterations", KMB_SETTING_UINT, 20, 1, 1000000, NULL },
	{ 0 },
};

enum uring_phase { PH_REGISTER, PH_UNREGISTER, PH_MLOCK, PH_MUNLOCK, PH_NR };

static const char *const uring_phase_names[PH_NR] = {
	[PH_REGISTER] = "register", [PH_UNREGISTER] = "unregister",
	[PH_MLOCK] = "mlock", [PH_MUNLOCK] = "munlock",
};

struct uring_run {
	struct io_uring ring;
	struct kmb_samples s[PH_NR];
	struct kmb_memlock limit;
	bool limited, prefault;
	size_t size;
};

static void unavailable(struct kmb_bench_case *c, int e)
{
	char disabled[32];

	if (kmb_read_text("/proc/sys/kernel/io_uring_disabled", disabled, sizeof(disabled)))
		snprintf(disabled, sizeof(disabled), "absent");
	kmb_case_skip(c, "io_uring is not available: io_uring_setup: %s (kernel.io_uring_disabled"
		      " = %s)", strerror(e), disabled);
}

/* Times one pin and unpin through io_uring (@uring) or mlock. */
static int pin_once(struct kmb_bench_case *c, struct uring_run *r, bool uring,
		    struct kmb_err *err)
{
	char *p = kmb_map_anon(r->size, kmb_page_size(), 0);
	struct iovec iov = { .iov_base = p, .iov_len = r->size };
	enum uring_phase pin = uring ? PH_REGISTER : PH_MLOCK;
	uint64_t t0, t1;
	int rc, e;

	if (!p)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: mmap of %zu bytes: %s", c->id, r->size,
				strerror(errno));
	if (r->prefault)
		kmb_touch(p, r->size, true);
	t0 = kmb_now_ns();
	rc = uring ? io_uring_register_buffers(&r->ring, &iov, 1) : kmb_sys_mlock(p, r->size);
	t1 = kmb_now_ns();
	e = uring ? -rc : errno;
	if (rc) {
		munmap(p, r->size);
		if ((e == ENOMEM || e == EPERM || e == EAGAIN) && r->limited) {
			kmb_case_skip(c, "%s", r->limit.why);
			return 0;
		}
		return kmb_fail(err, KMB_EXIT_ENV, "%s: %s of %zu bytes: %s", c->id,
				uring ? "io_uring_register_buffers" : "mlock", r->size,
				strerror(e));
	}
	kmb_samples_push(&r->s[pin], (double)(t1 - t0));
	t0 = kmb_now_ns();
	rc = uring ? io_uring_unregister_buffers(&r->ring) : kmb_sys_munlock(p, r->size);
	t1 = kmb_now_ns();
	e = uring ? -rc : errno;
	munmap(p, r->size);
	if (rc)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: %s: %s", c->id,
				uring ? "io_uring_unregister_buffers" : "munlock", strerror(e));
	kmb_samples_push(&r->s[pin + 1], (double)(t1 - t0));
	return 0;
}

static int uring_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	size_t page = kmb_page_size();
	uint64_t iterations = kmb_param_uint(c, "iterations");
	struct uring_run r;
	char what[64];
	int ret = 0, rc;

	memset(&r, 0, sizeof(r));
	r.size = (kmb_param_uint(c, "size") + page - 1) / page * page;
	r.prefault = kmb_param_is(c, "memory", "prefaulted");
	rc = io_uring_queue_init(4, &r.ring, 0);
	if (rc < 0) {
		if (rc == -ENOSYS || rc == -EPERM || rc == -EACCES)
			unavailable(c, -rc);
		else
			ret = kmb_fail(err, KMB_EXIT_ENV, "%s: io_uring_queue_init: %s", c->id,
				       strerror(-rc));
		return ret;
	}
	for (int ph = 0; ph < PH_NR; ph++)
		if (kmb_samples_init(&r.s[ph], iterations)) {
			ret = kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
			goto out;
		}
	snprintf(what, sizeof(what), "registering a %zu-byte buffer", r.size);
	r.limited = kmb_memlock_raise(&r.limit, r.size + page, what) != 0;
	/* Alternate which goes first, so neither always runs on a warmer system. */
	for (uint64_t i = 0; i < iterations && !*ctx->stop && !ret && !c->skip_reason; i++) {
		ret = pin_once(c, &r, i % 2 == 0, err);
		if (!ret && !c->skip_reason)
			ret = pin_once(c, &r, i % 2 != 0, err);
	}
	kmb_memlock_restore(&r.limit);
	for (int ph = 0; ph < PH_NR && !ret && !c->skip_reason; ph++)
		ret = kmb_record(c, uring_phase_names[ph], "ns", &r.s[ph], r.s[ph].n, 0, 0, err);
	json_object_set_new(c->extra, "pages", json_integer((json_int_t)(r.size / page)));
	json_object_set_new(c->extra, "clock", kmb_clock_json());
	if (*ctx->stop)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
out:
	for (int ph = 0; ph < PH_NR; ph++)
		kmb_samples_free(&r.s[ph]);
	io_uring_queue_exit(&r.ring);
	return ret;
}

const struct kmb_workload kmb_workload_io_uring = {
	.name = "io_uring",
	.dims = uring_dims,
	.settings = uring_settings,
	.run_rep = uring_run_rep,
};
