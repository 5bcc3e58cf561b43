/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine's shared state: what the ioctl that coordinates a case
 * (kmb_engine.c), the threads that run it (kmb_thread.c) and the patterns
 * they run (kmb_pattern.c) all see. The calls go one way: the engine
 * starts threads and picks the pattern, a thread runs the pattern it was
 * given, a pattern uses the thread's primitives declared here.
 */
#ifndef KMB_ENGINE_H
#define KMB_ENGINE_H

#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/memcontrol.h>
#include <linux/prandom.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "kmb_internal.h"

/*
 * The longest stretch between two looks at the budget and the scheduler,
 * and so the longest one run with preemption or interrupts off:
 * KMB_CHUNK_OPS operations or KMB_CHUNK_US of cycles, whichever comes first
 * (one slow vmalloc under TCG takes milliseconds). The stop flag is looked
 * at after every operation. A chunk's own bookkeeping (two ktime reads,
 * the budget, cond_resched) is spread over its operations: 256 of them
 * make it about one instruction each.
 */
#define KMB_CHUNK_OPS		256
#define KMB_CHUNK_US		1000
/*
 * Untimed loops (warm-up, filling a hold, giving objects back) have no
 * clock to bound a stretch by: they look every this many operations.
 */
#define KMB_UNTIMED_OPS		32

/* An object the engine holds between its allocation and its free. */
struct kmb_obj {
	void *ptr;
	size_t size;
};

/**
 * struct kmb_barrier - the threads of a case meet here
 * @lock: protects @count and @gen
 * @wq: where the early arrivals wait
 * @count: threads arrived in this generation
 * @parties: threads that must arrive
 * @gen: bumped each time all have arrived
 *
 * It gives way as soon as the case stops, so that one thread stopping
 * early never leaves the others waiting for it.
 */
struct kmb_barrier {
	spinlock_t lock;
	wait_queue_head_t wq;
	u32 count;
	u32 parties;
	u32 gen;
};

struct kmb_thread;
struct kmb_chunk;

/**
 * struct kmb_irq - how a thread runs its chunks from an interrupt
 * @work: raises the hard interrupt (KMB_CTX_HARDIRQ)
 * @tasklet: runs in the softirq (KMB_CTX_SOFTIRQ)
 * @done: completed by the interrupt when the chunk has run
 * @chunk: the chunk the interrupt is to run
 * @ops: operations (timed and failed) the interrupt ran, each where
 *	in_hardirq() or in_serving_softirq() held, on the thread's CPU
 * @wrong: an interrupt found itself elsewhere and ran nothing
 */
struct kmb_irq {
	struct irq_work work;
	struct tasklet_struct tasklet;
	struct completion done;
	struct kmb_chunk *chunk;
	u64 ops;
	bool wrong;
};

/*
 * How a run times its operations. The loops are built once per mode, so
 * that the choice costs nothing per operation.
 */
enum kmb_timing {
	KMB_TIMING_EACH,	/* each operation between two reads */
	KMB_TIMING_INJECT,	/* the same, allocations slowed by kmb_inject_pct */
	KMB_TIMING_AMORTISED,	/* KMB_RUN_AMORTISED: chunks between two reads */
};

/**
 * struct kmb_pattern_ops - one way of arranging allocations and frees
 * @name: for messages
 * @min_threads: threads the pattern needs (remote-free: two)
 * @holds_batch: each thread holds up to kmb_case.batch objects at once
 * @run: the timed loop of one thread
 *
 * Built from the pattern's row of KMB_PATTERNS (uapi/kmembench_tables.h)
 * and its kmb_run_<run>() in kmb_pattern.c: adding a pattern is a row and
 * a loop.
 */
struct kmb_pattern_ops {
	const char *name;
	u32 min_threads;
	bool holds_batch;
	void (*run)(struct kmb_thread *t);
};

extern const struct kmb_pattern_ops kmb_patterns[KMB_PATTERN_NR];

/**
 * struct kmb_state - one running case, shared by its threads
 * @proto: the job as validated; each thread runs a copy
 * @pattern: the pattern's entry
 * @stop: KMB_STOP_* once the case must stop, else KMB_STOP_NONE
 * @stop_at_ns: when @stop was set
 * @deadline_ns: ktime at which the budget is spent
 * @chunk_cycles: KMB_CHUNK_US in cycles
 * @grow_steps: krealloc steps from size to size_max (0 for other APIs)
 * @nthreads: threads of the case
 * @running: threads that have not finished yet
 * @start: released when every thread exists, so that they start together
 * @all_done: completed by the last thread to finish
 * @barrier: where threads meet after warm-up and between remote-free rounds
 * @memcg: the caller's memory cgroup, or NULL: the threads charge their
 *	__GFP_ACCOUNT allocations to it, as the caller's own would be (a
 *	kernel thread would otherwise charge nobody)
 * @threads: @nthreads entries
 */
struct kmb_state {
	struct kmb_job proto;
	const struct kmb_pattern_ops *pattern;
	atomic_t stop;
	u64 stop_at_ns;
	u64 deadline_ns;
	u64 chunk_cycles;
	u32 grow_steps;
	u32 nthreads;
	atomic_t running;
	struct completion start;
	struct completion all_done;
	struct kmb_barrier barrier;
	struct mem_cgroup *memcg;
	struct kmb_thread *threads;
};

/**
 * struct kmb_thread - one thread of a case and what it measured
 * @job: the allocator's view: the case, the flags, the thread's index
 * @st: the case
 * @task: the kernel thread
 * @cpu: the CPU it is bound to
 * @rnd: its random sequence (sizes, free order)
 * @objs: up to kmb_case.batch objects it holds (or, for remote-free, that
 *	its neighbour will free)
 * @nobjs: entries of @objs in use, always the first ones
 * @bulk: kmb_case.batch slots for a bulk call, or NULL
 * @iter: allocations attempted so far (the case asks for kmb_case.iterations)
 * @res: per-phase totals
 * @samples: per-phase sample buffers of @cap entries, or NULL
 * @hist: per-phase histograms of KMB_HIST_BUCKETS counts, or NULL
 * @sample_shift: operation i of a phase goes to sample slot
 *	i >> @sample_shift, so that a phase with more operations than @cap
 *	is sampled evenly (the last of each 2^shift) rather than at its start,
 *	with a shift where a division would cost dozens of cycles
 * @cap: entries per sample buffer
 * @fixed_size: the size of every object, or 0 when each is drawn anew
 * @all_sampled: the samples of a phase hold every operation: no histogram,
 *	min or max to keep while the loop runs
 * @timing: how operations are timed, fixed for the run
 * @last_cycles: the cycle counter at the end of the last timed operation
 * @held_objects: objects held at the last chunk boundary
 * @held_bytes: their requested bytes
 * @peak_objects: the most @held_objects has been (see kmb_run.peak_objects)
 * @peak_bytes: the most @held_bytes has been
 * @subtract: timer overhead taken off each sample
 * @live_objects: objects allocated minus freed, not yet added to
 *	kmb_live_objects (kept local so that threads do not share a hot
 *	cache line between timed operations)
 * @live_bytes: the same in bytes
 * @inject_debt: validation mode: injected delay owed (positive) or given
 *	ahead (negative), in hundredths of a cycle, paid back a little with
 *	each operation, see kmb_inject_spin()
 * @irq: the interrupt contexts' means of running a chunk
 */
struct kmb_thread {
	struct kmb_job job;
	struct kmb_state *st;
	struct task_struct *task;
	u32 cpu;
	struct rnd_state rnd;
	struct kmb_obj *objs;
	u32 nobjs;
	void **bulk;
	u32 iter;
	struct kmb_phase_result res[KMB_PHASE_NR];
	u64 *samples[KMB_PHASE_NR];
	u32 *hist[KMB_PHASE_NR];
	u8 sample_shift[KMB_PHASE_NR];
	u32 cap;
	size_t fixed_size;
	bool all_sampled[KMB_PHASE_NR];
	enum kmb_timing timing;
	u64 last_cycles;
	s64 held_objects;
	s64 held_bytes;
	u64 peak_objects;
	u64 peak_bytes;
	u64 subtract;
	s64 live_objects;
	s64 live_bytes;
	s64 inject_debt;
	struct kmb_irq irq;
};

/* Whether the case has been told to stop. */
static inline bool kmb_stopped(const struct kmb_state *st)
{
	return atomic_read(&st->stop) != KMB_STOP_NONE;
}

/* Marks the case stopped for @why unless it already is; wakes waiters. */
void kmb_request_stop(struct kmb_state *st, u32 why);

/* Between chunks: whether the case goes on (not stopped, budget left). */
bool kmb_go_on(struct kmb_thread *t);

/* A size drawn in the case's range, for random-size cases. */
size_t kmb_pick_random_size(struct kmb_thread *t);

/* The size of @t's next object: the case's, or one drawn in its range. */
static __always_inline size_t kmb_pick_size(struct kmb_thread *t)
{
	return t->fixed_size ?: kmb_pick_random_size(t);
}

/* Counts objects @t now holds (or, negative, gave back), locally. */
static inline void kmb_live(struct kmb_thread *t, s64 objects, s64 bytes)
{
	t->live_objects += objects;
	t->live_bytes += bytes;
}

/* The body of a case's kernel thread: warm-up, meet, run the pattern. */
int kmb_thread_fn(void *arg);

/* Frees, untimed, whatever @t still holds; for after the threads ended. */
void kmb_thread_release(struct kmb_thread *t);

/*
 * Adds @t's live-object deltas to the module's counters and to what it
 * holds, and notes a new peak.
 */
void kmb_live_flush(struct kmb_thread *t);

/* Notes a peak of what @t holds plus @objects of @bytes in flight. */
void kmb_peak_note(struct kmb_thread *t, u64 objects, u64 bytes);

void kmb_barrier_init(struct kmb_barrier *b, u32 parties);
/* Meets the case's other threads; false when the case stopped meanwhile. */
bool kmb_barrier_wait(struct kmb_state *st);

/*
 * Prepares @t's interrupt (kmb_pattern.c); kmb_irq_fini() waits until it
 * has let go of @t, before @t is freed.
 */
void kmb_irq_init(struct kmb_thread *t);
void kmb_irq_fini(struct kmb_thread *t);

/* Stretches one timed allocation of @t by kmb_inject_pct (kmb_inject.c). */
u64 kmb_inject_spin(struct kmb_thread *t, u64 c0, u64 c1);

#endif /* KMB_ENGINE_H */
