/* Descriptive statistics against values worked out by hand. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "phase.h"
#include "stats.h"

static void test_quantiles(void)
{
	/* Type 7: h = (n - 1) q; for 1..10, q = 0.9 -> h = 8.1 -> 9 + 0.1 = 9.1. */
	double v[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	struct kmb_stats s;

	kmb_stats_compute(v, 10, &s);
	CHECK(s.n == 10);
	CHECK_NEAR(s.min, 1, 0);
	CHECK_NEAR(s.max, 10, 0);
	CHECK_NEAR(s.mean, 5.5, 1e-12);
	CHECK_NEAR(s.median, 5.5, 1e-12);
	CHECK_NEAR(s.p90, 9.1, 1e-12);
	CHECK_NEAR(s.p99, 9.91, 1e-12);
	CHECK_NEAR(s.p999, 9.991, 1e-12);
	/* Sample stddev of 1..10: sqrt(82.5 / 9). */
	CHECK_NEAR(s.stddev, sqrt(82.5 / 9), 1e-12);
}

static void test_edge_cases(void)
{
	double one[] = { 42 };
	struct kmb_stats s;
	json_t *j;

	kmb_stats_compute(NULL, 0, &s);
	CHECK(s.n == 0 && isnan(s.mean) && isnan(s.median) && isnan(s.p99));
	j = kmb_stats_json(&s);
	CHECK(json_is_null(json_object_get(j, "mean")));
	CHECK(json_integer_value(json_object_get(j, "n")) == 0);
	json_decref(j);

	kmb_stats_compute(one, 1, &s);
	CHECK_NEAR(s.median, 42, 0);
	CHECK_NEAR(s.p999, 42, 0);
	CHECK(isnan(s.stddev));
	j = kmb_stats_json(&s);
	CHECK(json_is_null(json_object_get(j, "stddev")));
	CHECK_NEAR(json_real_value(json_object_get(j, "p99_9")), 42, 0);
	json_decref(j);
}

static void test_welford_is_stable(void)
{
	/* Large offset, tiny spread: the naive sum-of-squares formula loses it. */
	double v[] = { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 };
	struct kmb_stats s;

	kmb_stats_compute(v, 4, &s);
	CHECK_NEAR(s.mean, 1e9 + 10, 1e-6);
	CHECK_NEAR(s.stddev, sqrt(30), 1e-6);
}

static void test_phase_accumulates_reps(void)
{
	struct kmb_phase_data p = { .name = "alloc", .unit = "ns" };
	double r1[] = { 3, 1, 2 }, r2[] = { 10, 30, 20, 40 };
	json_t *j, *reps;

	CHECK(kmb_phase_add_rep(&p, r1, NULL, 3, 3, 1, 1000) == 0);
	CHECK(kmb_phase_add_rep(&p, r2, NULL, 4, 4, 0, 1000) == 0);
	/* A repetition in which every operation failed adds no median. */
	CHECK(kmb_phase_add_rep(&p, NULL, NULL, 0, 0, 5, 0) == 0);
	j = kmb_phase_json(&p);
	CHECK(json_integer_value(json_object_get(j, "n")) == 7);
	CHECK(json_integer_value(json_object_get(j, "failures")) == 6);
	CHECK(json_integer_value(json_object_get(j, "ops")) == 7);
	reps = json_object_get(j, "rep_medians");
	CHECK(json_array_size(reps) == 2);
	CHECK_NEAR(json_real_value(json_array_get(reps, 0)), 2, 0);
	CHECK_NEAR(json_real_value(json_array_get(reps, 1)), 25, 0);
	CHECK_NEAR(json_real_value(json_object_get(j, "median")), 10, 0);
	CHECK(json_object_get(j, "cycles") == NULL);
	json_decref(j);
	kmb_phase_free(&p);
}

/*
 * Moments merged from per-repetition sums equal those of all values at
 * once, whatever the split; a sum of squares far above the spread (values
 * near 1e9 that differ by units) must not cancel the spread away.
 */
static void test_moments_from_sums(void)
{
	double v[] = { 161, 161, 170, 161, 2000, 161, 165, 161 };
	struct kmb_moments m = { 0 }, big = { 0 };
	long double sum = 0, sumsq = 0;
	struct kmb_stats s;

	for (size_t i = 0; i < 3; i++)
		sum += v[i], sumsq += (long double)v[i] * v[i];
	kmb_moments_add_sums(&m, 3, sum, sumsq, 2.0);
	sum = sumsq = 0;
	for (size_t i = 3; i < 8; i++)
		sum += v[i], sumsq += (long double)v[i] * v[i];
	kmb_moments_add_sums(&m, 5, sum, sumsq, 2.0);
	kmb_stats_compute(v, 8, &s);
	CHECK(m.n == 8);
	CHECK_NEAR(m.mean, 2 * s.mean, 1e-9);
	CHECK_NEAR(kmb_moments_stddev(&m), 2 * s.stddev, 1e-9);

	/* 1e9 + {0, 1, 2}: stddev 1 */
	kmb_moments_add_sums(&big, 3, 3e9L + 3, 3e18L + 2 * 3e9L + 5, 1);
	CHECK_NEAR(kmb_moments_stddev(&big), 1, 1e-6);
	/* one value: a mean, no spread */
	kmb_moments_add_sums(&m, 0, 0, 0, 1);
	CHECK(m.n == 8);
	big = (struct kmb_moments){ 0 };
	kmb_moments_add_sums(&big, 1, 7, 49, 1);
	CHECK(big.mean == 7 && isnan(kmb_moments_stddev(&big)));
}

/*
 * With moments over every operation, a phase's mean is theirs, not its
 * samples' (the samples here are a few order statistics that overweight
 * the one slow operation), and the result says what each figure is from.
 */
static void test_phase_prefers_moments(void)
{
	struct kmb_phase_data p = { .name = "alloc", .unit = "ns" };
	double pooled[] = { 100, 100, 5000 };
	json_t *j;

	CHECK(kmb_phase_add_rep(&p, pooled, NULL, 3, 1000, 0, 200000) == 0);
	kmb_moments_add_sums(&p.every, 1000, 999 * 100.0L + 5000,
			     999 * 10000.0L + 25e6L, 1);
	p.quantiles_from = "every operation's sample";
	j = kmb_phase_json(&p);
	CHECK_NEAR(json_real_value(json_object_get(j, "mean")), 104.9, 1e-9);
	CHECK(json_real_value(json_object_get(j, "mean")) <=
	      json_real_value(json_object_get(j, "wall_ns_per_op")));
	CHECK(json_object_get(json_object_get(j, "statistics"), "quantiles") != NULL);
	json_decref(j);
	kmb_phase_free(&p);
}

int main(void)
{
	test_moments_from_sums();
	test_phase_prefers_moments();
	test_quantiles();
	test_edge_cases();
	test_welford_is_stable();
	test_phase_accumulates_reps();
	return kmb_check_done("test_stats");
}
