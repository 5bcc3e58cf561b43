/*
 * compare on result documents built here (shifts, spreads, environments)
 * and on the small files in tests/unit/data/: verdicts, matching, exit
 * codes, refusals and what each output format carries.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "compare.h"

#define ID64	"kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1"
#define ID512	"kernel/kmalloc/size=512/gfp=KERNEL/pattern=pair/ctx=process/threads=1"
#define IDUSR	"user/malloc/size=64/threads=1"
#define IDVM	"kernel/vmalloc/size=4096/gfp=KERNEL/pattern=pair/ctx=process/threads=1"

/* What a built document looks like; zero is the plain base run. */
struct fixture {
	double factor;		/* every median scaled by it (0: 1) */
	double spread;		/* repetition medians spread over +-spread */
	size_t reps;		/* 0: 10 */
	const char *cpu;	/* 0: "Test CPU" */
	bool kasan, interrupted;
	bool without_512;	/* drop ID512 */
	bool with_vmalloc;	/* add IDVM */
	bool skip_user;		/* IDUSR skipped */
	bool bytes_unit;	/* the free phase of ID64 in bytes */
	unsigned int inject_pct;	/* module.inject slows kmalloc (0: null) */
};

static char tmpdir[64];

static json_t *phase(double ns, const struct fixture *f, unsigned int salt, const char *unit)
{
	size_t reps = f->reps ? f->reps : 10;
	json_t *v = json_array();

	for (size_t i = 0; i < reps; i++) {
		/* Evenly over [-1, 1], in a scrambled order. */
		size_t k = (i * 7 + salt) % reps;
		double w = reps > 1 ? -1 + 2.0 * (double)k / (double)(reps - 1) : 0;

		json_array_append_new(v, json_real(ns * (f->factor ? f->factor : 1) *
						   (1 + f->spread * w)));
	}
	return json_pack("{s:s, s:o, s:I}", "unit", unit, "rep_medians", v, "n", (json_int_t)1000);
}

static json_t *one_case(const char *id, const char *group, double alloc_ns, double free_ns,
			const struct fixture *f, unsigned int salt, const char *free_unit)
{
	return json_pack("{s:s, s:s, s:{}, s:I, s:{s:o, s:o}}", "id", id, "group", group,
			 "params", "repetitions", (json_int_t)(f->reps ? f->reps : 10),
			 "phases", "alloc", phase(alloc_ns, f, salt, "ns"),
			 "free", phase(free_ns, f, salt + 3, free_unit));
}

static json_t *make_doc(const struct fixture *f)
{
	json_t *results = json_array(), *usr, *doc;

	json_array_append_new(results, one_case(ID64, "kernel", 170, 98, f, 1,
						f->bytes_unit ? "bytes" : "ns"));
	if (!f->without_512)
		json_array_append_new(results, one_case(ID512, "kernel", 210, 120, f, 2, "ns"));
	usr = one_case(IDUSR, "user", 30, 20, f, 5, "ns");
	if (f->skip_user)
		json_object_set_new(usr, "skipped", json_string("no permission"));
	json_array_append_new(results, usr);
	if (f->with_vmalloc)
		json_array_append_new(results, one_case(IDVM, "kernel", 2000, 1500, f, 4, "ns"));
	doc = json_pack("{s:s, s:{s:{s:s}, s:{s:b, s:b}, s:{s:s}, s:s, s:{s:I},"
			" s:{s:s, s:s}, s:s}, s:{s:s, s:b}, s:o}",
			 "schema", "kmembench/1",
			 "system", "kernel", "release", "6.1.0-test",
			 "config", "SLUB", 1, "KASAN", f->kasan,
			 "cpu", "model", f->cpu ? f->cpu : "Test CPU",
			 "virt", "tcg",
			 "memory", "total", (json_int_t)1073741824,
			 "thp", "enabled", "madvise", "defrag", "madvise",
			 "clocksource", "tsc",
			 "run", "suite", "unit", "interrupted", f->interrupted,
			 "results", results);
	json_object_set_new(doc, "module",
			    json_pack("{s:o}", "inject", f->inject_pct ?
				      json_pack("{s:s, s:I}", "api", "kmalloc", "pct",
						(json_int_t)f->inject_pct) : json_null()));
	return doc;
}

static void load(const struct fixture *f, const char *name, struct kmb_cmp_doc *d)
{
	json_t *doc = make_doc(f);
	struct kmb_err err = { 0 };

	CHECK(doc != NULL);
	CHECK(kmb_cmp_doc_from_json(doc, name, d, &err) == 0);
	json_decref(doc);
}

/* Writes the fixture to tmpdir/@name and returns the path in @path. */
static void write_fixture(const struct fixture *f, const char *name, char *path, size_t len)
{
	json_t *doc = make_doc(f);

	snprintf(path, len, "%s/%s", tmpdir, name);
	CHECK(json_dump_file(doc, path, JSON_INDENT(1)) == 0);
	json_decref(doc);
}

static int run_compare(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return kmb_cmd_compare(argc, argv);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc((size_t)n + 1, 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static const struct kmb_cmp_pair *find_pair(const struct kmb_comparison *c, const char *id,
					    const char *phase_name)
{
	for (size_t i = 0; i < c->npairs; i++)
		if (strcmp(c->pairs[i].id, id) == 0 && strcmp(c->pairs[i].phase, phase_name) == 0)
			return &c->pairs[i];
	return NULL;
}

/* Compares two fixtures through the engine with default options. */
static void compare_fixtures(const struct fixture *fb, const struct fixture *fn,
			     const struct kmb_cmp_opts *opts, struct kmb_cmp_doc *b,
			     struct kmb_cmp_doc *n, struct kmb_comparison *c)
{
	struct kmb_cmp_opts o;
	struct kmb_err err = { 0 };

	if (!opts)
		kmb_cmp_opts_default(&o);
	load(fb, "base.json", b);
	load(fn, "new.json", n);
	CHECK(kmb_compare(b, n, opts ? opts : &o, c, &err) == 0);
}

static void release(struct kmb_cmp_doc *b, struct kmb_cmp_doc *n, struct kmb_comparison *c)
{
	kmb_comparison_free(c);
	kmb_cmp_doc_free(b);
	kmb_cmp_doc_free(n);
}

static void test_identical(void)
{
	struct fixture f = { .spread = 0.01 };
	struct kmb_cmp_doc b, n;
	struct kmb_comparison c;

	compare_fixtures(&f, &f, NULL, &b, &n, &c);
	CHECK(c.npairs == 6);
	CHECK(c.count[KMB_VERDICT_UNCHANGED] == 6);
	CHECK(!kmb_comparison_regressed(&c));
	CHECK(c.nenv == 0 && c.nonly_base == 0 && c.nonly_new == 0 && c.nskips == 0);
	CHECK_NEAR(c.geomean, 1, 1e-12);
	for (size_t i = 0; i < c.npairs; i++) {
		CHECK_NEAR(c.pairs[i].ratio, 1, 1e-12);
		CHECK_NEAR(c.pairs[i].p, 1, 1e-12);
		CHECK(c.pairs[i].ci_lo <= 1 && c.pairs[i].ci_hi >= 1);
	}
	release(&b, &n, &c);
}

static void test_regression(void)
{
	struct fixture fb = { .spread = 0.01 }, fn = { .spread = 0.01, .factor = 1.2 };
	struct kmb_cmp_doc b, n;
	struct kmb_comparison c;
	const struct kmb_cmp_pair *p;

	compare_fixtures(&fb, &fn, NULL, &b, &n, &c);
	CHECK(c.count[KMB_VERDICT_REGRESSION] == 6);
	CHECK(kmb_comparison_regressed(&c));
	CHECK_NEAR(c.geomean, 1.2, 1e-9);
	p = find_pair(&c, ID64, "alloc");
	CHECK(p != NULL);
	if (p) {
		CHECK_NEAR(p->base_median, 170, 1e-9);
		CHECK_NEAR(p->new_median, 204, 1e-9);
		CHECK_NEAR(p->ratio, 1.2, 1e-12);
		/* 10 vs 10 fully separated: exact 2/C(20,10), times 6 by Holm. */
		CHECK(p->exact);
		CHECK_NEAR(p->p, 2.0 / 184756, 1e-15);
		CHECK_NEAR(p->p_adj, 6 * 2.0 / 184756, 1e-15);
		CHECK(p->ci_lo > 1.15 && p->ci_hi < 1.25);
	}
	CHECK(c.underpowered == 0);
	release(&b, &n, &c);
}

static void test_improvement(void)
{
	struct fixture fb = { .spread = 0.01 }, fn = { .spread = 0.01, .factor = 0.8 };
	struct kmb_cmp_doc b, n;
	struct kmb_comparison c;

	compare_fixtures(&fb, &fn, NULL, &b, &n, &c);
	CHECK(c.count[KMB_VERDICT_IMPROVEMENT] == 6);
	CHECK(!kmb_comparison_regressed(&c));
	CHECK_NEAR(c.geomean, 0.8, 1e-9);
	release(&b, &n, &c);
}

static void test_small_change_and_noise(void)
{
	/* +3 %, tight: significant but under the 5 % threshold -> unchanged. */
	struct fixture fb = { .spread = 0.005 }, small = { .spread = 0.005, .factor = 1.03 };
	/* +10 % in 3 wide repetitions: cannot be decided -> noisy. */
	struct fixture wb = { .spread = 0.3, .reps = 3 }, wide = { .spread = 0.3, .reps = 3,
								   .factor = 1.1 };
	struct kmb_cmp_doc b, n;
	struct kmb_comparison c;
	struct kmb_cmp_opts o;

	compare_fixtures(&fb, &small, NULL, &b, &n, &c);
	CHECK(c.count[KMB_VERDICT_UNCHANGED] == 6);
	CHECK(find_pair(&c, ID64, "alloc") && find_pair(&c, ID64, "alloc")->p_adj < 0.05);
	release(&b, &n, &c);

	/* The same +3 % with a 2 % threshold is a regression. */
	kmb_cmp_opts_default(&o);
	o.threshold = 0.02;
	compare_fixtures(&fb, &small, &o, &b, &n, &c);
	CHECK(c.count[KMB_VERDICT_REGRESSION] == 6);
	release(&b, &n, &c);

	compare_fixtures(&wb, &wide, NULL, &b, &n, &c);
	CHECK(c.count[KMB_VERDICT_NOISY] == 6);
	CHECK(!kmb_comparison_regressed(&c));
	/* 3 vs 3 repetitions: p >= 0.1, never significant. */
	CHECK(c.underpowered == 6);
	CHECK_NEAR(c.p_floor, 0.1, 1e-12);
	CHECK(c.floor_base_reps == 3 && c.floor_new_reps == 3);
	release(&b, &n, &c);
}

static void test_matching(void)
{
	struct fixture fb = { .spread = 0.01, .bytes_unit = true };
	struct fixture fn = { .spread = 0.01, .without_512 = true, .with_vmalloc = true,
			      .skip_user = true, .bytes_unit = true };
	struct kmb_cmp_doc b, n;
	struct kmb_comparison c;
	struct kmb_cmp_opts o;
	static const char *const only_kmalloc[] = { "kernel/kmalloc/*" };

	compare_fixtures(&fb, &fn, NULL, &b, &n, &c);
	CHECK(c.nonly_base == 1 && c.nonly_base && strcmp(c.only_base[0], ID512) == 0);
	CHECK(c.nonly_new == 1 && c.nonly_new && strcmp(c.only_new[0], IDVM) == 0);
	/* ID64 free is in bytes; IDUSR was skipped in new. */
	CHECK(c.npairs == 1);
	CHECK(c.nskips == 2);
	for (size_t i = 0; i < c.nskips; i++) {
		const struct kmb_cmp_skip *s = &c.skips[i];

		if (strcmp(s->id, IDUSR) == 0) {
			CHECK(s->phase == NULL);
			CHECK(strstr(s->reason, "skipped in new.json: no permission") != NULL);
		} else {
			CHECK(strcmp(s->id, ID64) == 0 && s->phase && strcmp(s->phase, "free") == 0);
			CHECK(strstr(s->reason, "bytes") != NULL);
		}
	}
	release(&b, &n, &c);

	/* Filters select on both sides, and the lists follow them. */
	kmb_cmp_opts_default(&o);
	o.filters = only_kmalloc;
	o.nfilters = 1;
	compare_fixtures(&fb, &fn, &o, &b, &n, &c);
	CHECK(c.nonly_base == 1 && c.nonly_new == 0);
	CHECK(c.npairs == 1 && c.nskips == 1);
	release(&b, &n, &c);
}

static void test_environment(void)
{
	struct fixture fb = { .spread = 0.01 };
	struct fixture fn = { .spread = 0.01, .cpu = "Other CPU", .kasan = true };
	struct kmb_cmp_doc b, n;
	struct kmb_comparison c;
	bool cpu = false, kasan = false;
	char v[64];

	compare_fixtures(&fb, &fn, NULL, &b, &n, &c);
	CHECK(c.nenv == 2);
	for (size_t i = 0; i < c.nenv; i++) {
		if (strcmp(c.env[i].field, "system.cpu.model") == 0) {
			cpu = true;
			kmb_cmp_env_value(c.env[i].new, v, sizeof(v));
			CHECK(strcmp(v, "\"Other CPU\"") == 0);
		}
		if (strcmp(c.env[i].field, "system.config.KASAN") == 0) {
			kasan = true;
			kmb_cmp_env_value(c.env[i].base, v, sizeof(v));
			CHECK(strcmp(v, "false") == 0);
		}
	}
	CHECK(cpu && kasan);
	kmb_cmp_env_value(NULL, v, sizeof(v));
	CHECK(strcmp(v, "absent") == 0);
	release(&b, &n, &c);
}

/* A run with the module's slowdown knob on is not comparable to one without. */
static void test_environment_inject(void)
{
	struct fixture fb = { .spread = 0.01 };
	struct fixture fn = { .spread = 0.01, .inject_pct = 10 };
	struct kmb_cmp_doc b, n;
	struct kmb_comparison c;
	char v[64];

	compare_fixtures(&fb, &fn, NULL, &b, &n, &c);
	CHECK(c.nenv == 1);
	CHECK(c.nenv == 1 && strcmp(c.env[0].field, "module.inject") == 0);
	if (c.nenv == 1) {
		kmb_cmp_env_value(c.env[0].base, v, sizeof(v));
		CHECK(strcmp(v, "null") == 0);
		kmb_cmp_env_value(c.env[0].new, v, sizeof(v));
		CHECK(strcmp(v, "{\"api\":\"kmalloc\",\"pct\":10}") == 0);
	}
	release(&b, &n, &c);

	/* The same knob on both sides: nothing to warn about. */
	compare_fixtures(&fn, &fn, NULL, &b, &n, &c);
	CHECK(c.nenv == 0);
	release(&b, &n, &c);
}

/* Field-level checks of what a bad document is told. */
static void expect_bad(json_t *doc, const char *needle)
{
	struct kmb_cmp_doc d;
	struct kmb_err err = { 0 };

	CHECK(kmb_cmp_doc_from_json(doc, "bad.json", &d, &err) == KMB_EXIT_USAGE);
	CHECK(strncmp(err.msg, "bad.json: ", 10) == 0);
	if (!strstr(err.msg, needle)) {
		fprintf(stderr, "message '%s' lacks '%s'\n", err.msg, needle);
		CHECK(strstr(err.msg, needle) != NULL);
	}
	kmb_cmp_doc_free(&d);
	json_decref(doc);
}

static void test_bad_documents(void)
{
	struct fixture f = { 0 };
	json_t *doc, *res;

	expect_bad(json_array(), "expected an object");
	doc = make_doc(&f);
	json_object_del(doc, "schema");
	expect_bad(doc, "schema: missing");
	doc = make_doc(&f);
	json_object_set_new(doc, "schema", json_string("kmembench/2"));
	expect_bad(doc, "schema: 'kmembench/2'");
	doc = make_doc(&f);
	json_object_del(json_object_get(doc, "run"), "interrupted");
	expect_bad(doc, "run.interrupted: missing");
	doc = make_doc(&f);
	json_object_set_new(json_object_get(doc, "run"), "interrupted", json_string("no"));
	expect_bad(doc, "run.interrupted: expected a boolean, got a string");
	doc = make_doc(&f);
	json_object_set_new(doc, "results", json_object());
	expect_bad(doc, "results: expected an array, got an object");
	doc = make_doc(&f);
	json_object_set_new(json_object_get(doc, "system"), "cpu", json_string("x86"));
	expect_bad(doc, "system.cpu: expected an object or null, got a string");
	doc = make_doc(&f);
	res = json_array_get(json_object_get(doc, "results"), 1);
	json_object_del(res, "id");
	expect_bad(doc, "results[1].id: missing");
	doc = make_doc(&f);
	res = json_array_get(json_object_get(doc, "results"), 0);
	json_array_set_new(json_object_get(json_object_get(json_object_get(res, "phases"), "free"),
					   "rep_medians"), 2, json_string("98"));
	expect_bad(doc, "results[0].phases.free.rep_medians[2]: expected a number, got a string "
		   "(case '" ID64 "')");
	doc = make_doc(&f);
	res = json_array_get(json_object_get(doc, "results"), 0);
	json_object_del(json_object_get(json_object_get(res, "phases"), "alloc"), "unit");
	expect_bad(doc, "results[0].phases.alloc.unit: missing");
	doc = make_doc(&f);
	res = json_object_get(doc, "results");
	json_array_append_new(res, json_deep_copy(json_array_get(res, 0)));
	expect_bad(doc, "results[3].id: '" ID64 "' is also the id of results[0]");
}

/* results[0].phases.@phase of a fresh fixture document, and the document. */
static json_t *fixture_phase(const char *phase, json_t **doc)
{
	struct fixture f = { 0 };

	*doc = make_doc(&f);
	return json_object_get(json_object_get(json_array_get(json_object_get(*doc, "results"), 0),
					       "phases"), phase);
}

static void expect_good(json_t *doc)
{
	struct kmb_cmp_doc d;
	struct kmb_err err = { 0 };

	CHECK(kmb_cmp_doc_from_json(doc, "good.json", &d, &err) == 0);
	if (err.code)
		fprintf(stderr, "unexpected: %s\n", err.msg);
	kmb_cmp_doc_free(&d);
	json_decref(doc);
}

/* Timings that no run produces (result_plausible.h) are refused by field. */
static void test_implausible_timings(void)
{
	json_t *doc, *ph;

	ph = fixture_phase("alloc", &doc);
	json_array_set_new(json_object_get(ph, "rep_medians"), 3, json_real(-5));
	expect_bad(doc, "results[0].phases.alloc.rep_medians[3]: -5 is not a positive finite "
		   "time (case '" ID64 "')");
	ph = fixture_phase("alloc", &doc);
	json_array_set_new(json_object_get(ph, "rep_medians"), 0, json_integer(0));
	expect_bad(doc, "results[0].phases.alloc.rep_medians[0]: 0 is not a positive finite time");
	ph = fixture_phase("free", &doc);
	json_array_set_new(json_object_get(ph, "rep_medians"), 1, json_real(1e308));
	expect_bad(doc, "results[0].phases.free.rep_medians[1]: 1e+308 ns is not a plausible "
		   "time: more than 3.6e+12 ns");
	ph = fixture_phase("alloc", &doc);
	json_array_set_new(json_object_get(ph, "rep_medians"), 1, json_null());
	expect_bad(doc, "rep_medians[1]: expected a number, got null");
	ph = fixture_phase("alloc", &doc);
	json_array_clear(json_object_get(ph, "rep_medians"));
	expect_bad(doc, "results[0].phases.alloc.rep_medians: empty, but the phase has operations");
	/* Every operation failed: no repetition had a median, and nothing is wrong. */
	ph = fixture_phase("alloc", &doc);
	json_array_clear(json_object_get(ph, "rep_medians"));
	json_object_set_new(ph, "ops", json_integer(0));
	expect_good(doc);
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "ops", json_integer(-1));
	expect_bad(doc, "results[0].phases.alloc.ops: negative");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "ops", json_string("many"));
	expect_bad(doc, "results[0].phases.alloc.ops: expected a number, got a string");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "boot_medians", json_pack("[f, f]", 170.0, 0.0));
	expect_bad(doc, "results[0].phases.alloc.boot_medians[1]: 0 is not a positive");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "boot_medians", json_array());
	expect_bad(doc, "results[0].phases.alloc.boot_medians: empty");

	/* The statistics: stddev and min may be 0, the others must be positive. */
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "median", json_real(-1));
	expect_bad(doc, "results[0].phases.alloc.median: -1 is not a positive finite time");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "mean", json_integer(0));
	expect_bad(doc, "results[0].phases.alloc.mean: 0 is not a positive finite time");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "p99_9", json_real(4e12));
	expect_bad(doc, "results[0].phases.alloc.p99_9: 4e+12 ns is not a plausible time");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "min", json_real(-0.5));
	expect_bad(doc, "results[0].phases.alloc.min: -0.5 is not a non-negative finite time");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "stddev", json_string("0"));
	expect_bad(doc, "results[0].phases.alloc.stddev: expected a number or null, got a string");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "stddev", json_integer(0));
	json_object_set_new(ph, "min", json_integer(0));
	json_object_set_new(ph, "max", json_real(3.6e12));
	json_object_set_new(ph, "p90", json_null());
	expect_good(doc);

	/* Instruction counts: the same hour, as the icount guest counts it. */
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "unit", json_string("insn"));
	json_object_set_new(ph, "p99", json_real(5e12));
	expect_bad(doc, "results[0].phases.alloc.p99: 5e+12 insn is not a plausible instruction "
		   "count");
	ph = fixture_phase("alloc", &doc);
	json_object_set_new(ph, "unit", json_string("insn"));
	json_object_set_new(ph, "min", json_integer(0));
	json_object_set_new(ph, "stddev", json_integer(0));
	expect_good(doc);
}

static const char *data_dir(char *buf, size_t len)
{
	const char *src = getenv("KMB_SOURCE_DIR");

	if (src)
		snprintf(buf, len, "%s/tests/unit/data", src);
	else
		snprintf(buf, len, "%s", "tests/unit/data");
	return buf;
}

static void test_command(void)
{
	struct fixture fb = { .spread = 0.01 }, up = { .spread = 0.01, .factor = 1.2 };
	struct fixture partial = { .spread = 0.01, .interrupted = true };
	struct fixture other = { .spread = 0.01, .cpu = "Other CPU" };
	char base[PATH_MAX], regressed[PATH_MAX], part[PATH_MAX], env[PATH_MAX];
	char out[PATH_MAX], missing[PATH_MAX];
	char *text;

	write_fixture(&fb, "base.json", base, sizeof(base));
	write_fixture(&up, "up.json", regressed, sizeof(regressed));
	write_fixture(&partial, "partial.json", part, sizeof(part));
	write_fixture(&other, "other.json", env, sizeof(env));
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	snprintf(missing, sizeof(missing), "%s/no-such.json", tmpdir);

	{
		char *argv[] = { "compare", base, base, "-o", out, NULL };

		CHECK(run_compare(argv) == 0);
		text = slurp(out);
		CHECK(text && strstr(text, "no regression: 0 regressions") != NULL);
		free(text);
		unlink(out);
	}
	{
		char *argv[] = { "compare", base, regressed, "--format", "json", "-o", out, NULL };
		json_t *doc;

		CHECK(run_compare(argv) == 1);
		doc = json_load_file(out, 0, NULL);
		CHECK(doc != NULL);
		CHECK(json_is_true(json_object_get(doc, "regression")));
		CHECK(strcmp(json_string_value(json_object_get(doc, "schema")),
			     KMB_COMPARE_SCHEMA) == 0);
		CHECK(json_array_size(json_object_get(json_array_get(json_object_get(doc,
			"comparisons"), 0), "pairs")) == 6);
		CHECK(json_integer_value(json_object_get(json_object_get(json_array_get(
			json_object_get(doc, "comparisons"), 0), "summary"), "regression")) == 6);
		json_decref(doc);
		unlink(out);
	}
	{
		/* Markdown: the verdict first, then the regressions. */
		char *argv[] = { "compare", "--format=markdown", base, regressed, "-o", out, NULL };

		CHECK(run_compare(argv) == 1);
		text = slurp(out);
		CHECK(text && strncmp(text, "## kmembench compare: REGRESSION\n", 33) == 0);
		CHECK(text && strstr(text, "#### Regressions") != NULL);
		CHECK(text && strstr(text, "<details>") > strstr(text, "#### Regressions"));
		free(text);
		unlink(out);
	}
	{
		/* Several NEW files: each against BASE; any regression fails. */
		char *argv[] = { "compare", base, base, regressed, "--format", "json", "-o", out,
				 NULL };
		json_t *doc;

		CHECK(run_compare(argv) == 1);
		doc = json_load_file(out, 0, NULL);
		CHECK(json_array_size(json_object_get(doc, "comparisons")) == 2);
		json_decref(doc);
		unlink(out);
	}
	{
		/* A partial run is refused, naming the file; nothing is written. */
		char *argv[] = { "compare", base, part, "-o", out, NULL };

		CHECK(run_compare(argv) == 2);
		CHECK(!exists(out));
	}
	{
		char *argv[] = { "compare", base, part, "--allow-partial", "-o", out, NULL };

		CHECK(run_compare(argv) == 0);
		text = slurp(out);
		CHECK(text && strstr(text, "partial run") != NULL);
		free(text);
		unlink(out);
	}
	{
		/* Environment differences are in every format. */
		static const char *const formats[] = { "text", "markdown", "json" };

		for (size_t i = 0; i < 3; i++) {
			char *argv[] = { "compare", base, env, "-F", (char *)formats[i], "-o", out,
					 NULL };

			CHECK(run_compare(argv) == 0);
			text = slurp(out);
			CHECK(text && strstr(text, "system.cpu.model") != NULL);
			CHECK(text && strstr(text, "Other CPU") != NULL);
			free(text);
			unlink(out);
		}
	}
	{
		char *argv[] = { "compare", base, missing, "-o", out, NULL };

		CHECK(run_compare(argv) == 2);
		CHECK(!exists(out));
	}
	{
		char *argv[] = { "compare", base, "-o", out, NULL };

		CHECK(run_compare(argv) == 2);
	}
	{
		char *argv[] = { "compare", base, base, "--threshold", "-3", NULL };

		CHECK(run_compare(argv) == 2);
	}
	{
		char *argv[] = { "compare", base, base, "--format", "html", NULL };

		CHECK(run_compare(argv) == 2);
	}
	{
		char *argv[] = { "compare", base, base, "--correction", "bonferroni", NULL };

		CHECK(run_compare(argv) == 2);
	}
	{
		char *argv[] = { "compare", base, base, "--filter", "nothing/*", "-o", out, NULL };

		CHECK(run_compare(argv) == 2);
		CHECK(!exists(out));
	}
	{
		/* Only the user case: the +20 % kernel cases are filtered out. */
		char *argv[] = { "compare", base, regressed, "-f", "user/*", "-o", out, NULL };

		CHECK(run_compare(argv) == 1);
		unlink(out);
	}
	{
		char *argv[] = { "compare", base, regressed, "-f", "kernel/nothing*", "-f",
				 "kernel/kmalloc/size=64/*", "-F", "json", "-o", out, NULL };
		json_t *doc;

		CHECK(run_compare(argv) == 1);
		doc = json_load_file(out, 0, NULL);
		CHECK(json_array_size(json_object_get(json_array_get(json_object_get(doc,
			"comparisons"), 0), "pairs")) == 2);
		json_decref(doc);
		unlink(out);
	}
	{
		/* --threshold 25 makes +20 % not a regression. */
		char *argv[] = { "compare", base, regressed, "--threshold", "25%", "-o", out,
				 NULL };

		CHECK(run_compare(argv) == 0);
		unlink(out);
	}
}

static void test_data_files(void)
{
	static const char *const bad[] = { "compare-not-json.json", "compare-wrong-schema.json",
					   "compare-bad-rep.json", "compare-interrupted.json" };
	char dir[PATH_MAX], base[PATH_MAX + 32], path[PATH_MAX + 64], out[PATH_MAX];
	struct kmb_cmp_doc d;
	struct kmb_err err = { 0 };

	data_dir(dir, sizeof(dir));
	snprintf(base, sizeof(base), "%s/compare-base.json", dir);
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	CHECK(kmb_cmp_doc_load(base, &d, &err) == 0);
	CHECK(d.ncases == 2 && d.kernel && strcmp(d.kernel, "6.1.0-27-amd64") == 0);
	kmb_cmp_doc_free(&d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = { "compare", base, path, "-o", out, NULL };

		snprintf(path, sizeof(path), "%s/%s", dir, bad[i]);
		CHECK(run_compare(argv) == 2);
		CHECK(!exists(out));
	}
	snprintf(path, sizeof(path), "%s/compare-bad-rep.json", dir);
	CHECK(kmb_cmp_doc_load(path, &d, &err) == 2);
	CHECK(strstr(err.msg, "results[0].phases.free.rep_medians[1]") != NULL);
	kmb_cmp_doc_free(&d);
	snprintf(path, sizeof(path), "%s/compare-not-json.json", dir);
	CHECK(kmb_cmp_doc_load(path, &d, &err) == 2);
	CHECK(strstr(err.msg, "compare-not-json.json") != NULL);
	kmb_cmp_doc_free(&d);
	{
		/* A base against itself: 3 pairs, all unchanged. */
		char *argv[] = { "compare", base, base, "-F", "json", "-o", out, NULL };
		json_t *doc;

		CHECK(run_compare(argv) == 0);
		doc = json_load_file(out, 0, NULL);
		CHECK(json_integer_value(json_object_get(json_object_get(json_array_get(
			json_object_get(doc, "comparisons"), 0), "summary"), "unchanged")) == 3);
		json_decref(doc);
		unlink(out);
	}
}

static void remove_tmpdir(void)
{
	static const char *const names[] = { "base.json", "up.json", "partial.json",
					     "other.json", "out" };
	char path[PATH_MAX + 32];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s", "/tmp/kmb-test-compare-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_identical();
	test_regression();
	test_improvement();
	test_small_change_and_noise();
	test_matching();
	test_environment();
	test_environment_inject();
	test_bad_documents();
	test_implausible_timings();
	test_command();
	test_data_files();
	remove_tmpdir();
	return kmb_check_done("test_compare");
}
