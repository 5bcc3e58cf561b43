// SPDX-License-Identifier: GPL-2.0
/*
 * The measuring engine: validates a case from user space, starts its kernel
 * threads on their CPUs, releases them together, watches for signals while
 * they run, and returns per-operation samples, histograms and per-phase
 * totals. The loops themselves are in kmb_pattern.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "kmb_engine.h"

#define KMB_MAX_ITERATIONS	(10U * 1000 * 1000)
#define KMB_MAX_BATCH		(1U << 20)
#define KMB_MAX_SIZE		(1ULL << 40)
#define KMB_DEFAULT_BUDGET_MS	10000U
#define KMB_MAX_BUDGET_MS	600000U
/* A case may hold at most this share (1/N) of available memory. */
#define KMB_HEADROOM_DIVISOR	4
/* How often the coordinator looks for a signal while the threads run. */
#define KMB_POLL_MS		10

/*
 * Two cases at once would measure each other, and would share the names
 * their kmem_caches get in sysfs.
 */
static DEFINE_MUTEX(kmb_run_lock);

static int kmb_size_check(const struct kmb_case *kc,
			  const struct kmb_allocator *ops)
{
	bool ranged = kc->pattern == KMB_PATTERN_RANDOM_SIZE || ops->resize;

	if (ops->family == KMB_FAMILY_PAGES && !(ops->flags & KMB_APIF_BYTES))
		return kc->size || kc->size_max ||
		       kc->order > KMB_MAX_PAGE_ORDER ||
		       (ops->order0 && kc->order) ? -EINVAL : 0;
	if (kc->order || !kc->size || kc->size > KMB_MAX_SIZE)
		return -EINVAL;
	if (ranged ? kc->size_max < kc->size || kc->size_max > KMB_MAX_SIZE :
		     kc->size_max != 0)
		return -EINVAL;
	if (ops->family == KMB_FAMILY_SLAB &&
	    max(kc->size, kc->size_max) > KMALLOC_MAX_SIZE)
		return -EINVAL;
	/* kmem_cache_create() dumps a stack for a size no slab can hold */
	if (ops->cache && kc->size > KMB_CACHE_MAX_SIZE)
		return -EINVAL;
	/* a page API's byte size: one block of at most the top order */
	if (ops->family == KMB_FAMILY_PAGES &&
	    max(kc->size, kc->size_max) > PAGE_SIZE << KMB_MAX_PAGE_ORDER)
		return -EINVAL;
	/* kfree_rcu() needs an rcu_head inside every object */
	if (!kmb_rcu_size_ok(ops->flags, kc->size))
		return -EINVAL;
	return 0;
}

/* Everything about a case that can be checked without running it. */
static int kmb_case_check(const struct kmb_case *kc,
			  const struct kmb_allocator *ops)
{
	const struct kmb_pattern_ops *pat;

	if (kc->pattern >= KMB_PATTERN_NR || kc->context >= KMB_CTX_NR)
		return -EINVAL;
	if (!(ops->patterns & BIT(kc->pattern)))
		return -EINVAL;
	pat = &kmb_patterns[kc->pattern];
	if (kc->threads < pat->min_threads || kc->threads > KMB_MAX_THREADS)
		return -EINVAL;
	if (!kc->iterations || kc->iterations > KMB_MAX_ITERATIONS ||
	    kc->warmup > KMB_MAX_ITERATIONS || kc->budget_ms > KMB_MAX_BUDGET_MS)
		return -EINVAL;
	if ((pat->holds_batch || ops->alloc_bulk) &&
	    (!kc->batch || kc->batch > KMB_MAX_BATCH))
		return -EINVAL;
	if (ops->node) {
		if (kc->node < 0 || kc->node >= MAX_NUMNODES ||
		    !node_online(kc->node))
			return -EINVAL;
	} else if (kc->node != KMB_NODE_ANY) {
		return -EINVAL;
	}
	if (kmb_gfp_check(ops, kc->gfp, kc->context))
		return -EINVAL;
	if (kc->pad || ((ops->flags & KMB_APIF_DMA) ?
			kc->dma_mask_bits < KMB_DMA_MASK_BITS_MIN ||
			kc->dma_mask_bits > KMB_DMA_MASK_BITS_MAX :
			kc->dma_mask_bits))
		return -EINVAL;
	return kmb_size_check(kc, ops);
}

/*
 * The memory a case holds at its peak, objects and the engine's records of
 * them, for the headroom guard. U64_MAX when it does not even fit a u64.
 */
static u64 kmb_held_bytes(const struct kmb_case *kc,
			  const struct kmb_allocator *ops)
{
	const struct kmb_pattern_ops *pat = &kmb_patterns[kc->pattern];
	u64 obj, per_thread = 1, held;

	if (ops->family == KMB_FAMILY_PAGES && !(ops->flags & KMB_APIF_BYTES))
		obj = PAGE_SIZE << kc->order;
	else
		obj = max(kc->size, kc->size_max);
	if (pat->holds_batch)
		per_thread = (u64)kc->batch + 1;
	else if (ops->alloc_bulk)
		per_thread = kc->batch;
	obj += sizeof(struct kmb_obj);
	if (check_mul_overflow(obj, per_thread, &held) ||
	    check_mul_overflow(held, (u64)kc->threads, &held))
		return U64_MAX;
	return held;
}

static void kmb_state_free(struct kmb_state *st)
{
	u32 i, p;

	for (i = 0; st->threads && i < st->nthreads; i++) {
		struct kmb_thread *t = &st->threads[i];

		kmb_irq_fini(t);
		for (p = 0; p < KMB_PHASE_NR; p++) {
			kvfree(t->samples[p]);
			kvfree(t->hist[p]);
		}
		kvfree(t->objs);
		kvfree(t->bulk);
	}
	kvfree(st->threads);
	mem_cgroup_put(st->memcg);
	kfree(st);
}

/* The CPU of every thread: the caller's choice or the online CPUs in turn. */
static int kmb_pick_cpus(struct kmb_state *st, u64 cpus_ptr)
{
	u32 *cpus = NULL, i;
	int cpu = -1;

	if (cpus_ptr) {
		cpus = memdup_user(u64_to_user_ptr(cpus_ptr),
				   st->nthreads * sizeof(*cpus));
		if (IS_ERR(cpus))
			return PTR_ERR(cpus);
	}
	for (i = 0; i < st->nthreads; i++) {
		if (cpus) {
			if (cpus[i] >= nr_cpu_ids || !cpu_online(cpus[i])) {
				kfree(cpus);
				return -EINVAL;
			}
			st->threads[i].cpu = cpus[i];
			continue;
		}
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
		st->threads[i].cpu = cpu;
	}
	kfree(cpus);
	return 0;
}

/*
 * Sample buffers, histograms and object slots of every thread. The sample
 * request shrinks so that samples and histograms together stay within
 * KMB_SAMPLES_MAX_BYTES; run->samples_cap says what was kept.
 */
static int kmb_buffers_alloc(struct kmb_state *st, struct kmb_run *run,
			     u64 *sample_bytes)
{
	const struct kmb_case *kc = &st->proto.kcase;
	const struct kmb_allocator *ops = st->proto.ops;
	u32 nphases = ops->resize || ops->shrink ? KMB_PHASE_NR : 2, i, p;
	u64 per_phase[KMB_PHASE_NR], hist_bytes = 0, cap;
	bool amortised;

	per_phase[KMB_PHASE_ALLOC] = kc->iterations;
	per_phase[KMB_PHASE_FREE] = kc->iterations;
	per_phase[KMB_PHASE_GROW] = (u64)kc->iterations * st->grow_steps;
	per_phase[KMB_PHASE_SHRINK] = per_phase[KMB_PHASE_GROW];
	/* One kmem_cache_shrink() per batch. */
	if (ops->shrink)
		per_phase[KMB_PHASE_SHRINK] = DIV_ROUND_UP(kc->iterations,
							   max(kc->batch, 1U));

	/* An amortised run times chunks: nothing per operation to keep. */
	amortised = run->flags & KMB_RUN_AMORTISED;
	if (run->hist_ptr && !amortised)
		hist_bytes = (u64)st->nthreads * nphases * KMB_HIST_BUCKETS *
			     sizeof(u32);
	cap = run->samples_ptr && !amortised ? run->samples_cap : 0;
	cap = min(cap, (KMB_SAMPLES_MAX_BYTES - hist_bytes) /
		       (sizeof(u64) * nphases * st->nthreads));
	cap = min(cap, max(per_phase[KMB_PHASE_ALLOC],
			   per_phase[KMB_PHASE_GROW]));
	run->samples_cap = cap;
	*sample_bytes = hist_bytes + cap * sizeof(u64) * nphases * st->nthreads;

	for (i = 0; i < st->nthreads; i++) {
		struct kmb_thread *t = &st->threads[i];

		t->cap = cap;
		if (amortised)
			t->timing = KMB_TIMING_AMORTISED;
		else if (kmb_inject_pct && kc->api == kmb_inject_api)
			t->timing = KMB_TIMING_INJECT;
		else
			t->timing = KMB_TIMING_EACH;
		for (p = 0; p < KMB_PHASE_NR; p++)
			t->res[p].min_cycles = U64_MAX;
		for (p = 0; p < nphases; p++) {
			u32 shift = 0;

			while (cap && (cap << shift) < per_phase[p])
				shift++;
			t->sample_shift[p] = shift;
			t->all_sampled[p] = cap && !shift && cap >= per_phase[p];
			if (cap) {
				t->samples[p] = kvmalloc_array(cap,
							       sizeof(u64),
							       GFP_KERNEL);
				if (!t->samples[p])
					return -ENOMEM;
			}
			/* Needed only where the samples cannot hold them all. */
			if (hist_bytes && (shift || cap < per_phase[p])) {
				t->hist[p] = kvcalloc(KMB_HIST_BUCKETS,
						      sizeof(u32), GFP_KERNEL);
				if (!t->hist[p])
					return -ENOMEM;
			}
		}
		if (st->pattern->holds_batch) {
			t->objs = kvmalloc_array(kc->batch, sizeof(*t->objs),
						 GFP_KERNEL);
			if (!t->objs)
				return -ENOMEM;
		}
		if (ops->alloc_bulk) {
			t->bulk = kvmalloc_array(kc->batch, sizeof(*t->bulk),
						 GFP_KERNEL);
			if (!t->bulk)
				return -ENOMEM;
		}
	}
	return 0;
}

/* The size of every object of the case, or 0 when each is drawn anew. */
static size_t kmb_fixed_size(const struct kmb_case *kc,
			     const struct kmb_allocator *ops)
{
	if (ops->family == KMB_FAMILY_PAGES && !(ops->flags & KMB_APIF_BYTES))
		return PAGE_SIZE << kc->order;
	if (kc->pattern != KMB_PATTERN_RANDOM_SIZE || kc->size_max == kc->size)
		return kc->size;
	return 0;
}

/* Checks the case and builds its state; nothing is allocated on failure. */
static int kmb_state_init(struct kmb_state **out, struct kmb_run *run)
{
	const struct kmb_case *kc = &run->kcase;
	const struct kmb_allocator *ops = kmb_allocator_get(kc->api);
	struct kmb_state *st;
	u64 rate = kmb_cycles_rate();
	gfp_t gfp;
	u32 i;
	int ret;

	if (!ops)
		return -EOPNOTSUPP;
	ret = kmb_gfp_map(kc->gfp, &gfp);
	if (!ret)
		ret = kmb_case_check(kc, ops);
	if (ret)
		return ret;
	if (run->max_threads < kc->threads)
		return -EINVAL;
	if (kmb_held_bytes(kc, ops) >
	    kmb_mem_available() / KMB_HEADROOM_DIVISOR)
		return -ENOMEM;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->proto.kcase = *kc;
	st->proto.ops = ops;
	/* A failure is a data point here, never worth a stack dump. */
	st->proto.gfp = gfp | __GFP_NOWARN;
	st->pattern = &kmb_patterns[kc->pattern];
	st->nthreads = kc->threads;
	st->grow_steps = ops->resize ? kmb_grow_steps(kc->size, kc->size_max)
				     : 0;
	st->chunk_cycles = rate ? div_u64(rate * KMB_CHUNK_US, USEC_PER_SEC)
				: U64_MAX;
	atomic_set(&st->stop, KMB_STOP_NONE);
	atomic_set(&st->running, st->nthreads);
	init_completion(&st->start);
	init_completion(&st->all_done);
	kmb_barrier_init(&st->barrier, st->nthreads);
	st->memcg = get_mem_cgroup_from_mm(current->mm);

	st->threads = kvcalloc(st->nthreads, sizeof(*st->threads), GFP_KERNEL);
	if (!st->threads) {
		ret = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < st->nthreads; i++) {
		struct kmb_thread *t = &st->threads[i];

		t->job = st->proto;
		t->job.thread = i;
		t->fixed_size = kmb_fixed_size(kc, ops);
		snprintf(t->job.name, sizeof(t->job.name), "kmembench-%u", i);
		t->st = st;
		kmb_irq_init(t);
		prandom_seed_state(&t->rnd,
				   kc->seed + i * 0x9e3779b97f4a7c15ULL);
	}
	ret = kmb_pick_cpus(st, run->cpus_ptr);
	if (!ret)
		ret = kmb_buffers_alloc(st, run, &run->sample_bytes);
	if (ret)
		goto fail;
	*out = st;
	return 0;
fail:
	kmb_state_free(st);
	return ret;
}

static int kmb_threads_create(struct kmb_state *st)
{
	u32 i;

	for (i = 0; i < st->nthreads; i++) {
		struct kmb_thread *t = &st->threads[i];
		struct task_struct *task;

		task = kthread_create(kmb_thread_fn, t, "kmembench/%u", i);
		if (IS_ERR(task)) {
			/* Never woken: kthread_stop() ends them unrun. */
			while (i--) {
				kthread_stop(st->threads[i].task);
				st->threads[i].task = NULL;
			}
			return PTR_ERR(task);
		}
		kthread_bind(task, t->cpu);
		t->task = task;
	}
	return 0;
}

/*
 * Waits for the threads, looking for a signal every KMB_POLL_MS: any
 * signal stops the case (not only a fatal one), so that the runner's SIGINT
 * handler gets to write what was measured.
 */
static void kmb_wait_threads(struct kmb_state *st)
{
	long left;

	do {
		left = wait_for_completion_interruptible_timeout(&st->all_done,
					msecs_to_jiffies(KMB_POLL_MS));
	} while (left == 0);
	if (left < 0) {
		kmb_request_stop(st, KMB_STOP_SIGNAL);
		wait_for_completion(&st->all_done);
	}
}

/* Min and max of a phase whose samples hold every operation. */
static void kmb_samples_spread(struct kmb_phase_result *r, const u64 *v)
{
	u64 i;

	for (i = 0; i < r->samples; i++) {
		r->min_cycles = min(r->min_cycles, v[i]);
		r->max_cycles = max(r->max_cycles, v[i]);
	}
}

/*
 * What the loop leaves for the end: how many sample slots were filled, min
 * and max where the loop did not keep them, no minimum in a phase without
 * timed samples.
 */
static void kmb_results_settle(struct kmb_thread *t)
{
	u32 p;

	for (p = 0; p < KMB_PHASE_NR; p++) {
		struct kmb_phase_result *r = &t->res[p];
		u64 shift = t->sample_shift[p];

		if (t->samples[p])
			r->samples = min_t(u64, t->cap,
					   (r->ops + BIT_ULL(shift) - 1) >> shift);
		if (t->all_sampled[p])
			kmb_samples_spread(r, t->samples[p]);
		if (!r->ops || t->timing == KMB_TIMING_AMORTISED)
			r->min_cycles = 0;
	}
}

/* Runs the case from allocator setup to teardown; frees every object. */
static int kmb_execute(struct kmb_state *st, struct kmb_run *run)
{
	const struct kmb_allocator *ops = st->proto.ops;
	u32 budget_ms = st->proto.kcase.budget_ms ?: KMB_DEFAULT_BUDGET_MS;
	u64 t0, c0, subtract = 0;
	u32 i;
	int ret;

	if (ops->setup) {
		ret = ops->setup(&st->proto);
		if (ret)
			return ret;
		for (i = 0; i < st->nthreads; i++)
			st->threads[i].job.private = st->proto.private;
	}
	if (run->flags & KMB_RUN_VERIFY)
		kmb_verify_case(&st->proto, run);
	ret = kmb_threads_create(st);
	if (ret)
		goto teardown;

	run->timer_overhead_cycles = kmb_timer_overhead();
	run->timer_read_cycles = kmb_timer_read_cost();
	if (run->flags & KMB_RUN_SUBTRACT_OVERHEAD)
		subtract = run->timer_overhead_cycles;
	for (i = 0; i < st->nthreads; i++)
		st->threads[i].subtract = subtract;

	t0 = ktime_get_ns();
	c0 = kmb_cycles();
	st->deadline_ns = t0 + (u64)budget_ms * NSEC_PER_MSEC;
	for (i = 0; i < st->nthreads; i++)
		wake_up_process(st->threads[i].task);
	complete_all(&st->start);
	kmb_wait_threads(st);
	run->calib_cycles = kmb_cycles() - c0;
	run->calib_ns = ktime_get_ns() - t0;
	run->stopped = atomic_read(&st->stop);

	for (i = 0; i < st->nthreads; i++) {
		struct kmb_thread *t = &st->threads[i];

		kthread_stop(t->task);
		kmb_thread_release(t);
		run->peak_objects += t->peak_objects;
		run->peak_bytes += t->peak_bytes;
		run->ctx_ops += t->irq.ops;
		if (t->irq.wrong)
			ret = -EPROTO;
		kmb_results_settle(t);
	}
	if (ret)
		pr_err("case not run: an interrupt ran its chunk outside the %s context or on another CPU\n",
		       st->proto.kcase.context == KMB_CTX_HARDIRQ ?
		       "hardirq" : "softirq");
teardown:
	if (ops->teardown)
		ops->teardown(&st->proto);
	return ret;
}

static int kmb_copy_out(const struct kmb_state *st, struct kmb_run *run,
			struct kmb_run __user *uarg)
{
	struct kmb_phase_result __user *res = u64_to_user_ptr(run->result_ptr);
	u64 __user *samples = u64_to_user_ptr(run->samples_ptr);
	u32 __user *hist = u64_to_user_ptr(run->hist_ptr);
	u32 i, p;

	for (i = 0; i < st->nthreads; i++) {
		const struct kmb_thread *t = &st->threads[i];

		if (copy_to_user(res + (u64)i * KMB_PHASE_NR, t->res,
				 sizeof(t->res)))
			return -EFAULT;
		for (p = 0; p < KMB_PHASE_NR; p++) {
			u64 slot = (u64)i * KMB_PHASE_NR + p;

			if (t->samples[p] &&
			    copy_to_user(samples + slot * run->samples_cap,
					 t->samples[p],
					 t->res[p].samples * sizeof(u64)))
				return -EFAULT;
			if (t->hist[p] &&
			    copy_to_user(hist + slot * KMB_HIST_BUCKETS,
					 t->hist[p],
					 KMB_HIST_BUCKETS * sizeof(u32)))
				return -EFAULT;
		}
	}
	if (run->stopped)
		run->stop_ns = ktime_get_ns() - READ_ONCE(st->stop_at_ns);
	return copy_to_user(uarg, run, sizeof(*run)) ? -EFAULT : 0;
}

/**
 * kmb_run_ioctl() - KMB_IOC_RUN: run one case and return what it measured
 * @uarg: struct kmb_run in user memory
 *
 * The sample request is clamped so that the module never holds more than
 * KMB_SAMPLES_MAX_BYTES of samples and histograms; kmb_run.samples_cap and
 * kmb_phase_result.samples tell the caller what was written.
 *
 * Return: 0 (also when the case stopped early: see kmb_run.stopped),
 * -EINVAL for a malformed or impossible case (a sleeping API or GFP set in
 * an interrupt context among them), -EIO when the platform refuses the
 * case's DMA mask, -EPROTO when an interrupt context's chunk found itself
 * elsewhere (nothing of the case is returned), -EOPNOTSUPP
 * for an API this module does not have, -ENOMEM when it would eat into the memory headroom
 * or buffers could not be had, -EFAULT for bad user pointers, -EINTR when
 * a signal came while waiting for another case to end.
 */
long kmb_run_ioctl(struct kmb_run __user *uarg)
{
	struct kmb_state *st = NULL;
	struct kmb_run run;
	int ret;

	if (copy_from_user(&run, uarg, sizeof(run)))
		return -EFAULT;
	if (run.run_size != sizeof(run) || run.flags & ~KMB_RUN_VALID_FLAGS ||
	    run.reserved || run.verify_pad || !run.result_ptr)
		return -EINVAL;
	run.timer_overhead_cycles = 0;
	run.timer_read_cycles = 0;
	run.calib_cycles = 0;
	run.calib_ns = 0;
	run.stopped = KMB_STOP_NONE;
	run.sample_bytes = 0;
	run.stop_ns = 0;
	run.peak_objects = 0;
	run.peak_bytes = 0;
	run.verify_checked = 0;
	run.verify_failed = 0;
	run.verify_objects = 0;
	run.verify_scattered = 0;
	run.verify_zones = 0;
	run.ctx_ops = 0;

	if (mutex_lock_interruptible(&kmb_run_lock))
		return -EINTR;
	ret = kmb_state_init(&st, &run);
	if (!ret)
		ret = kmb_execute(st, &run);
	if (!ret)
		ret = kmb_copy_out(st, &run, uarg);
	if (st)
		kmb_state_free(st);
	mutex_unlock(&kmb_run_lock);
	return ret;
}
