/* Descriptive statistics of a sample: what every phase of a case reports. */
#ifndef KMB_STATS_H
#define KMB_STATS_H

#include <jansson.h>
#include <stddef.h>

struct kmb_stats {
	size_t n;
	double mean, stddev;	/* stddev: sample (n - 1) standard deviation */
	double min, max;
	double median;		/* == p50 */
	double p90, p99, p999;
};

/*
 * Quantile q in [0, 1] of sorted values by linear interpolation between
 * closest ranks (Hyndman & Fan type 7, the default of R and NumPy).
 * Returns NAN for n == 0.
 */
double kmb_quantile_sorted(const double *sorted, size_t n, double q);

/* Sorts @v in place and fills @s; every field is NAN when n == 0. */
void kmb_stats_compute(double *v, size_t n, struct kmb_stats *s);

/* Median of @v (reordered in place); NAN when n == 0. */
double kmb_median(double *v, size_t n);

/*
 * The statistics as a JSON object: n, mean, median, stddev, min, max, p50,
 * p90, p99, p99_9. Non-finite values (n == 0, or stddev with n == 1) are
 * written as null, since JSON has no NaN.
 */
json_t *kmb_stats_json(const struct kmb_stats *s);

/*
 * Mean and spread of every operation, from sums rather than samples: the
 * kernel module sums each operation and its square, so that a phase's mean
 * and standard deviation describe all of its operations even when only a
 * few of them are kept as samples. Merged one repetition at a time
 * (Chan, Golub & LeVeque's pairwise update), which keeps the spread exact
 * where a single sum of squares would cancel.
 */
struct kmb_moments {
	double n, mean, m2;	/* m2: sum of squared deviations from mean */
};

/*
 * Adds @n values whose sum is @sum and sum of squares @sumsq, each scaled
 * by @scale (a unit conversion, e.g. ns per cycle) on the way.
 */
void kmb_moments_add_sums(struct kmb_moments *m, double n, long double sum,
			  long double sumsq, double scale);

/* Sample (n - 1) standard deviation; NAN for fewer than two values. */
double kmb_moments_stddev(const struct kmb_moments *m);

/* A growable array of doubles. */
struct kmb_dvec {
	double *v;
	size_t n, cap;
};

int kmb_dvec_push(struct kmb_dvec *d, double x);
int kmb_dvec_append(struct kmb_dvec *d, const double *x, size_t n);
void kmb_dvec_free(struct kmb_dvec *d);

#endif
