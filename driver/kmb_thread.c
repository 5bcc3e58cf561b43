// SPDX-License-Identifier: GPL-2.0
/*
 * The life of a case's kernel threads: start together, warm up, meet, run
 * the pattern the engine chose (kmb_pattern.c), stop on request or when the
 * budget is spent, give back what they hold. Also the module's live-object
 * counters, which every allocation that outlives an operation moves.
 */
#include <linux/atomic.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

#include "kmb_engine.h"

/* Objects held by the module right now: must read 0 whenever idle. */
static atomic64_t kmb_live_objects = ATOMIC64_INIT(0);
static atomic64_t kmb_live_bytes = ATOMIC64_INIT(0);

void kmb_live_add(u64 objects, u64 bytes)
{
	atomic64_add(objects, &kmb_live_objects);
	atomic64_add(bytes, &kmb_live_bytes);
}

void kmb_live_sub(u64 objects, u64 bytes)
{
	atomic64_sub(objects, &kmb_live_objects);
	atomic64_sub(bytes, &kmb_live_bytes);
}

void kmb_live_read(u64 *objects, u64 *bytes)
{
	*objects = atomic64_read(&kmb_live_objects);
	*bytes = atomic64_read(&kmb_live_bytes);
}

void kmb_request_stop(struct kmb_state *st, u32 why)
{
	if (atomic_cmpxchg(&st->stop, KMB_STOP_NONE, why) == KMB_STOP_NONE)
		WRITE_ONCE(st->stop_at_ns, ktime_get_ns());
	wake_up_all(&st->barrier.wq);
}

void kmb_barrier_init(struct kmb_barrier *b, u32 parties)
{
	spin_lock_init(&b->lock);
	init_waitqueue_head(&b->wq);
	b->count = 0;
	b->parties = parties;
	b->gen = 0;
}

/* Returns false when the case stopped while waiting: leave at once then. */
bool kmb_barrier_wait(struct kmb_state *st)
{
	struct kmb_barrier *b = &st->barrier;
	u32 gen;

	spin_lock(&b->lock);
	gen = b->gen;
	if (++b->count == b->parties) {
		b->count = 0;
		WRITE_ONCE(b->gen, gen + 1);
		spin_unlock(&b->lock);
		wake_up_all(&b->wq);
	} else {
		spin_unlock(&b->lock);
		wait_event_idle(b->wq, READ_ONCE(b->gen) != gen ||
				       kmb_stopped(st));
	}
	return !kmb_stopped(st);
}

/* Between chunks: whether the case goes on. */
bool kmb_go_on(struct kmb_thread *t)
{
	struct kmb_state *st = t->st;

	if (kmb_stopped(st))
		return false;
	if (ktime_get_ns() > st->deadline_ns) {
		kmb_request_stop(st, KMB_STOP_BUDGET);
		return false;
	}
	return true;
}

void kmb_peak_note(struct kmb_thread *t, u64 objects, u64 bytes)
{
	u64 held = max_t(s64, t->held_objects, 0);
	u64 held_bytes = max_t(s64, t->held_bytes, 0);

	t->peak_objects = max(t->peak_objects, held + objects);
	t->peak_bytes = max(t->peak_bytes, held_bytes + bytes);
}

void kmb_live_flush(struct kmb_thread *t)
{
	if (t->live_objects)
		atomic64_add(t->live_objects, &kmb_live_objects);
	if (t->live_bytes)
		atomic64_add(t->live_bytes, &kmb_live_bytes);
	t->held_objects += t->live_objects;
	t->held_bytes += t->live_bytes;
	kmb_peak_note(t, 0, 0);
	t->live_objects = 0;
	t->live_bytes = 0;
}

size_t kmb_pick_random_size(struct kmb_thread *t)
{
	const struct kmb_case *kc = &t->job.kcase;
	u64 r, rem;

	r = (u64)prandom_u32_state(&t->rnd) << 32 | prandom_u32_state(&t->rnd);
	div64_u64_rem(r, kc->size_max - kc->size + 1, &rem);
	return kc->size + rem;
}

/* Untimed pairs, so that caches and per-CPU lists are warm when timing. */
static void kmb_warmup(struct kmb_thread *t)
{
	const struct kmb_allocator *ops = t->job.ops;
	u32 i;

	for (i = 0; i < t->job.kcase.warmup; i++) {
		size_t size = kmb_pick_size(t);
		void *obj;

		if (i % KMB_UNTIMED_OPS == 0) {
			if (!kmb_go_on(t))
				return;
			cond_resched();
		}
		obj = ops->alloc(&t->job, size);
		if (obj)
			ops->free(&t->job, obj, size);
	}
}

void kmb_thread_release(struct kmb_thread *t)
{
	while (t->nobjs) {
		struct kmb_obj *o = &t->objs[--t->nobjs];

		t->job.ops->free(&t->job, o->ptr, o->size);
		kmb_live(t, -1, -(s64)o->size);
		if (t->nobjs % KMB_UNTIMED_OPS == 0)
			cond_resched();
	}
	kmb_live_flush(t);
}

/**
 * kmb_thread_fn() - a case's kernel thread
 * @arg: its struct kmb_thread
 *
 * Waits for the start so that all threads begin together, warms up, meets
 * the others, runs the pattern. It then stays until kthread_stop(): the
 * coordinator frees the memory this thread works in and must know it is
 * out of it.
 *
 * Return: 0
 */
int kmb_thread_fn(void *arg)
{
	struct kmb_thread *t = arg;
	struct kmb_state *st = t->st;
	struct mem_cgroup *old_memcg = set_active_memcg(st->memcg);

	wait_for_completion(&st->start);
	if (!kmb_stopped(st)) {
		kmb_warmup(t);
		if (kmb_barrier_wait(st))
			st->pattern->run(t);
	}
	kmb_live_flush(t);
	set_active_memcg(old_memcg);
	if (atomic_dec_and_test(&st->running))
		complete(&st->all_done);

	set_current_state(TASK_IDLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_IDLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}
