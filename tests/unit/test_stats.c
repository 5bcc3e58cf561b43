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

int main(void)
{
	test_quantiles();
	test_edge_cases();
	test_welford_is_stable();
	test_phase_accumulates_reps();
	return kmb_check_done("test_stats");
}
