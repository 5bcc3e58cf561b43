/*
 * Running a kernel case: one KMB_IOC_RUN per repetition. Its samples, or
 * its histogram when they did not all fit, become the case's phases; what
 * the module reports besides timing (timer costs, slack, moves, per-thread
 * figures) is gathered into the case's result.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "kcheck.h"
#include "kcounters.h"
#include "khist.h"
#include "kspec.h"
#include "kverify.h"
#include "progress.h"
#include "rcu_backlog.h"
#include "stats.h"

/*
 * A phase's samples of one repetition, all threads together, up to which
 * the exact values are kept; beyond, the module's histogram, which counts
 * every operation, stands for them. It also bounds the time between a
 * Ctrl-C and the result: no more than this many values are ever sorted.
 */
#define KMB_EXACT_MAX		(128u * 1024)
/*
 * Values one repetition adds to a phase's pool: evenly spaced order
 * statistics, the minimum and the maximum among them. The pool lives until
 * the result is written, for every case of the suite: this keeps a suite of
 * thousands of cases within a small guest's memory.
 */
#define KMB_POOL_PER_REP	1024u

static const char *const kmb_phase_names[KMB_PHASE_NR] = {
	[KMB_PHASE_ALLOC] = "alloc",
	[KMB_PHASE_FREE] = "free",
	[KMB_PHASE_GROW] = "grow",
	[KMB_PHASE_SHRINK] = "shrink",
};

/* One thread's phase over the repetitions so far. */
struct kmb_thread_acc {
	uint64_t ops, failures;
	double ns_sum;
	struct kmb_dvec rep_medians;
};

/* What a case's repetitions measured besides the pooled samples. */
struct kmb_kacc {
	uint32_t threads;
	uint64_t requested[KMB_PHASE_NR], usable[KMB_PHASE_NR], moved[KMB_PHASE_NR];
	uint64_t ops[KMB_PHASE_NR];
	uint64_t noted[KMB_PHASE_NR];	/* operations whose sizes were noted */
	double rate_sum[KMB_PHASE_NR];	/* all threads' ops/s, summed over repetitions */
	unsigned int rate_reps[KMB_PHASE_NR];
	double pair_busy_ns;
	uint64_t pair_ops;
	/* the timed stretches' wall time against the operations' own time */
	double wall_ns, timed_ns;
	uint64_t timed_ops;
	/* amortised runs: each phase's chunk time and operations */
	double am_ns[KMB_PHASE_NR];
	uint64_t am_ops[KMB_PHASE_NR];
	int from_hist[KMB_PHASE_NR];
	struct kmb_dvec overhead, read, ns_per_cycle;
	uint64_t sample_bytes, stop_ns, peak_objects, peak_bytes;
	bool verified;			/* verify mode: done on the first repetition */
	/* interrupt contexts: operations done, and those the module saw in it */
	uint64_t ctx_ops, ctx_verified;
	struct kmb_thread_acc th[];	/* [thread][phase] */
};

void kmb_kacc_free(struct kmb_kacc *acc)
{
	if (!acc)
		return;
	for (size_t i = 0; i < (size_t)acc->threads * KMB_PHASE_NR; i++)
		kmb_dvec_free(&acc->th[i].rep_medians);
	kmb_dvec_free(&acc->overhead);
	kmb_dvec_free(&acc->read);
	kmb_dvec_free(&acc->ns_per_cycle);
	free(acc);
}

static const char *phase_name(const struct kmb_api_name *api, unsigned int p)
{
	if (p == KMB_PHASE_ALLOC && api->alloc_phase)
		return api->alloc_phase;
	if (p == KMB_PHASE_FREE && api->free_phase)
		return api->free_phase;
	return kmb_phase_names[p];
}

static int is_pair(const struct kmb_case *kc)
{
	return kc->pattern == KMB_PATTERN_PAIR || kc->pattern == KMB_PATTERN_RANDOM_SIZE;
}

/* Limits that depend on the kernel: a case beyond them is skipped, with why. */
static int skip_for_kernel(struct kmb_bench_case *c, const struct kmb_kspec *spec,
			   const struct kmb_info *info)
{
	const struct kmb_case *kc = &spec->kcase;
	uint64_t size = kc->size > kc->size_max ? kc->size : kc->size_max;

	if (!(info->api_supported & (1ULL << kc->api))) {
		kmb_case_skip(c, "this module does not implement %s", spec->api->name);
		return 1;
	}
	if (spec->api->size_kind == KMB_SIZE_ORDER && kc->order > info->max_page_order) {
		kmb_case_skip(c, "order %u is above this kernel's largest order %u", kc->order,
			      info->max_page_order);
		return 1;
	}
	if (spec->api->family == KMB_FAMILY_PAGES && spec->api->size_kind == KMB_SIZE_BYTES &&
	    info->max_page_order < 32 &&
	    size > (uint64_t)info->page_size << info->max_page_order) {
		kmb_case_skip(c, "%" PRIu64 " bytes is above this kernel's largest block "
			      "(order %u, %" PRIu64 " bytes)", size, info->max_page_order,
			      (uint64_t)info->page_size << info->max_page_order);
		return 1;
	}
	if (spec->api->family == KMB_FAMILY_SLAB && size > info->kmalloc_max_size) {
		kmb_case_skip(c, "%" PRIu64 " bytes is above this kernel's KMALLOC_MAX_SIZE "
			      "(%" PRIu64 ")", size, (uint64_t)info->kmalloc_max_size);
		return 1;
	}
	if (info->max_threads && kc->threads > info->max_threads) {
		kmb_case_skip(c, "%u threads is above the module's limit of %u", kc->threads,
			      info->max_threads);
		return 1;
	}
	return 0;
}

/* CmaTotal of /proc/meminfo in bytes; -1 when the kernel shows none. */
static int64_t cma_total(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[256];
	int64_t v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "CmaTotal:", 9) == 0) {
			v = strtoll(line + 9, NULL, 10) * 1024;
			break;
		}
	fclose(f);
	return v;
}

/*
 * A case that asks for CMA where there is none is bad input, not a skip:
 * its numbers would be the buddy allocator's, or there would be none.
 */
static int check_cma(const struct kmb_bench_case *c, const struct kmb_kspec *spec,
		     const struct kmb_info *info, struct kmb_err *err)
{
	const struct kmb_case *kc = &spec->kcase;
	uint64_t min = kmb_dma_cma_min_size(info->page_size, info->max_page_order);
	int64_t total;

	if (!(spec->api->flags & KMB_APIF_CMA))
		return 0;
	if (!(info->config & (1ULL << KMB_CFG_DMA_CMA)))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: this kernel has no CMA for DMA "
				"(CONFIG_DMA_CMA is not set): %s cannot run", c->id,
				spec->api->name);
	total = cma_total();
	if (total <= 0)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: no CMA area is reserved (CmaTotal "
				"is 0): boot with cma=SIZE on the kernel command line "
				"(scripts/vm-run --append cma=SIZE)", c->id);
	if (kc->size < min)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: %" PRIu64 " bytes may come from the "
				"buddy allocator; %s needs at least %" PRIu64 " (a page more "
				"than its largest block)", c->id, (uint64_t)kc->size,
				spec->api->name, min);
	return 0;
}

/* The buffers of one repetition. */
struct rep_bufs {
	struct kmb_phase_result *res;
	uint64_t *samples;
	uint32_t *hist;
	uint64_t merged[KMB_HIST_BUCKETS];	/* all threads' histograms of a phase */
	uint64_t one[KMB_HIST_BUCKETS];		/* one thread's, widened */
	double vals[KMB_EXACT_MAX];
	double ns[KMB_POOL_PER_REP], cyc[KMB_POOL_PER_REP];
	uint32_t cap;
};

static void rep_bufs_free(struct rep_bufs *b)
{
	if (!b)
		return;
	free(b->res);
	free(b->samples);
	free(b->hist);
	free(b);
}

/*
 * Samples enough for KMB_EXACT_MAX in all; past that the histogram serves.
 * The buffers are only touched where the module writes.
 */
static struct rep_bufs *rep_bufs_alloc(const struct kmb_kspec *spec)
{
	const struct kmb_case *kc = &spec->kcase;
	size_t slots = (size_t)kc->threads * KMB_PHASE_NR;
	unsigned int steps = spec->api->flags & KMB_APIF_RESIZE ?
			     kmb_grow_steps(kc->size, kc->size_max) : 0;
	uint64_t expect = (uint64_t)kc->iterations * (steps > 1 ? steps : 1);
	uint64_t cap = KMB_EXACT_MAX / kc->threads;
	const char *ask = getenv("KMB_SAMPLES_CAP");
	struct rep_bufs *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	/* Only for tests of the module's bound on its sample memory. */
	if (ask && *ask)
		cap = strtoull(ask, NULL, 10);
	b->cap = (uint32_t)(expect < cap ? expect : cap ? cap : 1);
	b->res = calloc(slots, sizeof(*b->res));
	b->samples = calloc(slots * b->cap, sizeof(*b->samples));
	b->hist = calloc(slots * KMB_HIST_BUCKETS, sizeof(*b->hist));
	if (b->res && b->samples && b->hist)
		return b;
	rep_bufs_free(b);
	return NULL;
}

static struct kmb_kacc *kacc_new(uint32_t threads)
{
	struct kmb_kacc *acc = calloc(1, sizeof(*acc) + (size_t)threads * KMB_PHASE_NR *
					     sizeof(acc->th[0]));

	if (acc)
		acc->threads = threads;
	return acc;
}

static int exact(const struct kmb_phase_result *r)
{
	return r->samples >= r->ops && r->samples <= KMB_EXACT_MAX;
}

/* One thread's median in cycles: exact when its samples hold every operation. */
static double thread_median(struct rep_bufs *b, size_t slot)
{
	const struct kmb_phase_result *r = &b->res[slot];
	const uint32_t *h = b->hist + slot * KMB_HIST_BUCKETS;
	double m;

	if (exact(r)) {
		for (size_t i = 0; i < r->samples; i++)
			b->vals[i] = (double)b->samples[slot * b->cap + i];
		return kmb_median(b->vals, r->samples);
	}
	for (size_t i = 0; i < KMB_HIST_BUCKETS; i++)
		b->one[i] = h[i];
	return kmb_hist_quantiles(b->one, r->min_cycles, r->max_cycles, &m, 1) ? m : NAN;
}

/*
 * The repetition's values for a phase, in b->cyc: order statistics of the
 * exact samples when they hold every operation and are few enough to sort,
 * else points read off the merged histogram. Returns how many.
 */
static size_t phase_values(struct rep_bufs *b, uint32_t threads, unsigned int p,
			   uint64_t ops, uint64_t lo, uint64_t hi, int *from_hist)
{
	size_t n = 0, m = ops < KMB_POOL_PER_REP ? ops : KMB_POOL_PER_REP;
	int all = 1;

	for (uint32_t t = 0; t < threads; t++) {
		const struct kmb_phase_result *r = &b->res[(size_t)t * KMB_PHASE_NR + p];

		all &= r->samples >= r->ops;
		n += r->samples;
	}
	if (!ops)
		return 0;
	if (!all || n > KMB_EXACT_MAX) {
		*from_hist = 1;
		return kmb_hist_quantiles(b->merged, lo, hi, b->cyc, m);
	}
	n = 0;
	for (uint32_t t = 0; t < threads; t++) {
		size_t slot = (size_t)t * KMB_PHASE_NR + p;

		for (size_t i = 0; i < b->res[slot].samples; i++)
			b->vals[n++] = (double)b->samples[slot * b->cap + i];
	}
	qsort(b->vals, n, sizeof(*b->vals), kmb_cmp_double);
	m = n < KMB_POOL_PER_REP ? n : KMB_POOL_PER_REP;
	for (size_t j = 0; j < m; j++)
		b->cyc[j] = b->vals[m == 1 ? n / 2 : (size_t)llround((double)j * (n - 1) / (m - 1))];
	return m;
}

static int add_phase(struct kmb_bench_case *c, struct kmb_kspec *spec, struct rep_bufs *b,
		     unsigned int p, double ns_per_cycle)
{
	struct kmb_kacc *acc = spec->acc;
	uint32_t threads = spec->kcase.threads;
	uint64_t ops = 0, failures = 0, lo = UINT64_MAX, hi = 0, total = 0;
	long double sumsq = 0;
	double busy = 0, rate = 0;
	struct kmb_phase_data *ph;
	size_t n;

	memset(b->merged, 0, sizeof(b->merged));
	for (uint32_t t = 0; t < threads; t++) {
		size_t slot = (size_t)t * KMB_PHASE_NR + p;
		const struct kmb_phase_result *r = &b->res[slot];
		const uint32_t *h = b->hist + slot * KMB_HIST_BUCKETS;
		struct kmb_thread_acc *ta = &acc->th[slot];

		ops += r->ops;
		failures += r->failures;
		total += r->total_cycles;
		sumsq += ldexpl((long double)r->sumsq_hi, 64) + (long double)r->sumsq_lo;
		if (r->ops) {
			lo = r->min_cycles < lo ? r->min_cycles : lo;
			hi = r->max_cycles > hi ? r->max_cycles : hi;
		}
		for (size_t i = 0; i < KMB_HIST_BUCKETS; i++)
			b->merged[i] += h[i];
		ta->ops += r->ops;
		ta->failures += r->failures;
		ta->ns_sum += (double)r->total_cycles * ns_per_cycle;
		/*
		 * The stretches' wall time by the counter that timed the
		 * operations, converted alike: a ktime read on a TCG guest
		 * (HPET) costs microseconds and would tilt short stretches.
		 */
		busy += (double)r->batch_cycles * ns_per_cycle;
		acc->wall_ns += (double)r->batch_cycles * ns_per_cycle;
		acc->timed_ns += (double)r->total_cycles * ns_per_cycle;
		acc->timed_ops += r->ops;
		if (r->batch_ns)
			rate += (double)r->ops * 1e9 / (double)r->batch_ns;
		acc->requested[p] += r->bytes_requested;
		acc->usable[p] += r->bytes_usable;
		acc->moved[p] += r->moved;
		acc->ops[p] += r->ops;
		acc->noted[p] += r->noted;
		if (threads > 1 && r->ops &&
		    kmb_dvec_push(&ta->rep_medians, thread_median(b, slot) * ns_per_cycle))
			return -1;
	}
	if (!ops && !failures)
		return 0;
	ph = kmb_case_phase(c, phase_name(spec->api, p), "ns");
	if (!ph)
		return -1;
	n = phase_values(b, threads, p, ops, lo, hi, &acc->from_hist[p]);
	kmb_moments_add_sums(&ph->every, (double)ops, (long double)total, sumsq, ns_per_cycle);
	kmb_moments_add_sums(&ph->every_cycles, (double)ops, (long double)total, sumsq, 1);
	ph->quantiles_from = acc->from_hist[p] ?
		"the module's histogram of every operation (buckets about 3 % wide)" :
		"every operation's sample";
	for (size_t i = 0; i < n; i++)
		b->ns[i] = b->cyc[i] * ns_per_cycle;
	if (rate > 0) {
		acc->rate_sum[p] += rate;
		acc->rate_reps[p]++;
	}
	/* For pairs the alloc phase's time covers whole pairs: reported apart. */
	if (is_pair(&spec->kcase) && p == KMB_PHASE_ALLOC) {
		acc->pair_busy_ns += busy;
		acc->pair_ops += ops;
		busy = 0;
	}
	return kmb_phase_add_rep(ph, b->ns, b->cyc, n, ops, failures, busy);
}

static double median_of(const struct kmb_dvec *d)
{
	double *tmp = malloc((d->n ? d->n : 1) * sizeof(*tmp)), m;

	if (!tmp)
		return NAN;
	memcpy(tmp, d->v, d->n * sizeof(*tmp));
	m = kmb_median(tmp, d->n);
	free(tmp);
	return m;
}

static json_t *objects_json(const struct kmb_kspec *spec)
{
	const struct kmb_kacc *acc = spec->acc;
	json_t *o = json_object();

	for (unsigned int p = 0; p < KMB_PHASE_NR; p++) {
		/* The module notes sizes on an evenly spaced share of operations. */
		double ops = (double)acc->noted[p];
		json_t *ph;

		if (!acc->noted[p] || !acc->requested[p])
			continue;
		ph = json_pack("{s:f}", "requested_bytes_mean", (double)acc->requested[p] / ops);
		if (acc->usable[p]) {
			double slack = (double)acc->usable[p] - (double)acc->requested[p];

			json_object_set_new(ph, "usable_bytes_mean",
					    json_real((double)acc->usable[p] / ops));
			json_object_set_new(ph, "slack_bytes_mean", json_real(slack / ops));
			json_object_set_new(ph, "slack_ratio",
					    json_real(slack / (double)acc->usable[p]));
		}
		if (p == KMB_PHASE_GROW || p == KMB_PHASE_SHRINK) {
			json_object_set_new(ph, "moved", json_integer((json_int_t)acc->moved[p]));
			json_object_set_new(ph, "moved_ratio",
					    json_real((double)acc->moved[p] / ops));
		}
		json_object_set_new(o, phase_name(spec->api, p), ph);
	}
	if (acc->peak_objects) {
		json_object_set_new(o, "peak_live_objects",
				    json_integer((json_int_t)acc->peak_objects));
		json_object_set_new(o, "peak_live_bytes",
				    json_integer((json_int_t)acc->peak_bytes));
	}
	return o;
}

static json_t *threads_json(const struct kmb_kspec *spec)
{
	const struct kmb_kacc *acc = spec->acc;
	json_t *arr = json_array();

	for (uint32_t t = 0; t < acc->threads; t++) {
		json_t *phases = json_object();

		for (unsigned int p = 0; p < KMB_PHASE_NR; p++) {
			const struct kmb_thread_acc *ta = &acc->th[(size_t)t * KMB_PHASE_NR + p];
			json_t *reps = json_array(), *ph;

			if (!ta->ops && !ta->failures)
				continue;
			for (size_t i = 0; i < ta->rep_medians.n; i++)
				json_array_append_new(reps, json_real(ta->rep_medians.v[i]));
			ph = json_pack("{s:I, s:I, s:o, s:o}", "ops", (json_int_t)ta->ops,
				       "failures", (json_int_t)ta->failures,
				       "mean", kmb_json_real_or_null(ta->ops ? ta->ns_sum / (double)ta->ops : NAN),
				       "rep_medians", reps);
			if (kmb_clock_current() == KMB_CLOCK_INSTRUCTIONS)
				kmb_round_counts(ph);
			json_object_set_new(phases, phase_name(spec->api, p), ph);
		}
		json_array_append_new(arr, json_pack("{s:i, s:o, s:o}", "thread", (int)t,
			"cpu", spec->cpus ? json_integer(spec->cpus[t]) : json_null(),
			"phases", phases));
	}
	return arr;
}

/*
 * The tool's own share of the loop, per timed operation: the timed
 * stretches' wall time less the operations' own time (the timer reads
 * subtracted from each sample count here, with the sample store, the
 * histogram, the sums and the loop control).
 */
static json_t *harness_json(const struct kmb_kacc *acc, const char *unit, bool insn)
{
	double per_op = (acc->wall_ns - acc->timed_ns) / (double)acc->timed_ops;

	return json_pack("{s:o, s:s, s:s}",
		"per_op", insn ? json_integer((json_int_t)llround(per_op)) : json_real(per_op),
		"unit", unit,
		"what", "wall time of the timed stretches less the operations' own time, per "
			"operation: the timer reads, the sample, histogram and sums, loop control");
}

static bool amortised_seen(const struct kmb_kacc *acc)
{
	for (unsigned int p = 0; p < KMB_PHASE_NR; p++)
		if (acc->am_ops[p])
			return true;
	return false;
}

/* Amortised against per-operation means differ by more than this: say so. */
#define KMB_AMORTISED_DIFFERS	0.05

static json_t *amortised_entry(double amortised, double per_op)
{
	double diff = per_op > 0 ? (amortised - per_op) / per_op : NAN;

	return json_pack("{s:o, s:o, s:o, s:b}", "amortised", kmb_json_real_or_null(amortised),
			 "per_op_timing", kmb_json_real_or_null(per_op),
			 "difference", kmb_json_real_or_null(diff),
			 "differs", isfinite(diff) && fabs(diff) > KMB_AMORTISED_DIFFERS);
}

/*
 * Amortised means beside the per-operation ones. A pair's chunk holds its
 * alloc, free (and krealloc steps) together: one figure per pair, set
 * against the sum of the phases' per-operation means per pair.
 */
static json_t *amortised_json(const struct kmb_bench_case *c, const struct kmb_kspec *spec)
{
	const struct kmb_kacc *acc = spec->acc;
	json_t *o = json_object();
	double per_pair = 0;

	for (unsigned int p = 0; p < KMB_PHASE_NR; p++) {
		const char *name = phase_name(spec->api, p);
		double mean = NAN;

		for (size_t i = 0; i < c->nphases; i++)
			if (!strcmp(c->phases[i].name, name))
				mean = c->phases[i].every.mean;
		if (is_pair(&spec->kcase)) {
			if (acc->ops[p] && acc->ops[KMB_PHASE_ALLOC])
				per_pair += mean * (double)acc->ops[p] /
					    (double)acc->ops[KMB_PHASE_ALLOC];
			continue;
		}
		if (acc->am_ops[p])
			json_object_set_new(o, name, amortised_entry(
				acc->am_ns[p] / (double)acc->am_ops[p], mean));
	}
	if (is_pair(&spec->kcase) && acc->am_ops[KMB_PHASE_ALLOC])
		json_object_set_new(o, "pair", amortised_entry(
			acc->am_ns[KMB_PHASE_ALLOC] / (double)acc->am_ops[KMB_PHASE_ALLOC],
			per_pair));
	json_object_set_new(o, "what", json_string(
		"time N operations between two reads (prototype-kernel's time_bench), per "
		"operation, beside the per-operation means; 'differs' past 5 %"));
	return o;
}

/* The case's facts besides its phases, rebuilt after each repetition. */
static void update_extra(struct kmb_bench_case *c, const struct kmb_kspec *spec)
{
	const struct kmb_kacc *acc = spec->acc;
	double npc = median_of(&acc->ns_per_cycle), over = median_of(&acc->overhead);
	double read = median_of(&acc->read);
	json_t *rates = json_object(), *hist = json_array();
	const struct kmb_clock_def *clk = kmb_clock_def(kmb_clock_current());
	bool insn = kmb_clock_current() == KMB_CLOCK_INSTRUCTIONS;

	json_object_set_new(c->extra, "timer", json_pack(
		"{s:s, s:s, s:o, s:I, s:o, s:I, s:o, s:b, s:o, s:s}",
		"clock", clk->name, "unit", clk->unit,
		"overhead", insn ? json_integer((json_int_t)llround(isfinite(over) ? over : 0))
				 : kmb_json_real_or_null(over * npc),
		"overhead_cycles", (json_int_t)llround(isfinite(over) ? over : 0),
		"overhead_ns", kmb_json_real_or_null(over * npc),
		"read_cycles", (json_int_t)llround(isfinite(read) ? read : 0),
		"read_ns", kmb_json_real_or_null(read * npc),
		"subtracted", 1,
		"ns_per_cycle", kmb_json_real_or_null(npc),
		"what", "overhead (in unit): median of two back-to-back ordered cycle-counter "
			"reads, subtracted from every sample; read: one read, averaged over a run"));
	json_object_set_new(c->extra, "objects", objects_json(spec));
	for (unsigned int p = 0; p < KMB_PHASE_NR; p++) {
		const char *name = phase_name(spec->api, p);

		if (acc->rate_reps[p])
			json_object_set_new(rates, is_pair(&spec->kcase) && p == KMB_PHASE_ALLOC ?
					    "pair" : name,
					    json_real(acc->rate_sum[p] / acc->rate_reps[p]));
		if (acc->from_hist[p])
			json_array_append_new(hist, json_string(name));
	}
	json_object_set_new(c->extra, "aggregate_ops_per_sec", rates);
	json_object_set_new(c->extra, "from_histogram", hist);
	if (acc->pair_ops)
		json_object_set_new(c->extra, "wall_ns_per_pair",
				    json_real(acc->pair_busy_ns / (double)acc->pair_ops));
	json_object_set_new(c->extra, "module_sample_bytes",
			    json_integer((json_int_t)acc->sample_bytes));
	if (acc->timed_ops)
		json_object_set_new(c->extra, "harness", harness_json(acc, clk->unit, insn));
	if (amortised_seen(acc))
		json_object_set_new(c->extra, "amortised", amortised_json(c, spec));
	if (acc->stop_ns)
		json_object_set_new(c->extra, "stop_ns", json_integer((json_int_t)acc->stop_ns));
	if (acc->threads > 1)
		json_object_set_new(c->extra, "per_thread", threads_json(spec));
	if (KMB_CTX_IN_IRQ(spec->kcase.context))
		json_object_set_new(c->extra, "context", json_pack(
			"{s:s, s:I, s:I, s:s}",
			"name", kmb_name_of(kmb_ctx_names, kmb_ctx_names_count, spec->kcase.context),
			"ops", (json_int_t)acc->ctx_ops, "ops_in_context",
			(json_int_t)acc->ctx_verified,
			"what", "operations of the timed runs (timed and failed), and those the "
				"module's interrupt ran where in_hardirq() or in_serving_softirq() "
				"held, on the thread's own CPU"));
}

/*
 * An interrupt context's operations must all have run in it: the module
 * counts those its interrupt ran where in_hardirq() or in_serving_softirq()
 * held (kmb_run.ctx_ops), and the other contexts count none.
 */
static int check_context(struct kmb_bench_case *c, struct kmb_kspec *spec,
			 const struct rep_bufs *b, const struct kmb_run *run, struct kmb_err *err)
{
	const char *ctx = kmb_name_of(kmb_ctx_names, kmb_ctx_names_count, spec->kcase.context);
	uint64_t ops = 0, want;

	for (size_t i = 0; i < (size_t)spec->kcase.threads * KMB_PHASE_NR; i++)
		ops += b->res[i].ops + b->res[i].failures;
	want = KMB_CTX_IN_IRQ(spec->kcase.context) ? ops : 0;
	if (run->ctx_ops != want)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: the module ran %" PRIu64 " of %" PRIu64
				" operations in an interrupt, for the %s context: expected %" PRIu64,
				c->id, (uint64_t)run->ctx_ops, ops, ctx, want);
	if (!(run->flags & KMB_RUN_AMORTISED)) {
		spec->acc->ctx_ops += ops;
		spec->acc->ctx_verified += run->ctx_ops;
	}
	return 0;
}

static int run_ioctl(struct kmb_bench_case *c, struct kmb_kspec *spec, struct rep_bufs *b,
		     struct kmb_run_ctx *ctx, struct kmb_run *run, uint32_t flags,
		     struct kmb_err *err)
{
	int timed = !(flags & KMB_RUN_AMORTISED);
	int ret;

	memset(run, 0, sizeof(*run));
	run->flags = KMB_RUN_SUBTRACT_OVERHEAD | flags;
	run->kcase = spec->kcase;
	run->kcase.seed = ctx->seed * 1000003u + ctx->rep;
	run->samples_ptr = timed ? (uintptr_t)b->samples : 0;
	run->samples_cap = timed ? b->cap : 0;
	run->max_threads = spec->kcase.threads;
	run->result_ptr = (uintptr_t)b->res;
	run->hist_ptr = timed ? (uintptr_t)b->hist : 0;
	run->cpus_ptr = (uintptr_t)spec->cpus;
	ret = kmb_kclient_run(ctx->kc, run, err);
	if (ret) {
		/* Name the case: the client's message names only the API. */
		char msg[sizeof(err->msg)];

		memcpy(msg, err->msg, sizeof(msg));
		kmb_fail(err, ret, "%s: %.700s", c->id, msg);
		return ret;
	}
	return check_context(c, spec, b, run, err);
}

/*
 * The same repetition again, timed by chunks of operations instead of one
 * by one (KMB_RUN_AMORTISED): what the operations cost without the loop's
 * per-operation bookkeeping between them.
 */
static int run_amortised(struct kmb_bench_case *c, struct kmb_kspec *spec, struct rep_bufs *b,
			 struct kmb_run_ctx *ctx, double npc, struct kmb_err *err)
{
	struct kmb_run run;
	int ret;

	memset(b->res, 0, (size_t)spec->kcase.threads * KMB_PHASE_NR * sizeof(*b->res));
	ret = run_ioctl(c, spec, b, ctx, &run, KMB_RUN_AMORTISED, err);
	if (ret || run.stopped)
		return ret;
	for (uint32_t t = 0; t < spec->kcase.threads; t++)
		for (unsigned int p = 0; p < KMB_PHASE_NR; p++) {
			const struct kmb_phase_result *r = &b->res[(size_t)t * KMB_PHASE_NR + p];

			spec->acc->am_ns[p] += (double)r->total_cycles * npc;
			spec->acc->am_ops[p] += r->ops;
		}
	return 0;
}

int kmb_kernel_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	struct kmb_kspec *spec = c->priv;
	struct rep_bufs *b = NULL;
	json_t *before = NULL, *after = NULL;
	struct kmb_run run;
	bool verify;
	double npc;
	int ret;

	if (skip_for_kernel(c, spec, &ctx->kc->info))
		return 0;
	ret = check_cma(c, spec, &ctx->kc->info, err);
	if (ret)
		return ret;
	if (!spec->acc)
		spec->acc = kacc_new(spec->kcase.threads);
	if (spec->acc)
		b = rep_bufs_alloc(spec);
	if (!b) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
		goto out;
	}
	before = kmb_kcounters_snap(spec);
	kmb_rcu_backlog_before(spec);
	verify = ctx->verify && !spec->acc->verified;
	ret = run_ioctl(c, spec, b, ctx, &run, verify ? KMB_RUN_VERIFY : 0, err);
	kmb_rcu_backlog_mark(spec);
	if (ret) {
		kmb_rcu_backlog_settle(spec, ctx->stop);
		goto out;
	}
	if (verify) {
		spec->acc->verified = true;
		json_object_set_new(c->extra, "verify", kmb_kverify_json(&run));
		if (run.verify_failed) {
			kmb_progress_clear(ctx->progress);
			kmb_kverify_report(stderr, c->id, &run);
			(*ctx->verify_failed)++;
		}
	}
	after = kmb_kcounters_snap(spec);
	npc = run.calib_cycles ? (double)run.calib_ns / (double)run.calib_cycles : 0;
	if (kmb_dvec_push(&spec->acc->overhead, (double)run.timer_overhead_cycles) ||
	    kmb_dvec_push(&spec->acc->read, (double)run.timer_read_cycles) ||
	    kmb_dvec_push(&spec->acc->ns_per_cycle, npc)) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		goto out;
	}
	/* Under icount a tick is an instruction: counts stay counts. */
	if (kmb_clock_current() == KMB_CLOCK_INSTRUCTIONS) {
		static bool warned;

		if (!warned && (npc < 0.9 || npc > 1.1)) {
			warned = true;
			fprintf(stderr, "kmembench: warning: clock 'instructions' but the cycle "
				"counter runs at %.3f ns per tick, not 1: was QEMU started with "
				"-icount shift=0?\n", npc);
		}
		npc = 1;
	}
	/* The layout follows the module's cap, which may be below ours. */
	b->cap = run.samples_cap;
	for (unsigned int p = 0; p < KMB_PHASE_NR && !ret; p++)
		if (add_phase(c, spec, b, p, npc))
			ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	if (run.sample_bytes > spec->acc->sample_bytes)
		spec->acc->sample_bytes = run.sample_bytes;
	if (run.stopped)
		spec->acc->stop_ns = run.stop_ns;
	if (run.peak_objects > spec->acc->peak_objects) {
		spec->acc->peak_objects = run.peak_objects;
		spec->acc->peak_bytes = run.peak_bytes;
	}
	if (ctx->amortised && !run.stopped && !*ctx->stop)
		ret = run_amortised(c, spec, b, ctx, npc, err);
	update_extra(c, spec);
	kmb_kcounters_update(c, spec, before, after);
	before = after = NULL;
	if (!ret && kmb_rcu_backlog_drain(c, spec, ctx->stop))
		ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	if (run.stopped == KMB_STOP_BUDGET)
		snprintf(c->stopped, sizeof(c->stopped), "budget");
	else if (run.stopped == KMB_STOP_SIGNAL)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
out:
	json_decref(before);
	json_decref(after);
	rep_bufs_free(b);
	return ret;
}
