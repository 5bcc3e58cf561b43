/*
 * KMB_IOC_RUN requests sent: each built (run_build.c), pointed at guarded
 * buffers, good or bad, sent, and its answer checked (run_check.c); the
 * run, pointer, truncated and signal kinds, and the long cases the
 * concurrent phase interrupts.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include "run.h"

#define G(x) KMB_GFP(x)

struct ifz_ptrs {
	uint64_t arg;		/* where the kmb_run itself went */
	int arg_usable;
	int usable;		/* every other buffer the module may touch is good */
	uint32_t res_threads;	/* entries of the result buffer, in threads */
};

static void fill_cpus(struct ifz_rng *r, struct ifz_worker *w, const struct ifz_run_req *q,
		      uint64_t ptr, size_t len)
{
	uint32_t online = w->env->online_cpus, v;
	unsigned char *c = (unsigned char *)(uintptr_t)ptr;

	for (size_t i = 0; i + sizeof(v) <= len; i += sizeof(v)) {
		v = (uint32_t)ifz_below(r, online);
		memcpy(c + i, &v, sizeof(v));
	}
	if (q->bad_cpu && len >= sizeof(v)) {
		v = ifz_chance(r, 500000) ? online : (uint32_t)ifz_interesting(r, online, 32);
		memcpy(c + sizeof(v) * ifz_below(r, len / sizeof(v)), &v, sizeof(v));
	}
}

/* The canary in @n entries of @size bytes at @ptr (0: no buffer). */
static void fill(uint64_t ptr, uint64_t n, uint64_t size)
{
	if (ptr)
		memset((void *)(uintptr_t)ptr, 0xa5, ifz_bytes_of(n, size, 1, 1));
}

/*
 * Points the request at its buffers and writes it into the argument slot.
 * @bad: -1 for good buffers (with the odd bad one), else which pointer
 * (0 the argument, 1 result, 2 samples, 3 hist, 4 cpus) gets a bad class.
 * @truncated: the argument runs into the guard page.
 */
static void place(struct ifz_rng *r, struct ifz_worker *w, struct ifz_run_req *q, int bad,
		  int truncated, struct ifz_ptrs *p)
{
	struct ifz_arena *a = &w->arena;
	struct kmb_run *run = &q->run;
	uint32_t threads = run->kcase.threads;
	enum ifz_ptr cls[5];
	size_t len;
	int u;

	for (int i = 0; i < 5; i++)
		cls[i] = i == bad ? (enum ifz_ptr)(IFZ_PTR_NULL +
						   ifz_below(r, IFZ_PTR_NR - IFZ_PTR_NULL))
				  : ifz_ptr_pick(r, bad < 0 ? 10000 : 0);
	if (truncated)
		cls[0] = IFZ_PTR_SHORT;
	p->usable = 1;
	/* the caller promises max_threads entries; absurd counts get threads */
	p->res_threads = run->max_threads <= 4 * (uint64_t)threads + 8 ? run->max_threads : threads;
	len = ifz_bytes_of(p->res_threads, KMB_PHASE_NR, sizeof(struct kmb_phase_result), 1);
	run->result_ptr = q->null_result ? 0 : ifz_ptr_make(r, a, &a->result, len, cls[1], 1, &u);
	p->usable &= q->null_result ? 1 : u;
	if (q->samples || bad == 2) {
		len = ifz_bytes_of(threads, KMB_PHASE_NR, run->samples_cap, sizeof(uint64_t));
		run->samples_ptr = ifz_ptr_make(r, a, &a->samples, len, cls[2], 1, &u);
		p->usable &= u;
	}
	if (q->hist || bad == 3) {
		len = ifz_bytes_of(threads, KMB_PHASE_NR, KMB_HIST_BUCKETS, sizeof(uint32_t));
		run->hist_ptr = ifz_ptr_make(r, a, &a->hist, len, cls[3], 1, &u);
		p->usable &= u;
	}
	if (q->cpus || bad == 4) {
		len = ifz_bytes_of(threads, sizeof(uint32_t), 1, 1);
		run->cpus_ptr = ifz_ptr_make(r, a, &a->cpus, len, cls[4], 0, &u);
		p->usable &= u;
		if (u && (cls[4] == IFZ_PTR_EXACT || cls[4] == IFZ_PTR_UNALIGNED))
			fill_cpus(r, w, q, run->cpus_ptr, len);
	}
	/*
	 * What the module may write gets a canary, so that ifz_check_run() sees
	 * what it wrote and what it left; a request sure to be refused or to
	 * fault on its argument needs none (filling megabytes per request
	 * would cost more than the ioctl).
	 */
	if (p->usable && !q->invalid && !truncated) {
		fill(run->result_ptr, p->res_threads, KMB_PHASE_NR * sizeof(struct kmb_phase_result));
		fill(run->samples_ptr, threads, KMB_PHASE_NR * (uint64_t)run->samples_cap *
		     sizeof(uint64_t));
		fill(run->hist_ptr, threads, KMB_PHASE_NR * KMB_HIST_BUCKETS * sizeof(uint32_t));
	}
	/* the argument last: it carries the pointers just made */
	p->arg = ifz_ptr_make(r, a, &a->arg, sizeof(*run), cls[0], 1, &p->arg_usable);
	if (p->arg_usable)
		memcpy((void *)(uintptr_t)p->arg, run, sizeof(*run));
	else if (cls[0] == IFZ_PTR_SHORT)
		memcpy((void *)(uintptr_t)p->arg, run,
		       (size_t)(a->arg.base + a->arg.size - (unsigned char *)(uintptr_t)p->arg));
}

static void issue(struct ifz_worker *w, uint64_t index, enum ifz_kind kind,
		  const struct ifz_run_req *q, const struct ifz_ptrs *p)
{
	struct kmb_run out;
	int ret, err;

	ret = ioctl(w->fd, KMB_IOC_RUN, (unsigned long)p->arg);
	err = errno;
	if (w->env->verbose > 1)
		fprintf(stderr, "ioctl-fuzz: run %llu: api %u pattern %u ctx %u threads %u gfp 0x%llx "
			"size %llu order %u batch %u iter %u warmup %u budget %u cap %u -> %d\n",
			(unsigned long long)index, q->run.kcase.api, q->run.kcase.pattern,
			q->run.kcase.context, q->run.kcase.threads,
			(unsigned long long)q->run.kcase.gfp, (unsigned long long)q->run.kcase.size,
			q->run.kcase.order, q->run.kcase.batch, q->run.kcase.iterations,
			q->run.kcase.warmup, q->run.kcase.budget_ms, q->run.samples_cap,
			ret ? -err : 0);
	ifz_outcome(w, index, kind, KMB_IOC_RUN, ret, err);
	if (kind == IFZ_TRUNCATED && !(ret == -1 && err == EFAULT))
		ifz_violation(w->env, w->id, index, kind,
			      "RUN with a truncated argument returned %d (%s)", ret,
			      ret ? strerror(err) : "no error");
	if (!p->arg_usable && ret == 0)
		ifz_violation(w->env, w->id, index, kind,
			      "RUN succeeded with its argument at 0x%llx",
			      (unsigned long long)p->arg);
	if (p->arg_usable && p->usable && ret == -1 && err == EFAULT)
		ifz_violation(w->env, w->id, index, kind,
			      "RUN said EFAULT although every buffer was good (api %u pattern %u "
			      "threads %u max_threads %u samples_cap %u)", q->run.kcase.api,
			      q->run.kcase.pattern, q->run.kcase.threads, q->run.max_threads,
			      q->run.samples_cap);
	if (ret == 0 && q->invalid)
		ifz_violation(w->env, w->id, index, kind,
			      "RUN accepted a request the ABI calls invalid (api %u pattern %u ctx %u "
			      "threads %u max_threads %u gfp 0x%llx iter %u warmup %u budget %u "
			      "node %d run_size %u flags 0x%x reserved %u)", q->run.kcase.api,
			      q->run.kcase.pattern, q->run.kcase.context, q->run.kcase.threads,
			      q->run.max_threads, (unsigned long long)q->run.kcase.gfp,
			      q->run.kcase.iterations, q->run.kcase.warmup, q->run.kcase.budget_ms,
			      q->run.kcase.node, q->run.run_size, q->run.flags, q->run.reserved);
	if (ret || !p->arg_usable || q->invalid)
		return;
	__atomic_fetch_add(&w->env->stats->runs_measured, 1, __ATOMIC_RELAXED);
	memcpy(&out, (void *)(uintptr_t)p->arg, sizeof(out));
	ifz_check_run(w, index, kind, &q->run, &out, p->usable, p->res_threads);
	if (kind == IFZ_SIGNAL && out.stopped == KMB_STOP_NONE)
		ifz_violation(w->env, w->id, index, kind,
			      "a 10M-iteration case interrupted by a signal ran to its end");
}

void ifz_do_run(struct ifz_worker *w, struct ifz_rng *r, uint64_t index, enum ifz_kind kind)
{
	struct ifz_run_req q;
	struct ifz_ptrs p;

	ifz_run_build(r, w, &q, ifz_run_flavour(r, kind));
	place(r, w, &q, kind == IFZ_POINTER ? (int)ifz_below(r, 5) : -1,
	      kind == IFZ_TRUNCATED, &p);
	issue(w, index, kind, &q, &p);
}

static void long_case(struct ifz_rng *r, struct ifz_run_req *q, uint32_t budget_ms)
{
	q->run.kcase = (struct kmb_case){
		.api = KMB_API_KMALLOC, .pattern = KMB_PATTERN_HOLD, .context = KMB_CTX_PROCESS,
		.threads = 1 + (uint32_t)ifz_below(r, 2), .gfp = G(KERNEL),
		.size = 1 + ifz_below(r, 8192), .batch = 1 + (uint32_t)ifz_below(r, 1024),
		.iterations = 10 * 1000 * 1000, .budget_ms = budget_ms, .node = KMB_NODE_ANY,
		.seed = ifz_next(r),
	};
	q->run.run_size = sizeof(q->run);
	q->run.flags &= KMB_RUN_VALID_FLAGS;
	q->run.reserved = 0;
	q->run.verify_pad = 0;
	q->run.max_threads = q->run.kcase.threads;
	q->cpus = 0;
}

void ifz_do_long_run(struct ifz_worker *w, struct ifz_rng *r, uint64_t index)
{
	struct ifz_run_req q;
	struct ifz_ptrs p;

	ifz_run_build(r, w, &q, IFZ_NEAR);
	long_case(r, &q, 300);
	place(r, w, &q, -1, 0, &p);
	issue(w, index, IFZ_RUN, &q, &p);
}

/*
 * A case far longer than its budget, and SIGALRM within 20 ms: the module
 * must stop it, free everything and still write its results back.
 */
void ifz_do_signal(struct ifz_worker *w, struct ifz_rng *r, uint64_t index)
{
	struct itimerval it = { 0 }, off = { 0 };
	struct ifz_run_req q;
	struct ifz_ptrs p;

	ifz_run_build(r, w, &q, IFZ_NEAR);
	long_case(r, &q, 200);
	place(r, w, &q, -1, 0, &p);
	it.it_value.tv_usec = 100 + (long)ifz_below(r, 20000);
	setitimer(ITIMER_REAL, &it, NULL);
	issue(w, index, IFZ_SIGNAL, &q, &p);
	setitimer(ITIMER_REAL, &off, NULL);
	ifz_check_idle(w, index, "after a signal");
}
