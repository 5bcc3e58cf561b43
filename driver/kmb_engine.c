// SPDX-License-Identifier: GPL-2.0
/*
 * The measuring engine: validates a case from user space, runs its pattern
 * in the requested context, and returns per-operation cycle samples plus
 * per-phase totals.
 */
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#ifdef CONFIG_X86
#include <asm/msr.h>
#else
#include <asm/timex.h>
#endif

#include "kmb_internal.h"

/*
 * Operations between two checks for a fatal signal and the time budget, and
 * the longest stretch run with preemption or interrupts off. Small enough
 * that even a slow vmalloc under TCG keeps a check within milliseconds.
 */
#define KMB_CHUNK_OPS		32
#define KMB_MAX_ITERATIONS	(10U * 1000 * 1000)
#define KMB_DEFAULT_BUDGET_MS	10000U
#define KMB_MAX_BUDGET_MS	600000U
/* A case may hold at most this share (1/N) of available memory. */
#define KMB_HEADROOM_DIVISOR	4

u64 kmb_cycles(void)
{
#ifdef CONFIG_X86
	return rdtsc_ordered();
#else
	u64 c;

	barrier();
	c = get_cycles();
	barrier();
	return c;
#endif
}

static int kmb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

u64 kmb_timer_overhead(void)
{
	u64 d[127];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(d); i++) {
		u64 t0 = kmb_cycles();
		u64 t1 = kmb_cycles();

		d[i] = t1 - t0;
	}
	sort(d, ARRAY_SIZE(d), sizeof(d[0]), kmb_cmp_u64, NULL);
	return d[ARRAY_SIZE(d) / 2];
}

/**
 * struct kmb_thread_out - what one thread of a case measured
 * @res: per-phase totals
 * @samples: per-phase sample buffers of @cap entries, or NULL
 * @cap: entries per sample buffer
 * @stride: keep every @stride-th operation's sample, so that a case with
 *	more operations than @cap is sampled evenly rather than only at its start
 * @subtract: timer overhead subtracted from each sample
 */
struct kmb_thread_out {
	struct kmb_phase_result res[KMB_PHASE_NR];
	u64 *samples[KMB_PHASE_NR];
	u32 cap;
	u32 stride;
	u64 subtract;
};

static void kmb_record(struct kmb_thread_out *out, enum kmb_phase phase,
		       u64 delta)
{
	struct kmb_phase_result *r = &out->res[phase];

	delta = delta > out->subtract ? delta - out->subtract : 0;
	if (out->samples[phase] && r->samples < out->cap &&
	    r->ops % out->stride == 0)
		out->samples[phase][r->samples++] = delta;
	r->ops++;
	r->total_cycles += delta;
}

/* Live-object accounting, kept outside the timed windows. */
static void kmb_live_add(size_t size)
{
	atomic64_inc(&kmb_live_objects);
	atomic64_add(size, &kmb_live_bytes);
}

static void kmb_live_sub(size_t size)
{
	atomic64_dec(&kmb_live_objects);
	atomic64_sub(size, &kmb_live_bytes);
}

static void *kmb_obj_alloc(struct kmb_job *job, size_t size)
{
	void *obj = job->ops->alloc(job, size);

	if (obj)
		kmb_live_add(size);
	return obj;
}

static void kmb_obj_free(struct kmb_job *job, void *obj, size_t size)
{
	job->ops->free(job, obj, size);
	kmb_live_sub(size);
}

/* Enter and leave the case's context around one chunk of operations. */
static void kmb_ctx_enter(u32 context, unsigned long *irqflags)
{
	if (context == KMB_CTX_PREEMPT_OFF)
		preempt_disable();
	else if (context == KMB_CTX_IRQ_OFF)
		local_irq_save(*irqflags);
}

static void kmb_ctx_exit(u32 context, unsigned long irqflags)
{
	if (context == KMB_CTX_PREEMPT_OFF)
		preempt_enable();
	else if (context == KMB_CTX_IRQ_OFF)
		local_irq_restore(irqflags);
}

/*
 * Between chunks: give the CPU away and see whether to stop. Any pending
 * signal stops the case, not only a fatal one, so that the runner's SIGINT
 * handler gets to write what was measured.
 */
static u32 kmb_checkpoint(u64 deadline_ns)
{
	if (signal_pending(current))
		return KMB_STOP_SIGNAL;
	if (ktime_get_ns() > deadline_ns)
		return KMB_STOP_BUDGET;
	cond_resched();
	return KMB_STOP_NONE;
}

static void kmb_warmup(struct kmb_job *job)
{
	size_t size = job->kcase.size;
	u32 i;

	for (i = 0; i < job->kcase.warmup; i++) {
		void *obj = kmb_obj_alloc(job, size);

		if (obj)
			kmb_obj_free(job, obj, size);
		if (i % KMB_CHUNK_OPS == 0) {
			if (signal_pending(current))
				return;
			cond_resched();
		}
	}
}

/*
 * pair: allocate and free at once, timing each call on its own. The whole
 * loop's wall time goes into the alloc phase's batch_ns.
 */
static u32 kmb_pattern_pair(struct kmb_job *job, struct kmb_thread_out *out,
			    u64 deadline_ns)
{
	const struct kmb_case *kc = &job->kcase;
	size_t size = kc->size;
	u64 start_ns = ktime_get_ns();
	u32 done = 0, stop = KMB_STOP_NONE;

	while (done < kc->iterations && stop == KMB_STOP_NONE) {
		u32 chunk = min_t(u32, KMB_CHUNK_OPS, kc->iterations - done);
		unsigned long irqflags = 0;
		u32 i;

		kmb_ctx_enter(kc->context, &irqflags);
		for (i = 0; i < chunk; i++) {
			u64 t0, t1, t2, t3;
			void *obj;

			t0 = kmb_cycles();
			obj = job->ops->alloc(job, size);
			t1 = kmb_cycles();
			if (!obj) {
				out->res[KMB_PHASE_ALLOC].failures++;
				continue;
			}
			kmb_live_add(size);
			t2 = kmb_cycles();
			job->ops->free(job, obj, size);
			t3 = kmb_cycles();
			kmb_live_sub(size);
			kmb_record(out, KMB_PHASE_ALLOC, t1 - t0);
			kmb_record(out, KMB_PHASE_FREE, t3 - t2);
		}
		kmb_ctx_exit(kc->context, irqflags);
		done += chunk;
		stop = kmb_checkpoint(deadline_ns);
	}
	out->res[KMB_PHASE_ALLOC].batch_ns = ktime_get_ns() - start_ns;
	return stop;
}

static u64 kmb_available_bytes(void)
{
	long pages = si_mem_available();

	return pages > 0 ? (u64)pages << PAGE_SHIFT : 0;
}

/* Checks a case from user space and fills @job; no side effects. */
static int kmb_job_init(struct kmb_job *job, const struct kmb_case *kc)
{
	const struct kmb_allocator *ops = kmb_allocator_get(kc->api);
	u64 held;
	int ret;

	if (!ops)
		return -EOPNOTSUPP;
	if (kc->pattern >= KMB_PATTERN_NR || kc->context >= KMB_CTX_NR)
		return -EINVAL;
	if (kc->pattern != KMB_PATTERN_PAIR || kc->threads != 1)
		return -EOPNOTSUPP;
	if (!kc->iterations || kc->iterations > KMB_MAX_ITERATIONS ||
	    kc->warmup > KMB_MAX_ITERATIONS || kc->budget_ms > KMB_MAX_BUDGET_MS)
		return -EINVAL;
	if (!kc->size)
		return -EINVAL;
	if (ops->family == KMB_FAMILY_SLAB && kc->size > KMALLOC_MAX_SIZE)
		return -EINVAL;

	ret = kmb_gfp_map(kc->gfp, &job->gfp);
	if (ret)
		return ret;
	ret = kmb_gfp_check(ops, kc->gfp, kc->context);
	if (ret)
		return ret;

	held = kc->size;
	if (held > kmb_available_bytes() / KMB_HEADROOM_DIVISOR)
		return -ENOMEM;

	job->kcase = *kc;
	job->ops = ops;
	job->private = NULL;
	return 0;
}

static void kmb_out_free(struct kmb_thread_out *out)
{
	unsigned int p;

	for (p = 0; p < KMB_PHASE_NR; p++) {
		kvfree(out->samples[p]);
		out->samples[p] = NULL;
	}
}

static int kmb_out_init(struct kmb_thread_out *out, u32 cap, u32 iterations,
			u64 subtract)
{
	unsigned int p;

	memset(out, 0, sizeof(*out));
	out->cap = cap;
	out->stride = cap ? DIV_ROUND_UP(iterations, cap) : 1;
	out->subtract = subtract;
	for (p = 0; p < KMB_PHASE_NR && cap; p++) {
		out->samples[p] = kvcalloc(cap, sizeof(u64),
					   GFP_KERNEL | __GFP_NOWARN);
		if (!out->samples[p]) {
			kmb_out_free(out);
			return -ENOMEM;
		}
	}
	return 0;
}

static int kmb_out_copy(const struct kmb_thread_out *out,
			const struct kmb_run *run)
{
	u64 __user *samples = u64_to_user_ptr(run->samples_ptr);
	unsigned int p;

	if (copy_to_user(u64_to_user_ptr(run->result_ptr), out->res,
			 sizeof(out->res)))
		return -EFAULT;
	for (p = 0; p < KMB_PHASE_NR && out->samples[p]; p++) {
		u64 n = out->res[p].samples;

		if (copy_to_user(samples + (u64)p * run->samples_cap,
				 out->samples[p], n * sizeof(u64)))
			return -EFAULT;
	}
	return 0;
}

/**
 * kmb_run_ioctl() - KMB_IOC_RUN: run one case and return what it measured
 * @uarg: struct kmb_run in user memory
 *
 * The sample request is clamped so that the module never holds more than
 * KMB_SAMPLES_MAX_BYTES of samples; kmb_phase_result.samples tells the
 * caller how many were written.
 *
 * Return: 0 (also when the case stopped early: see kmb_run.stopped),
 * -EINVAL for a malformed or impossible case, -EOPNOTSUPP for one this
 * module cannot run, -ENOMEM when it would eat into the memory headroom,
 * -EFAULT for bad user pointers.
 */
long kmb_run_ioctl(struct kmb_run __user *uarg)
{
	struct kmb_thread_out out;
	struct kmb_job job;
	struct kmb_run run;
	u64 t0_ns, c0, deadline_ns, subtract = 0, max_cap;
	u32 budget_ms;
	int ret;

	if (copy_from_user(&run, uarg, sizeof(run)))
		return -EFAULT;
	if (run.run_size != sizeof(run) || run.flags & ~KMB_RUN_VALID_FLAGS ||
	    run.reserved)
		return -EINVAL;
	ret = kmb_job_init(&job, &run.kcase);
	if (ret)
		return ret;
	if (run.max_threads < run.kcase.threads || !run.result_ptr)
		return -EINVAL;
	if (!run.samples_ptr)
		run.samples_cap = 0;

	max_cap = KMB_SAMPLES_MAX_BYTES /
		  (sizeof(u64) * KMB_PHASE_NR * run.kcase.threads);
	run.samples_cap = min3((u64)run.samples_cap, max_cap,
			       (u64)run.kcase.iterations);

	run.timer_overhead_cycles = kmb_timer_overhead();
	if (run.flags & KMB_RUN_SUBTRACT_OVERHEAD)
		subtract = run.timer_overhead_cycles;
	ret = kmb_out_init(&out, run.samples_cap, run.kcase.iterations,
			   subtract);
	if (ret)
		return ret;

	if (job.ops->setup) {
		ret = job.ops->setup(&job);
		if (ret)
			goto out_free;
	}

	kmb_warmup(&job);
	budget_ms = run.kcase.budget_ms ?: KMB_DEFAULT_BUDGET_MS;
	t0_ns = ktime_get_ns();
	c0 = kmb_cycles();
	deadline_ns = t0_ns + (u64)budget_ms * NSEC_PER_MSEC;
	run.stopped = kmb_pattern_pair(&job, &out, deadline_ns);
	run.calib_cycles = kmb_cycles() - c0;
	run.calib_ns = ktime_get_ns() - t0_ns;

	if (job.ops->teardown)
		job.ops->teardown(&job);

	ret = kmb_out_copy(&out, &run);
	if (!ret && copy_to_user(uarg, &run, sizeof(run)))
		ret = -EFAULT;
out_free:
	kmb_out_free(&out);
	return ret;
}
