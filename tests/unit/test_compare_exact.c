/*
 * compare's rules for exact data (the instructions clock) and for merged
 * boots: which rule judges a pair, and the verdict it gives.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "compare.h"
#include "merge.h"

#define ID "kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1"

/* One boot's repetition medians, or a merge's (with one value per boot). */
struct side {
	const char *clock;		/* NULL: field absent (an old document) */
	const char *unit;
	double reps[8];
	size_t nreps;
	double boots[4];
	size_t nboots;			/* 0: not a merge */
};

static json_t *array_of(const double *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_real(v[i]));
	return a;
}

static json_t *doc_of(const struct side *s)
{
	json_t *phase = json_pack("{s:s, s:o}", "unit", s->unit ? s->unit : "insn",
				  "rep_medians", array_of(s->reps, s->nreps));
	json_t *doc;

	if (s->nboots)
		json_object_set_new(phase, "boot_medians", array_of(s->boots, s->nboots));
	doc = json_pack("{s:s, s:{s:{s:s}}, s:{s:s, s:b}, s:[{s:s, s:s, s:{}, s:I, s:{s:o}}]}",
			"schema", "kmembench/1", "system", "kernel", "release", "6.12-test",
			"run", "suite", "ci-instructions", "interrupted", 0,
			"results", "id", ID, "group", "kernel", "params", "repetitions",
			(json_int_t)s->nreps, "phases", "alloc", phase);
	if (s->clock)
		json_object_set_new(doc, "clock", json_string(s->clock));
	return doc;
}

/* Compares @b with @n at @threshold_pct; returns compare's status. */
static int judge(const struct side *b, const struct side *n, double threshold_pct,
		 struct kmb_cmp_pair *out)
{
	struct kmb_cmp_doc db, dn;
	struct kmb_comparison c;
	struct kmb_cmp_opts o;
	struct kmb_err err = { 0 };
	json_t *jb = doc_of(b), *jn = doc_of(n);
	int ret;

	kmb_cmp_opts_default(&o);
	o.threshold = threshold_pct / 100;
	CHECK(kmb_cmp_doc_from_json(jb, "base.json", &db, &err) == 0);
	CHECK(kmb_cmp_doc_from_json(jn, "new.json", &dn, &err) == 0);
	ret = kmb_compare(&db, &dn, &o, &c, &err);
	if (ret == 0) {
		CHECK(c.npairs == 1);
		if (c.npairs == 1)
			*out = c.pairs[0];
	} else {
		CHECK(strstr(err.msg, "clock") != NULL);
	}
	kmb_comparison_free(&c);
	kmb_cmp_doc_free(&db);
	kmb_cmp_doc_free(&dn);
	json_decref(jb);
	json_decref(jn);
	return ret;
}

#define INSN(...) { "instructions", "insn", { __VA_ARGS__ }, \
		    sizeof((double[]){ __VA_ARGS__ }) / sizeof(double), { 0 }, 0 }

static void test_identical(void)
{
	struct side b = INSN(161, 161, 161, 161, 161), n = b;
	struct kmb_cmp_pair p;

	CHECK(judge(&b, &n, 1, &p) == 0);
	CHECK(p.rule == KMB_RULE_EXACT);
	CHECK(p.verdict == KMB_VERDICT_UNCHANGED);
	CHECK(isnan(p.p) && p.ci_lo == 1 && p.ci_hi == 1);
}

/* The case: 161 x5 against 164.2 x5 was "noisy" before this rule. */
static void test_shift_without_spread(void)
{
	struct side b = INSN(161, 161, 161, 161, 161);
	struct side n = INSN(164.2, 164.2, 164.2, 164.2, 164.2);
	struct kmb_cmp_pair p;

	CHECK(judge(&b, &n, 1, &p) == 0);
	CHECK(p.rule == KMB_RULE_EXACT);
	CHECK(p.verdict == KMB_VERDICT_REGRESSION);
	CHECK_NEAR(p.ratio, 164.2 / 161, 1e-12);
	/* And the other way round. */
	CHECK(judge(&n, &b, 1, &p) == 0);
	CHECK(p.verdict == KMB_VERDICT_IMPROVEMENT);
	/* Within one instruction on a side is still no spread. */
	n.reps[0] = 165.2;
	CHECK(judge(&b, &n, 1, &p) == 0);
	CHECK(p.rule == KMB_RULE_EXACT && p.verdict == KMB_VERDICT_REGRESSION);
}

static void test_below_threshold(void)
{
	struct side b = INSN(1000, 1000, 1000), n = INSN(1005, 1005, 1005);
	struct kmb_cmp_pair p;

	CHECK(judge(&b, &n, 1, &p) == 0);
	CHECK(p.rule == KMB_RULE_EXACT && p.verdict == KMB_VERDICT_UNCHANGED);
	/* Beyond the threshold, but not beyond the floor of 2 instructions. */
	b = (struct side)INSN(87, 87, 87);
	n = (struct side)INSN(88, 88, 88);
	CHECK(judge(&b, &n, 1, &p) == 0);
	CHECK(p.rule == KMB_RULE_EXACT && p.verdict == KMB_VERDICT_UNCHANGED);
	n = (struct side)INSN(90, 90, 90);
	CHECK(judge(&b, &n, 1, &p) == 0);
	CHECK(p.verdict == KMB_VERDICT_REGRESSION);
}

/* One side varies between its boots: the boot is the replicate. */
static void test_mixed_uses_boots(void)
{
	struct side b = { "instructions", "insn", { 6556, 6556, 6623, 6623 }, 4,
			  { 6556, 6623 }, 2 };
	struct side n = INSN(6800, 6800, 6800, 6800);
	struct kmb_cmp_pair p;

	n.boots[0] = n.boots[1] = 6800;
	n.nboots = 2;
	CHECK(judge(&b, &n, 1, &p) == 0);
	CHECK(p.rule == KMB_RULE_BOOTS);
	CHECK(p.base_reps == 2 && p.new_reps == 2);
	/* Two boots a side are too few for significance: not a regression. */
	CHECK(p.verdict != KMB_VERDICT_REGRESSION);
	CHECK(p.p >= 0.05);
}

/*
 * The time clock never takes the exact rule, even without spread: the test
 * decides (here significant, a family of one pair).
 */
static void test_time_is_not_exact(void)
{
	struct side b = INSN(161, 161, 161, 161, 161);
	struct side n = INSN(170, 170, 170, 170, 170);
	struct kmb_cmp_pair p;

	b.clock = NULL;
	b.unit = n.unit = "ns";
	n.clock = "time";
	CHECK(judge(&b, &n, 1, &p) == 0);
	CHECK(p.rule == KMB_RULE_REPETITIONS);
	CHECK(isfinite(p.p) && p.ci_lo <= p.ratio && p.ci_hi >= p.ratio);
}

static void test_clocks_never_mix(void)
{
	struct side b = INSN(161, 161, 161), n = INSN(161, 161, 161);
	struct kmb_cmp_pair p;

	n.clock = NULL;		/* an old document: time */
	n.unit = "ns";
	CHECK(judge(&b, &n, 1, &p) == KMB_EXIT_USAGE);
}

/* merge keeps one value per boot and refuses to mix clocks. */
static void test_merge(void)
{
	struct side a = INSN(161, 161, 162), c = INSN(163, 163, 163), t = a;
	json_t *docs[2] = { doc_of(&a), doc_of(&c) }, *out = NULL, *ph;
	const char *paths[2] = { "a.json", "c.json" };
	struct kmb_err err = { 0 };

	CHECK(kmb_merge_docs(docs, paths, 2, &out, &err) == 0);
	ph = json_object_get(json_object_get(json_array_get(json_object_get(out, "results"), 0),
					     "phases"), "alloc");
	CHECK(json_array_size(json_object_get(ph, "boot_medians")) == 2);
	CHECK(json_integer_value(json_array_get(json_object_get(ph, "boot_medians"), 0)) == 161);
	CHECK(json_integer_value(json_array_get(json_object_get(ph, "boot_medians"), 1)) == 163);
	CHECK(json_array_size(json_object_get(ph, "rep_medians")) == 6);
	CHECK(strcmp(json_string_value(json_object_get(out, "clock")), "instructions") == 0);
	json_decref(out);
	json_decref(docs[1]);
	t.clock = "time";
	t.unit = "ns";
	docs[1] = doc_of(&t);
	out = NULL;
	CHECK(kmb_merge_docs(docs, paths, 2, &out, &err) == KMB_EXIT_USAGE);
	CHECK(out == NULL && strstr(err.msg, "clock 'time'") != NULL);
	json_decref(docs[0]);
	json_decref(docs[1]);
}

int main(void)
{
	test_identical();
	test_shift_without_spread();
	test_below_threshold();
	test_mixed_uses_boots();
	test_time_is_not_exact();
	test_clocks_never_mix();
	test_merge();
	return kmb_check_done("test_compare_exact");
}
