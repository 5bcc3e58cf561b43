#include "inference.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

struct ranked {
	double v;
	bool from_x;
};

static int cmp_ranked(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;

	return (x > y) - (x < y);
}

/* C(n1 + n2, n1) in floating point: exact up to 2^53, close beyond. */
static double binomial(size_t n1, size_t n2)
{
	double c = 1;

	for (size_t i = 1; i <= n1; i++)
		c = c * (double)(n2 + i) / (double)i;
	return c;
}

/*
 * P(U <= umax) under the null hypothesis, for samples of n1 and n2 values
 * without ties. The number of orderings with U = u is the coefficient of
 * q^u in the Gaussian binomial [n1 + n2 choose n1]_q (U counts inversions),
 * which is the product over i = 1..n1 of (1 - q^(n2 + i)) / (1 - q^i).
 * Each factor costs one pass over the coefficients kept (up to umax), and
 * within KMB_MWU_EXACT_MAX every coefficient stays below 2^53, so the
 * counts are exact integers.
 * Returns -1 when out of memory.
 */
static int exact_lower_tail(size_t n1, size_t n2, size_t umax, double *out)
{
	double *c = calloc(umax + 1, sizeof(*c)), sum = 0;

	if (!c)
		return -1;
	c[0] = 1;
	for (size_t i = 1; i <= n1; i++) {
		size_t a = n2 + i;

		for (size_t u = umax; u >= a; u--)
			c[u] -= c[u - a];
		/* Dividing by (1 - q^i) is adding the series' own earlier terms. */
		for (size_t u = i; u <= umax; u++)
			c[u] += c[u - i];
	}
	for (size_t u = 0; u <= umax; u++)
		sum += c[u];
	*out = sum / binomial(n1, n2);
	free(c);
	return 0;
}

int kmb_mwu_test(const double *x, size_t nx, const double *y, size_t ny, struct kmb_mwu *r)
{
	size_t n = nx + ny;
	struct ranked *pool;
	double rank_sum_x = 0, tie_term = 0, mean, var, z;
	bool ties = false;

	r->u = 0;
	r->p = 1;
	r->exact = false;
	if (nx == 0 || ny == 0)
		return 0;
	pool = malloc(n * sizeof(*pool));
	if (!pool)
		return -1;
	for (size_t i = 0; i < nx; i++)
		pool[i] = (struct ranked){ x[i], true };
	for (size_t i = 0; i < ny; i++)
		pool[nx + i] = (struct ranked){ y[i], false };
	qsort(pool, n, sizeof(*pool), cmp_ranked);
	for (size_t i = 0, j; i < n; i = j) {
		double t, midrank;

		for (j = i + 1; j < n && pool[j].v == pool[i].v; j++)
			;
		/* Tied values share the mean of the ranks i + 1 .. j. */
		midrank = (double)(i + 1 + j) / 2;
		for (size_t k = i; k < j; k++)
			if (pool[k].from_x)
				rank_sum_x += midrank;
		t = (double)(j - i);
		if (j - i > 1) {
			ties = true;
			tie_term += t * t * t - t;
		}
	}
	free(pool);
	r->u = rank_sum_x - (double)nx * (double)(nx + 1) / 2;
	if (nx < 2 || ny < 2)
		return 0;

	if (!ties && nx <= KMB_MWU_EXACT_MAX && ny <= KMB_MWU_EXACT_MAX) {
		size_t u = (size_t)llround(r->u), pairs = nx * ny;
		double tail;

		/* The null distribution is symmetric: P(U >= u) = P(U <= n1 n2 - u). */
		if (exact_lower_tail(nx, ny, u < pairs - u ? u : pairs - u, &tail))
			return -1;
		r->p = fmin(1, 2 * tail);
		r->exact = true;
		return 0;
	}
	mean = (double)nx * (double)ny / 2;
	var = (double)nx * (double)ny / 12 *
	      ((double)(n + 1) - tie_term / ((double)n * (double)(n - 1)));
	if (!(var > 0))
		return 0;	/* every value the same: no evidence of a shift */
	z = fmax(0, fabs(r->u - mean) - 0.5) / sqrt(var);
	r->p = fmin(1, erfc(z / sqrt(2)));
	return 0;
}

double kmb_mwu_p_floor(size_t nx, size_t ny)
{
	if (nx < 2 || ny < 2)
		return 1;
	return fmin(1, 2 / binomial(nx, ny));
}

/* Uniform in [0, n): rejects the top of the range that % would bias. */
static size_t rng_below(uint64_t *state, size_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, v;

	do
		v = kmb_splitmix64(state);
	while (v >= limit);
	return (size_t)(v % n);
}

/*
 * The median of a resample of @sorted, drawn as counts per value: walking
 * the counts finds the middle order statistics without sorting.
 */
static double resample_median(const double *sorted, size_t n, size_t *counts, uint64_t *state)
{
	size_t k1 = (n - 1) / 2, k2 = n / 2, seen = 0;
	double lo = sorted[0];

	memset(counts, 0, n * sizeof(*counts));
	for (size_t i = 0; i < n; i++)
		counts[rng_below(state, n)]++;
	for (size_t j = 0; j < n; j++) {
		if (seen <= k1 && seen + counts[j] > k1)
			lo = sorted[j];
		seen += counts[j];
		if (seen > k2)
			return (lo + sorted[j]) / 2;
	}
	return lo;	/* not reached: the counts add up to n */
}

static double *sorted_copy(const double *v, size_t n)
{
	double *c = malloc(n * sizeof(*c));

	if (c) {
		memcpy(c, v, n * sizeof(*c));
		qsort(c, n, sizeof(*c), kmb_cmp_double);
	}
	return c;
}

static bool all_positive(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(v[i] > 0))
			return false;
	return true;
}

int kmb_bootstrap_ratio_ci(const double *base, size_t nbase, const double *cand, size_t ncand,
			   unsigned int resamples, double level, uint64_t seed,
			   double *lo, double *hi)
{
	uint64_t state = seed;
	double *sb, *sc, *ratios;
	size_t *counts;
	int ret = -1;

	*lo = *hi = NAN;
	if (!nbase || !ncand || !resamples || !(level > 0 && level < 1) ||
	    !all_positive(base, nbase) || !all_positive(cand, ncand))
		return 0;
	sb = sorted_copy(base, nbase);
	sc = sorted_copy(cand, ncand);
	counts = malloc((nbase > ncand ? nbase : ncand) * sizeof(*counts));
	ratios = malloc(resamples * sizeof(*ratios));
	if (sb && sc && counts && ratios) {
		for (unsigned int b = 0; b < resamples; b++) {
			double mb = resample_median(sb, nbase, counts, &state);
			double mc = resample_median(sc, ncand, counts, &state);

			ratios[b] = mc / mb;
		}
		qsort(ratios, resamples, sizeof(*ratios), kmb_cmp_double);
		*lo = kmb_quantile_sorted(ratios, resamples, (1 - level) / 2);
		*hi = kmb_quantile_sorted(ratios, resamples, (1 + level) / 2);
		ret = 0;
	}
	free(sb);
	free(sc);
	free(counts);
	free(ratios);
	return ret;
}

const char *kmb_padjust_name(enum kmb_padjust m)
{
	switch (m) {
	case KMB_PADJ_HOLM: return "holm";
	case KMB_PADJ_BH: return "bh";
	case KMB_PADJ_NONE: return "none";
	}
	return "?";
}

int kmb_padjust_parse(const char *s, enum kmb_padjust *m)
{
	static const enum kmb_padjust all[] = { KMB_PADJ_HOLM, KMB_PADJ_BH, KMB_PADJ_NONE };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(s, kmb_padjust_name(all[i])) == 0) {
			*m = all[i];
			return 0;
		}
	}
	return -1;
}

struct indexed_p {
	double p;
	size_t i;
};

/* Ascending p; equal p keep their input order, so results are reproducible. */
static int cmp_indexed_p(const void *a, const void *b)
{
	const struct indexed_p *x = a, *y = b;

	if (x->p != y->p)
		return (x->p > y->p) - (x->p < y->p);
	return (x->i > y->i) - (x->i < y->i);
}

int kmb_p_adjust(const double *p, size_t n, enum kmb_padjust m, double *out)
{
	struct indexed_p *s;
	double running;

	if (n == 0)
		return 0;
	s = malloc(n * sizeof(*s));
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		s[i] = (struct indexed_p){ p[i] >= 0 && p[i] <= 1 ? p[i] : 1, i };
	qsort(s, n, sizeof(*s), cmp_indexed_p);
	switch (m) {
	case KMB_PADJ_HOLM:
		/* Step down: the k-th smallest faces n - k tests still standing. */
		running = 0;
		for (size_t k = 0; k < n; k++) {
			running = fmax(running, fmin(1, (double)(n - k) * s[k].p));
			out[s[k].i] = running;
		}
		break;
	case KMB_PADJ_BH:
		/* Step up: the k-th smallest is scaled by n / k, then made monotone. */
		running = 1;
		for (size_t k = n; k-- > 0;) {
			running = fmin(running, (double)n / (double)(k + 1) * s[k].p);
			out[s[k].i] = running;
		}
		break;
	case KMB_PADJ_NONE:
		for (size_t k = 0; k < n; k++)
			out[s[k].i] = s[k].p;
		break;
	}
	free(s);
	return 0;
}

double kmb_geomean(const double *v, size_t n)
{
	double sum = 0;

	if (n == 0)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		if (!(v[i] > 0))
			return NAN;
		sum += log(v[i]);
	}
	return exp(sum / (double)n);
}
