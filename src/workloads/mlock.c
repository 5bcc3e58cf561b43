/*
 * mlock: the cost of locking memory. "mlock" times mlock() and munlock() of
 * a range; "mlock2-onfault" times mlock2(MLOCK_ONFAULT), which locks pages
 * as they fault, then each fault; "mlockall" times mlockall(MCL_CURRENT |
 * MCL_FUTURE), then (on fresh memory) an mmap that MCL_FUTURE populates and
 * locks, then munlockall(). "fresh" ranges are mapped but never touched,
 * "prefaulted" ones are written first, so the lock finds the pages present.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "wl_lib.h"
#include "workload.h"

/* mlockall must cover everything mapped meanwhile: the runner's own growth. */
#define KMB_MLOCKALL_SLACK (256ULL << 20)

enum mlock_op { OP_MLOCK, OP_ONFAULT, OP_MLOCKALL };

static const char *const mlock_ops[] = { "mlock", "mlock2-onfault", "mlockall", NULL };
static const char *const mlock_memory[] = { "fresh", "prefaulted", NULL };

static const struct kmb_dim mlock_dims[] = {
	{ "op", "op", KMB_DIM_NAMES, mlock_ops, "mlock", 0, 0 },
	{ "memory", "memory", KMB_DIM_NAMES, mlock_memory, "fresh", 0, 0 },
	{ "sizes", "size", KMB_DIM_SIZES, NULL, "1M", 4096, 1ULL << 36 },
	{ 0 },
};

static const struct kmb_setting mlock_settings[] = {
	{ "iterations", KMB_SETTING_UINT, 20, 1, 1000000, NULL },
	{ 0 },
};

enum mlock_phase { PH_LOCK, PH_FAULT, PH_UNLOCK, PH_LOCKALL, PH_MAP, PH_TOUCH, PH_UNLOCKALL,
		   PH_NR };

static const char *const mlock_phase_names[PH_NR] = {
	[PH_LOCK] = "lock", [PH_FAULT] = "fault", [PH_UNLOCK] = "unlock",
	[PH_LOCKALL] = "lockall", [PH_MAP] = "map_locked", [PH_TOUCH] = "touch",
	[PH_UNLOCKALL] = "unlockall",
};

struct mlock_run {
	struct kmb_samples s[PH_NR];
	enum mlock_op op;
	size_t size;
	bool prefault;
	struct kmb_memlock limit;
	bool limited;		/* the limit is below what the case needs */
};

/* As system calls, like kmb_sys_mlock(), so that nothing interposes them. */
static int sys_mlock2(const void *p, size_t len, unsigned int flags)
{
	return (int)syscall(SYS_mlock2, p, len, flags);
}

static int sys_mlockall(int flags)
{
	return (int)syscall(SYS_mlockall, flags);
}

static int sys_munlockall(void)
{
	return (int)syscall(SYS_munlockall);
}

/*
 * mlockall(MCL_CURRENT) populates every mapping: with an address space
 * larger than the RAM (a sanitizer's shadow, huge reservations) it could
 * only end in the OOM killer.
 */
static bool address_space_fits(struct kmb_bench_case *c, size_t size)
{
	struct sysinfo si;
	uint64_t vm = kmb_vm_size() + size, ram;

	if (sysinfo(&si))
		return true;
	ram = (uint64_t)si.totalram * si.mem_unit;
	if (vm <= ram / 2)
		return true;
	kmb_case_skip(c, "mlockall(MCL_CURRENT) would lock this process's whole address space, "
		      "%llu bytes, more than half of the RAM (%llu bytes)",
		      (unsigned long long)vm, (unsigned long long)ram);
	return false;
}

static void timed_push(struct kmb_samples *s, uint64_t t0)
{
	kmb_samples_push(s, (double)(kmb_now_ns() - t0));
}

/* A failed lock: a skip when the limit explains it, an error otherwise. */
static int lock_failed(struct kmb_bench_case *c, struct mlock_run *r, const char *what, int e,
		       struct kmb_err *err)
{
	if ((e == ENOMEM || e == EPERM || e == EAGAIN) && r->limited) {
		kmb_case_skip(c, "%s", r->limit.why);
		return 0;
	}
	if (e == ENOSYS) {
		kmb_case_skip(c, "%s is not available here (ENOSYS)", what);
		return 0;
	}
	return kmb_fail(err, KMB_EXIT_ENV, "%s: %s of %zu bytes: %s", c->id, what, r->size,
			strerror(e));
}

static void touch_phase(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct mlock_run *r,
			char *p, enum mlock_phase ph)
{
	struct kmb_faults before, after;
	size_t pages;
	double ns;

	kmb_faults_now(&before);
	pages = kmb_touch_timed(p, r->size, true, &r->s[ph], ctx->stop, &ns);
	kmb_faults_now(&after);
	kmb_faults_note(c, mlock_phase_names[ph], pages, &before, &after, ns);
}

static int range_once(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct mlock_run *r,
		      struct kmb_err *err)
{
	char *p = kmb_map_anon(r->size, kmb_page_size(), 0);
	uint64_t t0;
	int rc, e;

	if (!p)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: mmap of %zu bytes: %s", c->id, r->size,
				strerror(errno));
	if (r->prefault)
		kmb_touch(p, r->size, true);
	t0 = kmb_now_ns();
	rc = r->op == OP_ONFAULT ? sys_mlock2(p, r->size, MLOCK_ONFAULT) :
				   kmb_sys_mlock(p, r->size);
	e = errno;
	if (rc) {
		munmap(p, r->size);
		return lock_failed(c, r, r->op == OP_ONFAULT ? "mlock2(MLOCK_ONFAULT)" : "mlock",
				   e, err);
	}
	timed_push(&r->s[PH_LOCK], t0);
	if (r->op == OP_ONFAULT)
		touch_phase(c, ctx, r, p, PH_FAULT);
	t0 = kmb_now_ns();
	rc = kmb_sys_munlock(p, r->size);
	timed_push(&r->s[PH_UNLOCK], t0);
	e = errno;
	munmap(p, r->size);
	return rc ? kmb_fail(err, KMB_EXIT_ENV, "%s: munlock: %s", c->id, strerror(e)) : 0;
}

static int all_once(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct mlock_run *r,
		    struct kmb_err *err)
{
	char *p = NULL;
	uint64_t t0;
	int ret = 0;

	if (r->prefault) {
		p = kmb_map_anon(r->size, kmb_page_size(), 0);
		if (!p)
			return kmb_fail(err, KMB_EXIT_ENV, "%s: mmap of %zu bytes: %s", c->id,
					r->size, strerror(errno));
		kmb_touch(p, r->size, true);
	}
	t0 = kmb_now_ns();
	if (sys_mlockall(MCL_CURRENT | MCL_FUTURE)) {
		int e = errno;

		if (p)
			munmap(p, r->size);
		return lock_failed(c, r, "mlockall", e, err);
	}
	timed_push(&r->s[PH_LOCKALL], t0);
	if (!r->prefault) {
		/* MCL_FUTURE: the mapping comes back populated and locked. */
		t0 = kmb_now_ns();
		p = kmb_map_anon(r->size, kmb_page_size(), 0);
		if (p) {
			timed_push(&r->s[PH_MAP], t0);
			touch_phase(c, ctx, r, p, PH_TOUCH);
		} else {
			ret = kmb_fail(err, KMB_EXIT_ENV, "%s: mmap of %zu bytes under "
				       "MCL_FUTURE: %s", c->id, r->size, strerror(errno));
		}
	}
	if (p)
		munmap(p, r->size);
	t0 = kmb_now_ns();
	if (sys_munlockall() && !ret)
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: munlockall: %s", c->id, strerror(errno));
	timed_push(&r->s[PH_UNLOCKALL], t0);
	return ret;
}

static int record_all(struct kmb_bench_case *c, struct mlock_run *r, struct kmb_err *err)
{
	for (int ph = 0; ph < PH_NR; ph++)
		if (r->s[ph].n && kmb_record(c, mlock_phase_names[ph], "ns", &r->s[ph],
					     r->s[ph].n, 0, 0, err))
			return err->code;
	return 0;
}

static int mlock_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	size_t page = kmb_page_size();
	uint64_t iterations = kmb_param_uint(c, "iterations");
	struct mlock_run r;
	uint64_t need;
	char what[64];
	bool raised;
	int ret = 0;

	memset(&r, 0, sizeof(r));
	r.size = (kmb_param_uint(c, "size") + page - 1) / page * page;
	r.prefault = kmb_param_is(c, "memory", "prefaulted");
	r.op = kmb_param_is(c, "op", "mlockall") ? OP_MLOCKALL :
	       kmb_param_is(c, "op", "mlock2-onfault") ? OP_ONFAULT : OP_MLOCK;
	for (int ph = 0; ph < PH_NR; ph++) {
		bool per_page = ph == PH_FAULT || ph == PH_TOUCH;

		if (kmb_samples_init(&r.s[ph], per_page ? r.size / page * iterations : iterations)) {
			ret = kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
			goto out;
		}
	}
	if (r.op == OP_MLOCKALL && !address_space_fits(c, r.size))
		goto out;
	need = r.op == OP_MLOCKALL ? kmb_vm_size() + r.size + KMB_MLOCKALL_SLACK : r.size + page;
	snprintf(what, sizeof(what), "%s of %zu bytes", kmb_param_str(c, "op"), r.size);
	r.limited = kmb_memlock_raise(&r.limit, need, what) != 0;
	for (uint64_t i = 0; i < iterations && !*ctx->stop && !ret && !c->skip_reason; i++)
		ret = r.op == OP_MLOCKALL ? all_once(c, ctx, &r, err) : range_once(c, ctx, &r, err);
	raised = r.limit.changed;
	kmb_memlock_restore(&r.limit);
	if (ret || c->skip_reason)
		goto out;
	ret = record_all(c, &r, err);
	json_object_set_new(c->extra, "pages", json_integer((json_int_t)(r.size / page)));
	if (r.op == OP_MLOCKALL)
		json_object_set_new(c->extra, "vm_size_bytes", json_integer((json_int_t)kmb_vm_size()));
	json_object_set_new(c->extra, "memlock_limit_raised", json_boolean(raised));
	json_object_set_new(c->extra, "clock", kmb_clock_json());
	if (*ctx->stop)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
out:
	for (int ph = 0; ph < PH_NR; ph++)
		kmb_samples_free(&r.s[ph]);
	return ret;
}

const struct kmb_workload kmb_workload_mlock = {
	.name = "mlock",
	.dims = mlock_dims,
	.settings = mlock_settings,
	.run_rep = mlock_run_rep,
};
