#include "stats.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

double kmb_quantile_sorted(const double *sorted, size_t n, double q)
{
	double h;
	size_t lo;

	if (n == 0)
		return NAN;
	if (q <= 0)
		return sorted[0];
	if (q >= 1)
		return sorted[n - 1];
	h = (n - 1) * q;
	lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

void kmb_stats_compute(double *v, size_t n, struct kmb_stats *s)
{
	double m2 = 0, mean = 0;

	s->n = n;
	if (n == 0) {
		s->mean = s->stddev = s->min = s->max = NAN;
		s->median = s->p90 = s->p99 = s->p999 = NAN;
		return;
	}
	qsort(v, n, sizeof(*v), kmb_cmp_double);
	/* Welford: stable for the long, tight distributions timing gives. */
	for (size_t i = 0; i < n; i++) {
		double d = v[i] - mean;

		mean += d / (double)(i + 1);
		m2 += d * (v[i] - mean);
	}
	s->mean = mean;
	s->stddev = n > 1 ? sqrt(m2 / (double)(n - 1)) : NAN;
	s->min = v[0];
	s->max = v[n - 1];
	s->median = kmb_quantile_sorted(v, n, 0.5);
	s->p90 = kmb_quantile_sorted(v, n, 0.9);
	s->p99 = kmb_quantile_sorted(v, n, 0.99);
	s->p999 = kmb_quantile_sorted(v, n, 0.999);
}

/*
 * Moves the k-th smallest value to v[k], smaller ones before it, larger ones
 * after (Wirth's selection). Linear on average: a median must not cost a
 * sort, since the runner takes one per repetition, also in the moment
 * between a Ctrl-C and writing the result.
 */
static void select_kth(double *v, size_t n, size_t k)
{
	ptrdiff_t l = 0, r = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;

	while (l < r) {
		double x = v[kk];
		ptrdiff_t i = l, j = r;

		do {
			while (v[i] < x)
				i++;
			while (x < v[j])
				j--;
			if (i <= j) {
				double t = v[i];

				v[i++] = v[j];
				v[j--] = t;
			}
		} while (i <= j);
		if (j < kk)
			l = i;
		if (kk < i)
			r = j;
	}
}

double kmb_median(double *v, size_t n)
{
	double h, below, above;
	size_t k;

	if (n == 0)
		return NAN;
	/* The same type-7 interpolation as kmb_quantile_sorted(). */
	h = (double)(n - 1) * 0.5;
	k = (size_t)floor(h);
	select_kth(v, n, k);
	below = v[k];
	if (k + 1 >= n || h == (double)k)
		return below;
	above = v[k + 1];
	for (size_t i = k + 2; i < n; i++)
		if (v[i] < above)
			above = v[i];
	return below + (h - (double)k) * (above - below);
}

json_t *kmb_stats_json(const struct kmb_stats *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "n", (json_int_t)s->n,
			 "mean", kmb_json_real_or_null(s->mean),
			 "median", kmb_json_real_or_null(s->median),
			 "stddev", kmb_json_real_or_null(s->stddev),
			 "min", kmb_json_real_or_null(s->min),
			 "max", kmb_json_real_or_null(s->max),
			 "p50", kmb_json_real_or_null(s->median),
			 "p90", kmb_json_real_or_null(s->p90),
			 "p99", kmb_json_real_or_null(s->p99),
			 "p99_9", kmb_json_real_or_null(s->p999));
}

int kmb_dvec_push(struct kmb_dvec *d, double x)
{
	return kmb_dvec_append(d, &x, 1);
}

int kmb_dvec_append(struct kmb_dvec *d, const double *x, size_t n)
{
	if (n == 0)
		return 0;	/* x may be NULL then, and memcpy must not see it */
	if (d->n + n > d->cap) {
		size_t cap = d->cap ? d->cap : 64;
		double *nv;

		while (cap < d->n + n)
			cap *= 2;
		nv = realloc(d->v, cap * sizeof(*nv));
		if (!nv)
			return -1;
		d->v = nv;
		d->cap = cap;
	}
	memcpy(d->v + d->n, x, n * sizeof(*x));
	d->n += n;
	return 0;
}

void kmb_dvec_free(struct kmb_dvec *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void kmb_moments_add_sums(struct kmb_moments *m, double n, long double sum,
			  long double sumsq, double scale)
{
	long double m2;
	double mean, delta, total;

	if (n <= 0)
		return;
	/* The batch's own spread, in its unit; rounding may leave it a hair below 0. */
	m2 = sumsq - sum * sum / n;
	if (m2 < 0)
		m2 = 0;
	mean = (double)(sum / n) * scale;
	total = m->n + n;
	delta = mean - m->mean;
	m->m2 += (double)m2 * scale * scale + delta * delta * m->n * n / total;
	m->mean += delta * n / total;
	m->n = total;
}

double kmb_moments_stddev(const struct kmb_moments *m)
{
	return m->n > 1 ? sqrt(m->m2 / (m->n - 1)) : NAN;
}
