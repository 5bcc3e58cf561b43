// SPDX-License-Identifier: GPL-2.0
/*
 * The timed loops: one function per allocation pattern, run by every thread
 * of a case (kmb_thread.c), the primitives they share (a timed allocation, a
 * timed free, a chunk of operations run in the case's context) and the
 * pattern table.
 */
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

static void kmb_record(struct kmb_thread *t, enum kmb_phase phase, u64 delta)
{
	struct kmb_phase_result *r = &t->res[phase];

	delta = delta > t->subtract ? delta - t->subtract : 0;
	if (t->samples[phase] && r->samples < t->cap &&
	    r->ops % t->stride[phase] == 0)
		t->samples[phase][r->samples++] = delta;
	if (t->hist[phase])
		t->hist[phase][kmb_hist_bucket(delta)]++;
	if (!r->ops || delta < r->min_cycles)
		r->min_cycles = delta;
	r->max_cycles = max(r->max_cycles, delta);
	r->ops++;
	r->total_cycles += delta;
}

/* What was asked for and what came back, for the slack figures. */
static void kmb_note(struct kmb_thread *t, enum kmb_phase phase, void *obj,
		     size_t size, u32 n)
{
	const struct kmb_allocator *ops = t->job.ops;
	struct kmb_phase_result *r = &t->res[phase];

	r->bytes_requested += (u64)size * n;
	if (ops->usable)
		r->bytes_usable += (u64)ops->usable(&t->job, obj, size) * n;
}

/**
 * struct kmb_chunk - a stretch of operations between two checkpoints
 * @irqflags: saved by local_irq_save() in the irq-off context
 * @c0: cycle counter when the stretch began
 * @t0: ktime when it began, for the phase's batch time
 * @ops: operations so far
 */
struct kmb_chunk {
	unsigned long irqflags;
	u64 c0;
	u64 t0;
	u32 ops;
};

/* Returns false, and enters nothing, when the case must stop. */
static bool kmb_chunk_begin(struct kmb_thread *t, struct kmb_chunk *ch)
{
	if (!kmb_go_on(t))
		return false;
	if (t->job.kcase.context == KMB_CTX_PREEMPT_OFF)
		preempt_disable();
	else if (t->job.kcase.context == KMB_CTX_IRQ_OFF)
		local_irq_save(ch->irqflags);
	ch->ops = 0;
	ch->t0 = ktime_get_ns();
	ch->c0 = kmb_cycles();
	return true;
}

/* Whether the chunk may take one more operation. */
static bool kmb_chunk_more(struct kmb_thread *t, struct kmb_chunk *ch)
{
	return ++ch->ops < KMB_CHUNK_OPS &&
	       kmb_cycles() - ch->c0 < t->st->chunk_cycles &&
	       !kmb_stopped(t->st);
}

static void kmb_chunk_end(struct kmb_thread *t, struct kmb_chunk *ch,
			  enum kmb_phase phase)
{
	t->res[phase].batch_ns += ktime_get_ns() - ch->t0;
	if (t->job.kcase.context == KMB_CTX_PREEMPT_OFF)
		preempt_enable();
	else if (t->job.kcase.context == KMB_CTX_IRQ_OFF)
		local_irq_restore(ch->irqflags);
	kmb_live_flush(t);
	cond_resched();
}

static void *kmb_alloc_timed(struct kmb_thread *t, size_t size)
{
	const struct kmb_allocator *ops = t->job.ops;
	u64 c0, c1;
	void *obj;

	c0 = kmb_cycles();
	obj = ops->alloc(&t->job, size);
	c1 = kmb_cycles();
	if (!obj) {
		t->res[KMB_PHASE_ALLOC].failures++;
		return NULL;
	}
	if (kmb_injecting(t))
		c1 = kmb_inject_spin(t, c0, c1);
	kmb_record(t, KMB_PHASE_ALLOC, c1 - c0);
	kmb_note(t, KMB_PHASE_ALLOC, obj, size, 1);
	kmb_live(t, 1, size);
	return obj;
}

static void kmb_free_timed(struct kmb_thread *t, void *obj, size_t size)
{
	const struct kmb_allocator *ops = t->job.ops;
	u64 c0, c1;

	c0 = kmb_cycles();
	ops->free(&t->job, obj, size);
	c1 = kmb_cycles();
	kmb_record(t, KMB_PHASE_FREE, c1 - c0);
	kmb_live(t, -1, -(s64)size);
}

/* One bulk allocation of kmb_case.batch objects and its bulk free. */
static void kmb_bulk_pair(struct kmb_thread *t, size_t size)
{
	const struct kmb_allocator *ops = t->job.ops;
	u32 n = t->job.kcase.batch;
	u64 c0, c1;
	int got;

	c0 = kmb_cycles();
	got = ops->alloc_bulk(&t->job, n, t->bulk);
	c1 = kmb_cycles();
	if (got <= 0) {
		t->res[KMB_PHASE_ALLOC].failures++;
		return;
	}
	if (kmb_injecting(t))
		c1 = kmb_inject_spin(t, c0, c1);
	kmb_record(t, KMB_PHASE_ALLOC, c1 - c0);
	kmb_note(t, KMB_PHASE_ALLOC, t->bulk[0], size, got);
	kmb_live(t, got, (s64)size * got);

	c0 = kmb_cycles();
	ops->free_bulk(&t->job, got, t->bulk);
	c1 = kmb_cycles();
	kmb_record(t, KMB_PHASE_FREE, c1 - c0);
	kmb_live(t, -got, -(s64)size * got);
}

/* One timed krealloc step; false, with @o untouched, when it failed. */
static bool kmb_resize_timed(struct kmb_thread *t, enum kmb_phase phase,
			     struct kmb_obj *o, size_t size)
{
	u64 c0, c1;
	void *p;

	c0 = kmb_cycles();
	p = t->job.ops->resize(&t->job, o->ptr, size);
	c1 = kmb_cycles();
	if (!p) {
		t->res[phase].failures++;
		return false;
	}
	kmb_record(t, phase, c1 - c0);
	if (p != o->ptr)
		t->res[phase].moved++;
	kmb_note(t, phase, p, size, 1);
	kmb_live(t, 0, (s64)size - (s64)o->size);
	o->ptr = p;
	o->size = size;
	return true;
}

/*
 * Grow by doubling from size to size_max (the last step lands on size_max),
 * then shrink back through the same sizes, the way a buffer that grows and
 * is trimmed again lives.
 */
static void kmb_krealloc_chain(struct kmb_thread *t, struct kmb_obj *o)
{
	const struct kmb_case *kc = &t->job.kcase;
	u32 steps = t->st->grow_steps, k;

	for (k = 1; k <= steps; k++) {
		size_t next = k < steps ? kc->size << k : kc->size_max;

		if (!kmb_resize_timed(t, KMB_PHASE_GROW, o, next))
			break;
	}
	for (k = steps; k-- > 0;) {
		size_t next = kc->size << k;

		if (next < o->size &&
		    !kmb_resize_timed(t, KMB_PHASE_SHRINK, o, next))
			break;
	}
}

static void kmb_pair_one(struct kmb_thread *t)
{
	struct kmb_obj o;

	if (t->bulk) {
		kmb_bulk_pair(t, t->job.kcase.size);
		return;
	}
	o.size = kmb_pick_size(t);
	o.ptr = kmb_alloc_timed(t, o.size);
	if (!o.ptr)
		return;
	if (t->job.ops->resize)
		kmb_krealloc_chain(t, &o);
	kmb_free_timed(t, o.ptr, o.size);
}

/* pair and random-size: allocate, free at once. */
static void kmb_run_pair(struct kmb_thread *t)
{
	const u32 n = t->job.kcase.iterations;
	struct kmb_chunk ch;

	while (t->iter < n && kmb_chunk_begin(t, &ch)) {
		do {
			kmb_pair_one(t);
			t->iter++;
		} while (t->iter < n && kmb_chunk_more(t, &ch));
		kmb_chunk_end(t, &ch, KMB_PHASE_ALLOC);
	}
}

/* Allocates up to @n objects into t->objs, each timed. */
static void kmb_fill(struct kmb_thread *t, u32 n)
{
	struct kmb_chunk ch;
	u32 i = 0;

	while (i < n && kmb_chunk_begin(t, &ch)) {
		do {
			size_t size = kmb_pick_size(t);
			void *obj = kmb_alloc_timed(t, size);

			if (obj) {
				t->objs[t->nobjs].ptr = obj;
				t->objs[t->nobjs].size = size;
				t->nobjs++;
			}
			i++;
			t->iter++;
		} while (i < n && kmb_chunk_more(t, &ch));
		kmb_chunk_end(t, &ch, KMB_PHASE_ALLOC);
	}
}

/* Frees, each timed, what @owner holds, last allocated first. */
static void kmb_drain(struct kmb_thread *t, struct kmb_thread *owner)
{
	struct kmb_chunk ch;

	while (owner->nobjs && kmb_chunk_begin(t, &ch)) {
		do {
			struct kmb_obj *o = &owner->objs[--owner->nobjs];

			kmb_free_timed(t, o->ptr, o->size);
		} while (owner->nobjs && kmb_chunk_more(t, &ch));
		kmb_chunk_end(t, &ch, KMB_PHASE_FREE);
	}
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

static void kmb_batch_rounds(struct kmb_thread *t, bool shuffle)
{
	const struct kmb_case *kc = &t->job.kcase;

	while (t->iter < kc->iterations && !kmb_stopped(t->st)) {
		kmb_fill(t, min(kc->batch, kc->iterations - t->iter));
		if (shuffle)
			kmb_shuffle(t);
		kmb_drain(t, t);
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

		if (i % KMB_CHUNK_OPS == 0) {
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

