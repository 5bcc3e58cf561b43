// SPDX-License-Identifier: GPL-2.0
/*
 * The timed loops: one function per allocation pattern, run by every thread
 * of a case (kmb_thread.c), the primitives they share (a timed allocation, a
 * timed free, a chunk of operations run in the case's context) and the
 * pattern table.
 */
#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

#include "kmb_engine.h"

/* A sample of 2^32 cycles or more: its square needs 128 bits. */
static noinline void kmb_sumsq_add_wide(struct kmb_phase_result *r, u64 x)
{
	u64 hi, lo;

#ifdef __SIZEOF_INT128__
	unsigned __int128 sq = (unsigned __int128)x * x;

	lo = (u64)sq;
	hi = (u64)(sq >> 64);
#else
	u64 a = x >> 32, b = (u32)x, mid = a * b;

	lo = b * b;
	hi = a * a + (mid >> 31);
	mid <<= 33;
	lo += mid;
	hi += lo < mid;
#endif
	r->sumsq_lo += lo;
	r->sumsq_hi += hi + (r->sumsq_lo < lo);
}

/* Adds @x squared to the phase's 128-bit sum of squares. */
static __always_inline void kmb_sumsq_add(struct kmb_phase_result *r, u64 x)
{
	u64 sq;

	if (unlikely(x >> 32)) {
		kmb_sumsq_add_wide(r, x);
		return;
	}
	sq = x * x;
	r->sumsq_lo += sq;
	r->sumsq_hi += r->sumsq_lo < sq;
}

/* Where the samples cannot hold them all: the histogram, min and max. */
static __always_inline void kmb_record_spread(struct kmb_thread *t,
					      struct kmb_phase_result *r,
					      enum kmb_phase phase, u64 delta)
{
	if (t->hist[phase])
		t->hist[phase][kmb_hist_bucket(delta)]++;
	if (delta < r->min_cycles)
		r->min_cycles = delta;
	if (delta > r->max_cycles)
		r->max_cycles = delta;
}

/*
 * Everything the loop does per timed operation besides timing it, kept to a
 * few dozen instructions: the sample store, the sums and, only where the
 * samples cannot hold every operation, the histogram, min and max
 * (kmb_results_settle() finds them in the samples otherwise).
 */
static __always_inline void kmb_record(struct kmb_thread *t,
				       enum kmb_phase phase, u64 delta)
{
	struct kmb_phase_result *r = &t->res[phase];
	u64 slot = r->ops >> t->sample_shift[phase];

	delta = delta > t->subtract ? delta - t->subtract : 0;
	if (slot < t->cap)
		t->samples[phase][slot] = delta;
	if (unlikely(!t->all_sampled[phase]))
		kmb_record_spread(t, r, phase, delta);
	r->ops++;
	r->total_cycles += delta;
	kmb_sumsq_add(r, delta);
}

/*
 * What was asked for and what came back, for the slack figures: every
 * KMB_NOTE_EVERY-th operation of a phase (ksize() is dearer than the rest
 * of the loop's bookkeeping together). Call before counting the operation.
 */
static noinline void kmb_note_sizes(struct kmb_thread *t, enum kmb_phase phase,
				    void *obj, size_t size, u32 n)
{
	const struct kmb_allocator *ops = t->job.ops;
	struct kmb_phase_result *r = &t->res[phase];

	r->noted++;
	r->bytes_requested += (u64)size * n;
	if (ops->usable)
		r->bytes_usable += (u64)ops->usable(&t->job, obj, size) * n;
}

static __always_inline void kmb_note(struct kmb_thread *t, enum kmb_phase phase,
				     void *obj, size_t size, u32 n)
{
	if (unlikely(!(t->res[phase].ops % KMB_NOTE_EVERY)))
		kmb_note_sizes(t, phase, obj, size, n);
}

/*
 * One successful operation timed from @c0 to @c1, or, amortised, only
 * counted (its chunk is timed as a whole).
 */
static __always_inline void kmb_done(struct kmb_thread *t,
				     const enum kmb_timing tm,
				     enum kmb_phase phase, void *obj,
				     size_t size, u32 n, u64 c0, u64 c1)
{
	if (tm == KMB_TIMING_INJECT && phase == KMB_PHASE_ALLOC)
		c1 = kmb_inject_spin(t, c0, c1);
	if (phase != KMB_PHASE_FREE)
		kmb_note(t, phase, obj, size, n);
	if (tm == KMB_TIMING_AMORTISED)
		t->res[phase].ops++;
	else
		kmb_record(t, phase, c1 - c0);
}

/**
 * struct kmb_chunk - a stretch of operations between two checkpoints
 * @irqflags: saved by local_irq_save() in the irq-off context
 * @c0: cycle counter when the stretch began
 * @t0: ktime when it began, for the phase's batch time
 * @ops: operations so far
 * @phase: the phase whose batch time the stretch adds to
 * @body: in the interrupt contexts, the loop's chunk built for the thread's
 *	timing mode, which the interrupt runs
 * @arg: the loop's place, for @body
 */
struct kmb_chunk {
	unsigned long irqflags;
	u64 c0;
	u64 t0;
	u32 ops;
	enum kmb_phase phase;
	void (*body)(struct kmb_thread *t, struct kmb_chunk *ch, void *arg);
	void *arg;
};

static __always_inline void kmb_chunk_start(struct kmb_thread *t,
					    struct kmb_chunk *ch)
{
	ch->ops = 0;
	ch->t0 = ktime_get_ns();
	ch->c0 = kmb_cycles();
	t->last_cycles = ch->c0;
}

/* Returns false, and enters nothing, when the case must stop. */
static bool kmb_chunk_begin(struct kmb_thread *t, struct kmb_chunk *ch,
			    enum kmb_phase phase)
{
	if (!kmb_go_on(t))
		return false;
	ch->phase = phase;
	if (t->job.kcase.context == KMB_CTX_PREEMPT_OFF)
		preempt_disable();
	else if (t->job.kcase.context == KMB_CTX_IRQ_OFF)
		local_irq_save(ch->irqflags);
	kmb_chunk_start(t, ch);
	return true;
}

/*
 * Whether the chunk may take one more operation. Timed runs judge its
 * length by the end of the last timed operation rather than a read of
 * their own; amortised runs have no such read and pay for one.
 */
static __always_inline bool kmb_chunk_more(struct kmb_thread *t,
					   const enum kmb_timing tm,
					   struct kmb_chunk *ch)
{
	u64 now = tm == KMB_TIMING_AMORTISED ? kmb_cycles() : t->last_cycles;

	return ++ch->ops < KMB_CHUNK_OPS &&
	       now - ch->c0 < t->st->chunk_cycles &&
	       !kmb_stopped(t->st);
}

/* Adds the stretch's time to its phase. */
static void kmb_chunk_stop(struct kmb_thread *t, struct kmb_chunk *ch)
{
	struct kmb_phase_result *r = &t->res[ch->phase];
	u64 d = kmb_cycles() - ch->c0;

	if (t->timing == KMB_TIMING_AMORTISED)
		r->total_cycles += d > t->subtract ? d - t->subtract : 0;
	r->batch_cycles += d;
	r->batch_ns += ktime_get_ns() - ch->t0;
}

static void kmb_chunk_end(struct kmb_thread *t, struct kmb_chunk *ch)
{
	kmb_chunk_stop(t, ch);
	if (t->job.kcase.context == KMB_CTX_PREEMPT_OFF)
		preempt_enable();
	else if (t->job.kcase.context == KMB_CTX_IRQ_OFF)
		local_irq_restore(ch->irqflags);
	kmb_live_flush(t);
	cond_resched();
}

/*
 * The interrupt contexts. The thread raises an interrupt on its own CPU
 * (it is bound there) and waits while the interrupt runs one chunk: an
 * irq_work for a hard interrupt, a tasklet for a softirq (scheduled under
 * local_bh_disable(), so that local_bh_enable() runs it at once). The
 * chunk's bound (KMB_CHUNK_OPS operations or KMB_CHUNK_US) is the longest
 * the interrupt lasts. The interrupt checks where it runs before it runs
 * anything; a chunk found elsewhere is not run and fails the case.
 */

/* Operations a thread has done so far: timed ones and failures. */
static u64 kmb_ops_done(const struct kmb_thread *t)
{
	u64 n = 0;
	u32 p;

	for (p = 0; p < KMB_PHASE_NR; p++)
		n += t->res[p].ops + t->res[p].failures;
	return n;
}

/**
 * DOC: ctx_spoil
 *
 * ctx_spoil: validation only, writable at run time
 * (/sys/module/kmembench/parameters/ctx_spoil). While set, every interrupt
 * that runs a chunk takes itself for one in the wrong context or on the
 * wrong CPU: it runs nothing and the case fails with -EPROTO. It shows that
 * the check, its report and the runner's exit status can fail.
 */
static bool ctx_spoil;
module_param(ctx_spoil, bool, 0644);
MODULE_PARM_DESC(ctx_spoil,
		 "validation only: interrupt chunks see themselves in the wrong context");

/*
 * Runs the chunk the thread handed over, from the interrupt, when @in_ctx
 * (the interrupt's own test of its context) holds on the thread's CPU.
 * __GFP_ACCOUNT charges the caller's cgroup here too: outside a task the
 * active memcg is the CPU's.
 */
static void kmb_irq_chunk_run(struct kmb_thread *t, bool in_ctx)
{
	struct kmb_chunk *ch = t->irq.chunk;
	struct mem_cgroup *old_memcg;
	u64 before;

	if (!in_ctx || READ_ONCE(ctx_spoil) || smp_processor_id() != t->cpu) {
		t->irq.wrong = true;
		complete(&t->irq.done);
		return;
	}
	old_memcg = set_active_memcg(t->st->memcg);
	before = kmb_ops_done(t);
	kmb_chunk_start(t, ch);
	ch->body(t, ch, ch->arg);
	kmb_chunk_stop(t, ch);
	t->irq.ops += kmb_ops_done(t) - before;
	set_active_memcg(old_memcg);
	complete(&t->irq.done);
}

static void kmb_hardirq_fn(struct irq_work *work)
{
	struct kmb_thread *t = container_of(work, struct kmb_thread, irq.work);

	kmb_irq_chunk_run(t, in_hardirq());
}

static void kmb_softirq_fn(struct tasklet_struct *tasklet)
{
	struct kmb_thread *t = from_tasklet(t, tasklet, irq.tasklet);

	kmb_irq_chunk_run(t, in_serving_softirq() && !in_hardirq());
}

void kmb_irq_init(struct kmb_thread *t)
{
	t->irq.work = IRQ_WORK_INIT_HARD(kmb_hardirq_fn);
	tasklet_setup(&t->irq.tasklet, kmb_softirq_fn);
	init_completion(&t->irq.done);
}

void kmb_irq_fini(struct kmb_thread *t)
{
	irq_work_sync(&t->irq.work);
	tasklet_kill(&t->irq.tasklet);
}

/*
 * One chunk of @body run from the case's interrupt on the thread's CPU.
 * Returns false, having run nothing, when the case must stop, and false
 * when the interrupt found itself in the wrong context (the case stops).
 */
static bool kmb_irq_chunk(struct kmb_thread *t, struct kmb_chunk *ch,
			  enum kmb_phase phase,
			  void (*body)(struct kmb_thread *t,
				       struct kmb_chunk *ch, void *arg),
			  void *arg)
{
	if (!kmb_go_on(t))
		return false;
	ch->phase = phase;
	ch->body = body;
	ch->arg = arg;
	t->irq.chunk = ch;
	reinit_completion(&t->irq.done);
	if (t->job.kcase.context == KMB_CTX_HARDIRQ) {
		/* Pending already cannot be: the last chunk completed. */
		if (!irq_work_queue(&t->irq.work))
			t->irq.wrong = true;
	} else {
		local_bh_disable();
		tasklet_schedule(&t->irq.tasklet);
		local_bh_enable();
	}
	if (!t->irq.wrong)
		wait_for_completion(&t->irq.done);
	kmb_live_flush(t);
	if (t->irq.wrong) {
		/* The reason is moot: the ioctl fails with -EPROTO. */
		kmb_request_stop(t->st, KMB_STOP_BUDGET);
		return false;
	}
	cond_resched();
	return true;
}

/*
 * Each loop's chunk, @body(t, tm, ch, arg), built once per timing mode as a
 * function the interrupt can call: kmb_<body>_irq[timing].
 */
#define KMB_CHUNK_IRQ(body)						\
static void kmb_##body##_irq_each(struct kmb_thread *t,		\
				  struct kmb_chunk *ch, void *arg)	\
{									\
	kmb_##body(t, KMB_TIMING_EACH, ch, arg);			\
}									\
static void kmb_##body##_irq_inject(struct kmb_thread *t,		\
				    struct kmb_chunk *ch, void *arg)	\
{									\
	kmb_##body(t, KMB_TIMING_INJECT, ch, arg);			\
}									\
static void kmb_##body##_irq_amortised(struct kmb_thread *t,		\
				       struct kmb_chunk *ch, void *arg)	\
{									\
	kmb_##body(t, KMB_TIMING_AMORTISED, ch, arg);			\
}									\
static void (*const kmb_##body##_irq[])(struct kmb_thread *t,		\
					struct kmb_chunk *ch,		\
					void *arg) = {			\
	[KMB_TIMING_EACH] = kmb_##body##_irq_each,			\
	[KMB_TIMING_INJECT] = kmb_##body##_irq_inject,			\
	[KMB_TIMING_AMORTISED] = kmb_##body##_irq_amortised,		\
}

/* Whether the thread runs its chunks from an interrupt. */
static inline bool kmb_in_irq_ctx(const struct kmb_thread *t)
{
	return KMB_CTX_IN_IRQ(t->job.kcase.context);
}

/*
 * The timed primitives are inlined into each loop, and each loop is built
 * once per timing mode (@tm is a constant there): a call, its prologue, a
 * return thunk or a test of the mode around every operation would be most
 * of the harness. The loops keep the live counters.
 */
static __always_inline void *kmb_alloc_timed(struct kmb_thread *t,
					     const enum kmb_timing tm,
					     size_t size)
{
	const struct kmb_allocator *ops = t->job.ops;
	u64 c0 = 0, c1 = 0;
	void *obj;

	if (tm != KMB_TIMING_AMORTISED)
		c0 = kmb_cycles();
	obj = ops->alloc(&t->job, size);
	if (tm != KMB_TIMING_AMORTISED) {
		c1 = kmb_cycles();
		t->last_cycles = c1;
	}
	if (unlikely(!obj)) {
		t->res[KMB_PHASE_ALLOC].failures++;
		return NULL;
	}
	kmb_done(t, tm, KMB_PHASE_ALLOC, obj, size, 1, c0, c1);
	return obj;
}

static __always_inline void kmb_free_timed(struct kmb_thread *t,
					   const enum kmb_timing tm,
					   void *obj, size_t size)
{
	const struct kmb_allocator *ops = t->job.ops;
	u64 c0 = 0, c1 = 0;

	if (tm != KMB_TIMING_AMORTISED)
		c0 = kmb_cycles();
	ops->free(&t->job, obj, size);
	if (tm != KMB_TIMING_AMORTISED) {
		c1 = kmb_cycles();
		t->last_cycles = c1;
	}
	if (tm == KMB_TIMING_AMORTISED)
		t->res[KMB_PHASE_FREE].ops++;
	else
		kmb_record(t, KMB_PHASE_FREE, c1 - c0);
}

/* One bulk allocation of kmb_case.batch objects and its bulk free. */
static __always_inline void kmb_bulk_pair(struct kmb_thread *t,
					  const enum kmb_timing tm, size_t size)
{
	const struct kmb_allocator *ops = t->job.ops;
	u32 n = t->job.kcase.batch;
	u64 c0 = 0, c1 = 0;
	int got;

	if (tm != KMB_TIMING_AMORTISED)
		c0 = kmb_cycles();
	got = ops->alloc_bulk(&t->job, n, t->bulk);
	if (tm != KMB_TIMING_AMORTISED) {
		c1 = kmb_cycles();
		t->last_cycles = c1;
	}
	if (got <= 0) {
		t->res[KMB_PHASE_ALLOC].failures++;
		return;
	}
	kmb_done(t, tm, KMB_PHASE_ALLOC, t->bulk[0], size, got, c0, c1);

	if (tm != KMB_TIMING_AMORTISED)
		c0 = kmb_cycles();
	ops->free_bulk(&t->job, got, t->bulk);
	if (tm != KMB_TIMING_AMORTISED) {
		c1 = kmb_cycles();
		t->last_cycles = c1;
	}
	kmb_done(t, tm, KMB_PHASE_FREE, NULL, 0, 0, c0, c1);
}

/* One timed krealloc step; false, with @o untouched, when it failed. */
static __always_inline bool kmb_resize_timed(struct kmb_thread *t,
					     const enum kmb_timing tm,
					     enum kmb_phase phase,
					     struct kmb_obj *o, size_t size)
{
	u64 c0 = 0, c1 = 0;
	void *p;

	if (tm != KMB_TIMING_AMORTISED)
		c0 = kmb_cycles();
	p = t->job.ops->resize(&t->job, o->ptr, size);
	if (tm != KMB_TIMING_AMORTISED) {
		c1 = kmb_cycles();
		t->last_cycles = c1;
	}
	if (unlikely(!p)) {
		t->res[phase].failures++;
		return false;
	}
	if (p != o->ptr)
		t->res[phase].moved++;
	kmb_done(t, tm, phase, p, size, 1, c0, c1);
	o->ptr = p;
	o->size = size;
	return true;
}

/*
 * Grow by doubling from size to size_max (the last step lands on size_max),
 * then shrink back through the same sizes, the way a buffer that grows and
 * is trimmed again lives.
 */
static __always_inline void kmb_krealloc_chain(struct kmb_thread *t,
					       const enum kmb_timing tm,
					       struct kmb_obj *o)
{
	const struct kmb_case *kc = &t->job.kcase;
	u32 steps = t->st->grow_steps, k;

	for (k = 1; k <= steps; k++) {
		size_t next = k < steps ? kc->size << k : kc->size_max;

		if (!kmb_resize_timed(t, tm, KMB_PHASE_GROW, o, next))
			break;
	}
	for (k = steps; k-- > 0;) {
		size_t next = kc->size << k;

		if (next < o->size &&
		    !kmb_resize_timed(t, tm, KMB_PHASE_SHRINK, o, next))
			break;
	}
}

/*
 * A pair holds its object only within the iteration: the live counters,
 * which say what the module holds between operations, leave it out (one
 * fewer thing per operation); kmb_run_pair() counts it in the peak.
 */
static __always_inline void kmb_pair_one(struct kmb_thread *t,
					 const enum kmb_timing tm)
{
	struct kmb_obj o;

	/* Bulk rows run pairs of one size: the case's, or the order's pages. */
	if (t->bulk) {
		kmb_bulk_pair(t, tm, t->fixed_size);
		return;
	}
	o.size = kmb_pick_size(t);
	o.ptr = kmb_alloc_timed(t, tm, o.size);
	if (!o.ptr)
		return;
	if (unlikely(t->st->grow_steps))
		kmb_krealloc_chain(t, tm, &o);
	kmb_free_timed(t, tm, o.ptr, o.size);
}

static __always_inline void kmb_pair_chunk(struct kmb_thread *t,
					   const enum kmb_timing tm,
					   struct kmb_chunk *ch, void *arg)
{
	const u32 n = t->job.kcase.iterations;

	do {
		kmb_pair_one(t, tm);
		t->iter++;
	} while (t->iter < n && kmb_chunk_more(t, tm, ch));
}

KMB_CHUNK_IRQ(pair_chunk);

static __always_inline void kmb_pair_loop(struct kmb_thread *t,
					  const enum kmb_timing tm)
{
	const u32 n = t->job.kcase.iterations;
	struct kmb_chunk ch;

	while (t->iter < n && kmb_chunk_begin(t, &ch, KMB_PHASE_ALLOC)) {
		kmb_pair_chunk(t, tm, &ch, NULL);
		kmb_chunk_end(t, &ch);
	}
}

static void kmb_pair_irq_loop(struct kmb_thread *t)
{
	const u32 n = t->job.kcase.iterations;
	struct kmb_chunk ch;

	while (t->iter < n &&
	       kmb_irq_chunk(t, &ch, KMB_PHASE_ALLOC,
			     kmb_pair_chunk_irq[t->timing], NULL))
		;
}

/*
 * Calls @loop(@t, mode) with the thread's timing mode as a constant, so
 * that the compiler builds one copy of the loop per mode.
 */
#define KMB_PER_TIMING(loop, t, ...)					\
	do {								\
		switch ((t)->timing) {					\
		case KMB_TIMING_AMORTISED:				\
			loop(t, KMB_TIMING_AMORTISED, ##__VA_ARGS__);	\
			break;						\
		case KMB_TIMING_INJECT:					\
			loop(t, KMB_TIMING_INJECT, ##__VA_ARGS__);	\
			break;						\
		default:						\
			loop(t, KMB_TIMING_EACH, ##__VA_ARGS__);	\
		}							\
	} while (0)

/* pair and random-size: allocate, free at once. */
static void kmb_run_pair(struct kmb_thread *t)
{
	const struct kmb_case *kc = &t->job.kcase;

	if (kmb_in_irq_ctx(t))
		kmb_pair_irq_loop(t);
	else
		KMB_PER_TIMING(kmb_pair_loop, t);
	/* Between chunks a pair holds nothing; during one, its objects. */
	if (t->iter)
		kmb_peak_note(t, t->bulk ? kc->batch : 1,
			      (u64)(t->bulk ? kc->batch : 1) *
			      max(kc->size, kc->size_max));
}

/*
 * The fill and drain loops keep their place in locals and settle the
 * thread's count, progress and live counters once per chunk: stores to the
 * thread inside the loop would be reloaded after every call.
 */
/* Where a fill is: @i of @n allocations attempted. */
struct kmb_fill_pos {
	u32 i;
	u32 n;
};

static __always_inline void kmb_fill_chunk(struct kmb_thread *t,
					   const enum kmb_timing tm,
					   struct kmb_chunk *ch, void *arg)
{
	struct kmb_fill_pos *pos = arg;
	struct kmb_obj *o = t->objs + t->nobjs, *first = o;
	u32 i = pos->i, from = i, n = pos->n;
	s64 bytes = 0;

	do {
		size_t size = kmb_pick_size(t);
		void *obj = kmb_alloc_timed(t, tm, size);

		if (obj) {
			o->ptr = obj;
			o->size = size;
			o++;
			bytes += size;
		}
	} while (++i < n && kmb_chunk_more(t, tm, ch));
	pos->i = i;
	t->nobjs += o - first;
	t->iter += i - from;
	kmb_live(t, o - first, bytes);
}

KMB_CHUNK_IRQ(fill_chunk);

static __always_inline void kmb_fill_loop(struct kmb_thread *t,
					  const enum kmb_timing tm, u32 n)
{
	struct kmb_fill_pos pos = { .n = n };
	struct kmb_chunk ch;

	while (pos.i < n && kmb_chunk_begin(t, &ch, KMB_PHASE_ALLOC)) {
		kmb_fill_chunk(t, tm, &ch, &pos);
		kmb_chunk_end(t, &ch);
	}
}

/* Allocates up to @n objects into t->objs, each timed. */
static void kmb_fill(struct kmb_thread *t, u32 n)
{
	struct kmb_fill_pos pos = { .n = n };
	struct kmb_chunk ch;

	if (!kmb_in_irq_ctx(t)) {
		KMB_PER_TIMING(kmb_fill_loop, t, n);
		return;
	}
	while (pos.i < n &&
	       kmb_irq_chunk(t, &ch, KMB_PHASE_ALLOC,
			     kmb_fill_chunk_irq[t->timing], &pos))
		;
}

/* @arg is the thread whose objects are freed. */
static __always_inline void kmb_drain_chunk(struct kmb_thread *t,
					    const enum kmb_timing tm,
					    struct kmb_chunk *ch, void *arg)
{
	struct kmb_thread *owner = arg;
	struct kmb_obj *o = owner->objs + owner->nobjs, *last = o;
	s64 bytes = 0;

	do {
		o--;
		bytes += o->size;
		kmb_free_timed(t, tm, o->ptr, o->size);
	} while (o > owner->objs && kmb_chunk_more(t, tm, ch));
	owner->nobjs = o - owner->objs;
	kmb_live(t, -(last - o), -bytes);
}

KMB_CHUNK_IRQ(drain_chunk);

static __always_inline void kmb_drain_loop(struct kmb_thread *t,
					   const enum kmb_timing tm,
					   struct kmb_thread *owner)
{
	struct kmb_chunk ch;

	while (owner->nobjs && kmb_chunk_begin(t, &ch, KMB_PHASE_FREE)) {
		kmb_drain_chunk(t, tm, &ch, owner);
		kmb_chunk_end(t, &ch);
	}
}

/* Frees, each timed, what @owner holds, last allocated first. */
static void kmb_drain(struct kmb_thread *t, struct kmb_thread *owner)
{
	struct kmb_chunk ch;

	if (!kmb_in_irq_ctx(t)) {
		KMB_PER_TIMING(kmb_drain_loop, t, owner);
		return;
	}
	while (owner->nobjs &&
	       kmb_irq_chunk(t, &ch, KMB_PHASE_FREE,
			     kmb_drain_chunk_irq[t->timing], owner))
		;
}

/* Fisher-Yates, so that the drain frees in a random order. */
static void kmb_shuffle(struct kmb_thread *t)
{
	u32 i;

	for (i = t->nobjs; i > 1; i--) {
		u32 j = prandom_u32_state(&t->rnd) % i;

		swap(t->objs[i - 1], t->objs[j]);
	}
}

/*
 * kmem_cache_shrink() once the batch is back: timed on its own, in process
 * context (KMB_APIF_SHRINK rows sleep), as one operation of its phase.
 */
static void kmb_shrink_timed(struct kmb_thread *t)
{
	struct kmb_chunk ch;
	u64 c0, c1;

	if (!kmb_chunk_begin(t, &ch, KMB_PHASE_SHRINK))
		return;
	c0 = kmb_cycles();
	t->job.ops->shrink(&t->job);
	c1 = kmb_cycles();
	t->last_cycles = c1;
	if (t->timing == KMB_TIMING_AMORTISED)
		t->res[KMB_PHASE_SHRINK].ops++;
	else
		kmb_record(t, KMB_PHASE_SHRINK, c1 - c0);
	kmb_chunk_end(t, &ch);
}

static void kmb_batch_rounds(struct kmb_thread *t, bool shuffle)
{
	const struct kmb_case *kc = &t->job.kcase;

	while (t->iter < kc->iterations && !kmb_stopped(t->st)) {
		kmb_fill(t, min(kc->batch, kc->iterations - t->iter));
		if (shuffle)
			kmb_shuffle(t);
		kmb_drain(t, t);
		if (t->job.ops->shrink && !t->nobjs)
			kmb_shrink_timed(t);
	}
}

static void kmb_run_batch(struct kmb_thread *t)
{
	kmb_batch_rounds(t, false);
}

static void kmb_run_random_free(struct kmb_thread *t)
{
	kmb_batch_rounds(t, true);
}

/*
 * Every thread fills its own batch on its CPU, then frees its neighbour's
 * on its own CPU: each free is a remote one. The barriers keep a batch from
 * being freed while it is still being filled.
 */
static void kmb_run_remote_free(struct kmb_thread *t)
{
	struct kmb_state *st = t->st;
	struct kmb_thread *peer = &st->threads[(t->job.thread + 1) %
					       st->nthreads];
	const struct kmb_case *kc = &t->job.kcase;

	while (t->iter < kc->iterations) {
		kmb_fill(t, min(kc->batch, kc->iterations - t->iter));
		if (!kmb_barrier_wait(st))
			return;
		kmb_drain(t, peer);
		if (!kmb_barrier_wait(st))
			return;
	}
}

/* hold: kmb_case.batch objects stay live while pairs are timed. */
static void kmb_run_hold(struct kmb_thread *t)
{
	const struct kmb_case *kc = &t->job.kcase;
	u32 i;

	for (i = 0; i < kc->batch; i++) {
		size_t size = kmb_pick_size(t);
		void *obj;

		if (i % KMB_UNTIMED_OPS == 0) {
			if (!kmb_go_on(t))
				return;
			kmb_live_flush(t);
			cond_resched();
		}
		obj = t->job.ops->alloc(&t->job, size);
		if (!obj)
			continue;
		t->objs[t->nobjs].ptr = obj;
		t->objs[t->nobjs].size = size;
		t->nobjs++;
		kmb_live(t, 1, size);
	}
	kmb_live_flush(t);
	kmb_run_pair(t);
	kmb_thread_release(t);
}

#define KMB_PATTERN_OPS(ID, run_, name_, min_threads_, holds_batch_)	\
	[KMB_PATTERN_##ID] = {						\
		.name = name_, .min_threads = min_threads_,		\
		.holds_batch = holds_batch_, .run = kmb_run_##run_,	\
	},

const struct kmb_pattern_ops kmb_patterns[KMB_PATTERN_NR] = {
	KMB_PATTERNS(KMB_PATTERN_OPS)
};

