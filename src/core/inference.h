/*
 * Inferential statistics for comparing two runs: a rank test, a bootstrap
 * confidence interval, multiple-testing adjustment and a geometric mean.
 * Pure arithmetic on arrays of doubles: no JSON, no I/O.
 */
#ifndef KMB_INFERENCE_H
#define KMB_INFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Samples no larger than this (both of them) and free of ties get the exact
 * null distribution of U; anything else the normal approximation, which at
 * this size is already within a few percent of the exact p-value.
 */
#define KMB_MWU_EXACT_MAX	30

struct kmb_mwu {
	double u;	/* U of the first sample: pairs x > y, plus half of x == y */
	double p;	/* two-sided p-value in [0, 1] */
	bool exact;	/* p comes from the exact distribution */
};

/*
 * Two-sided Mann-Whitney U (Wilcoxon rank-sum) test of @x against @y.
 * Values must be finite. A sample with fewer than two values gives p = 1:
 * with one repetition the run-to-run spread of that side is unknown, and the
 * test would put all of the difference down to a shift. Identical pooled
 * values (zero variance) also give p = 1.
 * The normal approximation uses the tie-corrected variance and a continuity
 * correction of 1/2. Returns 0, or -1 when out of memory.
 */
int kmb_mwu_test(const double *x, size_t nx, const double *y, size_t ny, struct kmb_mwu *r);

/*
 * The smallest two-sided p-value the exact test can give for samples of
 * @nx and @ny values without ties: 2 / C(nx + ny, nx), capped at 1; 1 when
 * either has fewer than two values. Tells whether a comparison can be
 * significant at all with the repetitions it has.
 */
double kmb_mwu_p_floor(size_t nx, size_t ny);

/*
 * Percentile bootstrap confidence interval of median(cand) / median(base):
 * @resamples times, each sample is drawn again with replacement and
 * independently of the other, and the ratio of the two medians taken; the
 * interval is the (1 - level) / 2 and (1 + level) / 2 quantiles of those
 * ratios. Deterministic for a given @seed. When a sample is empty or holds a
 * value <= 0 (no ratio to speak of), *lo and *hi are NAN.
 * Returns 0, or -1 when out of memory.
 */
int kmb_bootstrap_ratio_ci(const double *base, size_t nbase, const double *cand, size_t ncand,
			   unsigned int resamples, double level, uint64_t seed,
			   double *lo, double *hi);

enum kmb_padjust {
	KMB_PADJ_HOLM,	/* family-wise error rate, valid under any dependence */
	KMB_PADJ_BH,	/* Benjamini-Hochberg false discovery rate */
	KMB_PADJ_NONE,
};

/* "holm", "bh", "none" */
const char *kmb_padjust_name(enum kmb_padjust m);
/* Parses a name of kmb_padjust_name; returns -1 for anything else. */
int kmb_padjust_parse(const char *s, enum kmb_padjust *m);

/*
 * Adjusts @n p-values (each in [0, 1]) for testing them together, into
 * @out (which may be @p), as R's p.adjust does. Returns 0, or -1 when out of
 * memory.
 */
int kmb_p_adjust(const double *p, size_t n, enum kmb_padjust m, double *out);

/* exp(mean(log v)): NAN when n == 0 or a value is not > 0. */
double kmb_geomean(const double *v, size_t n);

#endif
