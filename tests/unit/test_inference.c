/*
 * Inference statistics against values worked out independently: exact
 * p-values by enumerating every split of the pooled sample (a brute-force
 * program, not the recurrence used here), normal approximations from the
 * textbook formula, Holm and Benjamini-Hochberg by hand.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "inference.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static double mwu_p(const double *x, size_t nx, const double *y, size_t ny, bool *exact)
{
	struct kmb_mwu r;

	CHECK(kmb_mwu_test(x, nx, y, ny, &r) == 0);
	if (exact)
		*exact = r.exact;
	CHECK(r.p >= 0 && r.p <= 1);
	return r.p;
}

static void test_mwu_exact(void)
{
	static const double lo3[] = { 1, 2, 3 }, hi3[] = { 4, 5, 6 };
	static const double lo5[] = { 1, 2, 3, 4, 5 }, hi5[] = { 6, 7, 8, 9, 10 };
	static const double a[] = { 1, 2, 4 }, b[] = { 3, 5, 6 };
	static const double lo4[] = { 10, 11, 12, 13 };
	/* Enumerated: U = 5, 72 of the 1716 splits as extreme -> p = 0.022144522 */
	static const double x7[] = { 1.1, 3.4, 2.2, 5.9, 4.0, 7.5, 6.1 };
	static const double y6[] = { 8.2, 3.9, 9.1, 10.3, 6.6, 12.0 };
	/* Enumerated: U = 11 -> p = 0.107892108 */
	static const double x8[] = { 3, 17, 8, 21, 5, 12, 30, 1 };
	static const double y6b[] = { 9, 25, 14, 28, 19, 33 };
	struct kmb_mwu r;
	bool exact = false;

	/* Complete separation, 3 vs 3: 2 of C(6,3) = 20 orderings -> 0.1. */
	CHECK_NEAR(mwu_p(lo3, 3, hi3, 3, &exact), 0.1, 1e-12);
	CHECK(exact);
	CHECK_NEAR(mwu_p(hi3, 3, lo3, 3, NULL), 0.1, 1e-12);
	/* 5 vs 5: 2 / C(10,5) = 2/252. */
	CHECK_NEAR(mwu_p(lo5, 5, hi5, 5, NULL), 2.0 / 252, 1e-12);
	CHECK_NEAR(mwu_p(hi5, 5, lo5, 5, NULL), 2.0 / 252, 1e-12);
	/* U = 1 for 3 vs 3: P(U <= 1) = 2/20, two-sided 0.2. */
	CHECK(kmb_mwu_test(a, 3, b, 3, &r) == 0);
	CHECK_NEAR(r.u, 1, 1e-12);
	CHECK_NEAR(r.p, 0.2, 1e-12);
	/* Interleaved 3 vs 3: U = 3, P(U <= 3) = 7/20, two-sided 0.7. */
	CHECK(kmb_mwu_test((const double[]){ 1, 3, 5 }, 3, (const double[]){ 2, 4, 6 }, 3,
			   &r) == 0);
	CHECK_NEAR(r.u, 3, 1e-12);
	CHECK_NEAR(r.p, 0.7, 1e-12);
	/* Unequal sizes, 3 vs 4 separated: 2 / C(7,3) = 2/35. */
	CHECK_NEAR(mwu_p(lo3, 3, lo4, 4, NULL), 2.0 / 35, 1e-12);
	CHECK_NEAR(mwu_p(lo4, 4, lo3, 3, NULL), 2.0 / 35, 1e-12);
	CHECK(kmb_mwu_test(x7, N(x7), y6, N(y6), &r) == 0);
	CHECK_NEAR(r.u, 5, 1e-12);
	CHECK_NEAR(r.p, 0.022144522144522144, 1e-12);
	CHECK(r.exact);
	CHECK(kmb_mwu_test(x8, N(x8), y6b, N(y6b), &r) == 0);
	CHECK_NEAR(r.u, 11, 1e-12);
	CHECK_NEAR(r.p, 0.10789210789210789, 1e-12);
	/* Same sample on both sides: U in the middle, p = 1. */
	CHECK_NEAR(mwu_p(x7, N(x7), x7, N(x7), NULL), 1, 1e-12);
}

static void test_mwu_exact_large(void)
{
	double x[10], y[10], big_x[30], big_y[30];
	bool exact = false;

	for (int i = 0; i < 10; i++) {
		x[i] = 100 + i;
		y[i] = 200 + i;
	}
	/* 10 vs 10 separated: 2 / C(20,10) = 1.0825088e-05. */
	CHECK_NEAR(mwu_p(x, 10, y, 10, &exact), 2.0 / 184756, 1e-15);
	CHECK(exact);
	/*
	 * At the largest exact size: x = 0, 2, .., 58 against y = 7.5, 9.5, ..,
	 * 65.5 gives U = 351; the exact p from the Gaussian binomial
	 * [60 choose 30]_q, expanded with integer polynomials, is 0.146231052
	 * (the normal approximation would say 0.145319127).
	 */
	for (int i = 0; i < 30; i++) {
		big_x[i] = i * 2.0;
		big_y[i] = i * 2.0 + 7.5;
	}
	CHECK_NEAR(mwu_p(big_x, 30, big_y, 30, &exact), 0.14623105238959494, 1e-12);
	CHECK(exact);
}

static void test_mwu_normal(void)
{
	/* Ties: U = 1.5, tie-corrected variance, continuity 0.5 -> 0.0087327685. */
	static const double tx[] = { 1, 2, 2, 3, 3, 3 }, ty[] = { 3, 4, 4, 5, 5, 6 };
	static const double nx[] = { 1.5, 2.5, 3.1, 4.8, 5.2, 6.6, 7.0, 8.9, 9.3, 10.1, 11.4,
				     12.2, 13.8, 14.5, 15.0, 16.7, 17.3, 18.8, 19.9, 20.4, 21.6,
				     22.1, 23.3, 24.0, 25.5, 26.2, 27.7, 28.1, 29.9, 30.5, 31.0 };
	static const double ny[] = { 3.0, 5.0, 7.5, 9.0, 11.0, 13.0, 15.5, 17.0, 19.5, 21.0,
				     23.5, 25.0, 27.5, 29.0, 31.5, 33.0, 35.5, 37.0, 39.5, 41.0,
				     43.5, 45.0, 47.5, 49.0, 51.5, 53.0, 55.5, 57.0, 59.5, 61.0,
				     63.5 };
	double x[40], y[40];
	struct kmb_mwu r;

	CHECK(kmb_mwu_test(tx, N(tx), ty, N(ty), &r) == 0);
	CHECK(!r.exact);
	CHECK_NEAR(r.u, 1.5, 1e-12);
	CHECK_NEAR(r.p, 0.00873276851253925, 1e-12);
	/* 31 vs 31, no ties, beyond the exact size: U = 221 -> 0.000265991. */
	CHECK(kmb_mwu_test(nx, N(nx), ny, N(ny), &r) == 0);
	CHECK(!r.exact);
	CHECK_NEAR(r.u, 221, 1e-12);
	CHECK_NEAR(r.p, 0.00026599105572449916, 1e-15);
	/* 40 vs 40 separated: z = 799.5 / sqrt(10800) -> 1.4350853e-14. */
	for (int i = 0; i < 40; i++) {
		x[i] = i;
		y[i] = 40 + i;
	}
	CHECK(kmb_mwu_test(x, 40, y, 40, &r) == 0);
	CHECK_NEAR(r.u, 0, 1e-12);
	CHECK_NEAR(r.p / 1.435085306393683e-14, 1, 1e-9);
}

static void test_mwu_degenerate(void)
{
	static const double one[] = { 5 }, four[] = { 1, 2, 3, 4 };
	static const double same[] = { 7, 7, 7, 7, 7 };
	struct kmb_mwu r;

	/* Empty samples: p = 1, U = 0, never NaN. */
	CHECK(kmb_mwu_test(NULL, 0, four, 4, &r) == 0);
	CHECK(r.p == 1 && r.u == 0);
	CHECK(kmb_mwu_test(four, 4, NULL, 0, &r) == 0);
	CHECK(r.p == 1);
	CHECK(kmb_mwu_test(NULL, 0, NULL, 0, &r) == 0);
	CHECK(r.p == 1);
	/* One value on a side: p = 1 by definition, U still counted. */
	CHECK(kmb_mwu_test(one, 1, four, 4, &r) == 0);
	CHECK(r.p == 1);
	CHECK_NEAR(r.u, 4, 1e-12);
	CHECK(kmb_mwu_test(one, 1, one, 1, &r) == 0);
	CHECK(r.p == 1);
	CHECK_NEAR(r.u, 0.5, 1e-12);
	/* All values tied: zero variance, p = 1. */
	CHECK(kmb_mwu_test(same, 5, same, 5, &r) == 0);
	CHECK(r.p == 1 && !isnan(r.p));
	CHECK_NEAR(r.u, 12.5, 1e-12);
}

static void test_p_floor(void)
{
	CHECK_NEAR(kmb_mwu_p_floor(3, 3), 0.1, 1e-15);
	CHECK_NEAR(kmb_mwu_p_floor(5, 5), 2.0 / 252, 1e-15);
	CHECK_NEAR(kmb_mwu_p_floor(10, 10), 2.0 / 184756, 1e-18);
	CHECK_NEAR(kmb_mwu_p_floor(2, 2), 1.0 / 3, 1e-15);
	CHECK(kmb_mwu_p_floor(1, 10) == 1);
	CHECK(kmb_mwu_p_floor(0, 0) == 1);
}

static void test_bootstrap(void)
{
	static const double two[] = { 1, 3 }, six[] = { 6 };
	static const double c5[] = { 4, 4, 4, 4, 4 }, c3[] = { 5, 5, 5 };
	static const double neg[] = { 1, 0, 2 };
	double base[10], up[10], lo, hi, lo2, hi2, lo1, hi1;

	/*
	 * base {1, 3}: a resampled median is 1, 2 or 3 with probability
	 * 1/4, 1/2, 1/4; against 6 the ratio is 6, 3 or 2. The 2.5 % and
	 * 97.5 % quantiles of 2000 draws sit inside the runs of 2 and of 6.
	 */
	CHECK(kmb_bootstrap_ratio_ci(two, 2, six, 1, 2000, 0.95, 42, &lo, &hi) == 0);
	CHECK_NEAR(lo, 2, 1e-12);
	CHECK_NEAR(hi, 6, 1e-12);
	/* Constant samples: a point. */
	CHECK(kmb_bootstrap_ratio_ci(c5, 5, c3, 3, 500, 0.95, 1, &lo, &hi) == 0);
	CHECK_NEAR(lo, 1.25, 1e-12);
	CHECK_NEAR(hi, 1.25, 1e-12);
	/* One value a side: the one ratio. */
	CHECK(kmb_bootstrap_ratio_ci(c5, 1, six, 1, 100, 0.95, 1, &lo, &hi) == 0);
	CHECK_NEAR(lo, 1.5, 1e-12);
	CHECK_NEAR(hi, 1.5, 1e-12);

	for (int i = 0; i < 10; i++) {
		base[i] = 100 + (i * 7 % 10) * 0.4;	/* 100 .. 103.6, shuffled */
		up[i] = base[i] * 1.2;
	}
	/* Deterministic for a seed. */
	CHECK(kmb_bootstrap_ratio_ci(base, 10, up, 10, 2000, 0.95, 7, &lo, &hi) == 0);
	CHECK(kmb_bootstrap_ratio_ci(base, 10, up, 10, 2000, 0.95, 7, &lo2, &hi2) == 0);
	CHECK(lo == lo2 && hi == hi2);
	/* Covers the true ratio and excludes 1 for a tight +20 % shift. */
	CHECK(lo < 1.2 && hi > 1.2);
	CHECK(lo > 1.1 && hi < 1.3);
	/* Scaling one sample scales the interval: same draws, same seed. */
	CHECK(kmb_bootstrap_ratio_ci(base, 10, base, 10, 2000, 0.95, 7, &lo1, &hi1) == 0);
	CHECK_NEAR(lo, lo1 * 1.2, 1e-12);
	CHECK_NEAR(hi, hi1 * 1.2, 1e-12);
	CHECK(lo1 <= 1 && hi1 >= 1);
	/* A wider level gives a wider interval. */
	CHECK(kmb_bootstrap_ratio_ci(base, 10, up, 10, 2000, 0.5, 7, &lo2, &hi2) == 0);
	CHECK(lo2 >= lo && hi2 <= hi);

	/* No ratio to speak of: NaN, not a crash. */
	CHECK(kmb_bootstrap_ratio_ci(NULL, 0, up, 10, 100, 0.95, 1, &lo, &hi) == 0);
	CHECK(isnan(lo) && isnan(hi));
	CHECK(kmb_bootstrap_ratio_ci(neg, 3, up, 10, 100, 0.95, 1, &lo, &hi) == 0);
	CHECK(isnan(lo) && isnan(hi));
	CHECK(kmb_bootstrap_ratio_ci(base, 10, up, 10, 100, 1.5, 1, &lo, &hi) == 0);
	CHECK(isnan(lo) && isnan(hi));
}

static void test_p_adjust(void)
{
	static const double p[] = { 0.01, 0.04, 0.03, 0.005 };
	static const double holm[] = { 0.03, 0.06, 0.06, 0.02 };
	static const double bh[] = { 0.02, 0.04, 0.04, 0.02 };
	static const double q[] = { 0.01, 0.02, 0.03, 0.04, 0.05 };
	static const double holm_q[] = { 0.05, 0.08, 0.09, 0.09, 0.09 };
	static const double big[] = { 0.5, 0.6 };
	double out[5], inplace[4];
	enum kmb_padjust m;

	/* Worked by hand: sorted 0.005, 0.01, 0.03, 0.04. */
	CHECK(kmb_p_adjust(p, 4, KMB_PADJ_HOLM, out) == 0);
	for (int i = 0; i < 4; i++)
		CHECK_NEAR(out[i], holm[i], 1e-12);
	CHECK(kmb_p_adjust(p, 4, KMB_PADJ_BH, out) == 0);
	for (int i = 0; i < 4; i++)
		CHECK_NEAR(out[i], bh[i], 1e-12);
	CHECK(kmb_p_adjust(p, 4, KMB_PADJ_NONE, out) == 0);
	for (int i = 0; i < 4; i++)
		CHECK_NEAR(out[i], p[i], 0);
	/* In place. */
	for (int i = 0; i < 4; i++)
		inplace[i] = p[i];
	CHECK(kmb_p_adjust(inplace, 4, KMB_PADJ_HOLM, inplace) == 0);
	for (int i = 0; i < 4; i++)
		CHECK_NEAR(inplace[i], holm[i], 1e-12);
	/* Monotone step-down, and BH levelling everything to 0.05. */
	CHECK(kmb_p_adjust(q, 5, KMB_PADJ_HOLM, out) == 0);
	for (int i = 0; i < 5; i++)
		CHECK_NEAR(out[i], holm_q[i], 1e-12);
	CHECK(kmb_p_adjust(q, 5, KMB_PADJ_BH, out) == 0);
	for (int i = 0; i < 5; i++)
		CHECK_NEAR(out[i], 0.05, 1e-12);
	/* Capped at 1. */
	CHECK(kmb_p_adjust(big, 2, KMB_PADJ_HOLM, out) == 0);
	CHECK_NEAR(out[0], 1, 0);
	CHECK_NEAR(out[1], 1, 0);
	CHECK(kmb_p_adjust(big, 2, KMB_PADJ_BH, out) == 0);
	CHECK_NEAR(out[0], 0.6, 1e-12);
	CHECK_NEAR(out[1], 0.6, 1e-12);
	/* One p-value is its own adjustment; none is fine. */
	CHECK(kmb_p_adjust(p, 1, KMB_PADJ_HOLM, out) == 0);
	CHECK_NEAR(out[0], 0.01, 0);
	CHECK(kmb_p_adjust(p, 0, KMB_PADJ_BH, out) == 0);

	CHECK(kmb_padjust_parse("holm", &m) == 0 && m == KMB_PADJ_HOLM);
	CHECK(kmb_padjust_parse("bh", &m) == 0 && m == KMB_PADJ_BH);
	CHECK(kmb_padjust_parse("none", &m) == 0 && m == KMB_PADJ_NONE);
	CHECK(kmb_padjust_parse("bonferroni", &m) == -1);
}

static void test_geomean(void)
{
	static const double a[] = { 2, 8 }, b[] = { 1.1, 1 / 1.1 }, c[] = { 1, 0, 2 };
	static const double d[] = { 1.25 };

	CHECK_NEAR(kmb_geomean(a, 2), 4, 1e-12);
	CHECK_NEAR(kmb_geomean(b, 2), 1, 1e-12);
	CHECK_NEAR(kmb_geomean(d, 1), 1.25, 1e-12);
	CHECK(isnan(kmb_geomean(a, 0)));
	CHECK(isnan(kmb_geomean(c, 3)));
}

int main(void)
{
	test_mwu_exact();
	test_mwu_exact_large();
	test_mwu_normal();
	test_mwu_degenerate();
	test_p_floor();
	test_bootstrap();
	test_p_adjust();
	test_geomean();
	return kmb_check_done("test_inference");
}
