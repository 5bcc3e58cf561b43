/*
 * The backlog of a kfree_rcu-style case (KMB_APIF_RCU): how many of the
 * objects a repetition queued for a grace period are still waiting when
 * its RUN ioctl returns, and how long the kernel then takes to free them.
 *
 * kfree_rcu() keeps no count a module could read, and 6.1 has no
 * kvfree_rcu_barrier(), so the backlog is read where both kernels show it:
 * the in-use objects of the case's kmalloc caches
 * (/sys/kernel/slab/<cache>/objects, CONFIG_SLUB_DEBUG) before the run,
 * right after it, and then every 2 ms until the count is back where it
 * was. Waiting for that also keeps one case's backlog out of the next
 * case's timings and counters.
 *
 * SLUB counts the free objects of the slabs a CPU holds (its active slab
 * and its per-CPU partial ones) as in use, so every count is high by at
 * most cpu_slabs x objs_per_slab: the cache is drained once its count is
 * within that of the level before, and the pending figure carries it as
 * its tolerance.
 */
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "counters.h"
#include "kcounters.h"
#include "rcu_backlog.h"
#include "stats.h"
#include "util.h"

#define KMB_RCU_POLL_NS		2000000L
#define KMB_RCU_WAIT_MS		5000.0

struct kmb_rcu_backlog {
	json_t *caches;		/* names read; empty when none can be */
	uint64_t *per_slab;	/* objs_per_slab of each cache (fixed at creation) */
	const char *note;	/* why none can be, or NULL */
	uint64_t slack;		/* objects SLUB may count as used, right after the run */
	uint64_t before;	/* in-use objects before this repetition's run */
	uint64_t after;		/* ... right after it */
	double after_ms;	/* when "after" was read */
	bool have_before, have_after;
	json_t *pending;	/* per repetition: after - before */
	json_t *drain_ms;	/* per repetition: null when not drained in time */
	json_t *tolerance;	/* per repetition: slack when the run returned */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * The caches' in-use objects in @sum and, in @slack, how many of them may
 * in fact be free in the slabs the CPUs hold now (cpu_slabs, each of
 * objs_per_slab objects); -1 when a cache cannot be read.
 */
static int in_use(const struct kmb_rcu_backlog *b, uint64_t *sum, uint64_t *slack)
{
	const json_t *v;
	size_t i;

	*sum = *slack = 0;
	json_array_foreach(b->caches, i, v) {
		const char *name = json_string_value(v);
		uint64_t n, held = 0;

		if (kmb_ctr_cache_number("", name, "objects", &n))
			return -1;
		kmb_ctr_cache_number("", name, "cpu_slabs", &held);
		*sum += n;
		*slack += held * b->per_slab[i];
	}
	return 0;
}

/*
 * Polls until the caches are back to their level before the run, for at
 * most KMB_RCU_WAIT_MS after it returned. Returns the ms that took, or NAN
 * when they were not (or *@stop was set).
 */
static double wait_drained(const struct kmb_rcu_backlog *b, volatile sig_atomic_t *stop)
{
	const struct timespec poll = { 0, KMB_RCU_POLL_NS };
	uint64_t n, slack;

	while (!*stop && !in_use(b, &n, &slack) && n > b->before + slack &&
	       now_ms() - b->after_ms < KMB_RCU_WAIT_MS)
		nanosleep(&poll, NULL);
	if (!*stop && !in_use(b, &n, &slack) && n <= b->before + slack)
		return now_ms() - b->after_ms;
	return NAN;
}

static struct kmb_rcu_backlog *backlog_new(const struct kmb_kspec *spec)
{
	struct kmb_rcu_backlog *b = calloc(1, sizeof(*b));
	const char *why;
	const json_t *v;
	uint64_t n;
	size_t i;

	if (!b)
		return NULL;
	b->pending = json_array();
	b->drain_ms = json_array();
	b->tolerance = json_array();
	b->caches = kmb_kcounters_kmalloc_caches(spec, &why);
	if (!b->pending || !b->drain_ms || !b->tolerance || !b->caches) {
		kmb_rcu_backlog_free(b);
		return NULL;
	}
	b->per_slab = calloc(json_array_size(b->caches) + 1, sizeof(*b->per_slab));
	if (!b->per_slab) {
		kmb_rcu_backlog_free(b);
		return NULL;
	}
	json_array_foreach(b->caches, i, v)
		kmb_ctr_cache_number("", json_string_value(v), "objs_per_slab", &b->per_slab[i]);
	if (!json_array_size(b->caches))
		b->note = why;
	else if (in_use(b, &n, &b->slack))
		b->note = "no /sys/kernel/slab/<cache>/objects (CONFIG_SLUB_DEBUG off)";
	if (b->note)
		json_array_clear(b->caches);
	return b;
}

void kmb_rcu_backlog_free(struct kmb_rcu_backlog *b)
{
	if (!b)
		return;
	json_decref(b->caches);
	free(b->per_slab);
	json_decref(b->pending);
	json_decref(b->drain_ms);
	json_decref(b->tolerance);
	free(b);
}

void kmb_rcu_backlog_before(struct kmb_kspec *spec)
{
	struct kmb_rcu_backlog *b;
	uint64_t slack;

	if (!(spec->api->flags & KMB_APIF_RCU))
		return;
	if (!spec->rcu)
		spec->rcu = backlog_new(spec);
	b = spec->rcu;
	if (!b)
		return;
	b->have_after = false;
	b->have_before = json_array_size(b->caches) && !in_use(b, &b->before, &slack);
}

void kmb_rcu_backlog_mark(struct kmb_kspec *spec)
{
	struct kmb_rcu_backlog *b = spec->rcu;

	if (!b || !b->have_before)
		return;
	b->have_after = !in_use(b, &b->after, &b->slack);
	b->after_ms = now_ms();
}

static json_t *median_json(const json_t *a)
{
	double v[256];
	size_t i, n = 0;
	const json_t *x;

	json_array_foreach(a, i, x)
		if (json_is_number(x) && n < sizeof(v) / sizeof(v[0]))
			v[n++] = json_number_value(x);
	return kmb_json_real_or_null(kmb_median(v, n));
}

void kmb_rcu_backlog_settle(const struct kmb_kspec *spec, volatile sig_atomic_t *stop)
{
	const struct kmb_rcu_backlog *b = spec->rcu;

	if (b && b->have_after)
		wait_drained(b, stop);
}

int kmb_rcu_backlog_drain(struct kmb_bench_case *c, struct kmb_kspec *spec,
			  volatile sig_atomic_t *stop)
{
	struct kmb_rcu_backlog *b = spec->rcu;

	if (!(spec->api->flags & KMB_APIF_RCU))
		return 0;
	if (!b)
		return -1;
	if (b->have_after) {
		json_int_t pending = (json_int_t)b->after - (json_int_t)b->before;
		double ms = wait_drained(b, stop);

		if (json_array_append_new(b->pending, json_integer(pending)) ||
		    json_array_append_new(b->drain_ms, kmb_json_real_or_null(ms)) ||
		    json_array_append_new(b->tolerance, json_integer((json_int_t)b->slack)))
			return -1;
	}
	return json_object_set_new(c->extra, "rcu_backlog", json_pack(
		"{s:O, s:o, s:O, s:O, s:O, s:o, s:o, s:s}",
		"caches", b->caches,
		"note", b->note ? json_string(b->note) : json_null(),
		"tolerance_objects", b->tolerance,
		"pending_objects", b->pending,
		"drain_ms", b->drain_ms,
		"median_pending_objects", median_json(b->pending),
		"median_drain_ms", median_json(b->drain_ms),
		"what", "per repetition: objects queued by kfree_rcu/kvfree_rcu that still awaited "
			"a grace period when the run returned (in-use objects of the caches after "
			"minus before), and the ms until the caches were back to their level before "
			"(null: not within 5 s); pending within tolerance_objects: the objects of "
			"the slabs the CPUs held then, which SLUB counts as in use even when free"));
}
