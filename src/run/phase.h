/*
 * A measured phase (alloc, free, fault, ...) of one case, accumulated over
 * repetitions: the pooled samples for the distribution and each
 * repetition's median for comparisons between runs.
 */
#ifndef KMB_PHASE_H
#define KMB_PHASE_H

#include <jansson.h>
#include <stdint.h>

#include "stats.h"

struct kmb_phase_data {
	const char *name;
	const char *unit;		/* of the samples: "ns" */
	struct kmb_dvec samples;	/* pooled over repetitions */
	struct kmb_dvec cycles;		/* same operations in cycles, if known */
	struct kmb_dvec rep_medians;
	/*
	 * Every operation's mean and spread, when the source sums them all
	 * (the kernel module does); then they replace the samples' own.
	 */
	struct kmb_moments every, every_cycles;
	const char *quantiles_from;	/* what the quantiles describe, or NULL */
	uint64_t ops;			/* operations timed (may exceed samples) */
	uint64_t failures;
	double busy_ns;			/* wall time the phase took, summed */
};

/*
 * Adds one repetition: @ns (and @cycles, may be NULL) hold @n samples.
 * @ops and @failures count what the repetition did; @busy_ns is its wall time
 * (0 when unknown). Returns -1 when out of memory.
 */
int kmb_phase_add_rep(struct kmb_phase_data *p, const double *ns, const double *cycles,
		      size_t n, uint64_t ops, uint64_t failures, double busy_ns);

/*
 * The phase as JSON: unit, n, ops, failures, the statistics of kmb_stats_json,
 * ops_per_sec, rep_medians and, when known, the same statistics in cycles.
 * With moments over every operation, mean and stddev are those, and
 * "statistics" says what each figure was computed from.
 */
json_t *kmb_phase_json(struct kmb_phase_data *p);

void kmb_phase_free(struct kmb_phase_data *p);

#endif
