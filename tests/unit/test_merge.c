/*
 * kmembench merge: statistics merged against the same statistics of the
 * pooled samples (exact where merge.h says exact), the record of what was
 * merged, cases present in some boots only, the real two-boot fixtures in
 * tests/unit/data/, and every refusal (exit 2, nothing written).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "merge.h"
#include "stats.h"

#define ID64	"kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1"
#define ID512	"kernel/kmalloc/size=512/gfp=KERNEL/pattern=pair/ctx=process/threads=1"

static char tmpdir[64];
static const char *srcdir;

/* Samples of boot @b: a spread of 40 values around @level, different per boot. */
static void samples(int b, double level, double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i] = level * (1 + 0.01 * b) + (double)((i * 7 + (size_t)b * 3) % 13) +
		       (i == 5 ? 50.0 * (b + 1) : 0);
}

/* A phase object as the runner writes it, from @n samples in @rep_count repetitions. */
static json_t *phase_of(double *v, size_t n, size_t rep_count)
{
	struct kmb_stats s;
	json_t *ph, *reps = json_array();
	size_t per = n / rep_count;

	for (size_t r = 0; r < rep_count; r++) {
		double *tmp = malloc(per * sizeof(*tmp));

		memcpy(tmp, v + r * per, per * sizeof(*tmp));
		json_array_append_new(reps, json_real(kmb_median(tmp, per)));
		free(tmp);
	}
	kmb_stats_compute(v, n, &s);
	ph = kmb_stats_json(&s);
	json_object_set_new(ph, "unit", json_string("ns"));
	json_object_set_new(ph, "ops", json_integer((json_int_t)n));
	json_object_set_new(ph, "failures", json_integer(1));
	json_object_set_new(ph, "ops_per_sec", json_real(1e9 / s.mean));
	json_object_set_new(ph, "wall_ns_per_op", json_real(500 + 10 * (double)rep_count));
	json_object_set_new(ph, "rep_medians", reps);
	json_object_set_new(ph, "cycles", kmb_stats_json(&s));
	return ph;
}

struct boot {
	const char *release, *suite, *start, *unit;
	bool with_512, skip_512, merged;
};

static json_t *make_boot(int b, const struct boot *o, double *pooled, size_t *npooled)
{
	double v[40];
	json_t *results = json_array(), *alloc, *doc, *c512;

	samples(b, 170, v, 40);
	if (pooled) {
		memcpy(pooled + *npooled, v, sizeof(v));
		*npooled += 40;
	}
	alloc = phase_of(v, 40, 4);
	if (o->unit)
		json_object_set_new(alloc, "unit", json_string(o->unit));
	json_array_append_new(results, json_pack("{s:s, s:s, s:{s:s, s:i}, s:i, s:{s:o}, s:s}",
						 "id", ID64, "group", "kernel", "params", "api",
						 "kmalloc", "size", 64, "repetitions", 4, "phases",
						 "alloc", alloc, "note", b == 0 ? "first" : "later"));
	if (o->with_512) {
		samples(b, 300, v, 40);
		c512 = json_pack("{s:s, s:s, s:{s:s, s:i}, s:i, s:{s:o}}", "id", ID512, "group",
				 "kernel", "params", "api", "kmalloc", "size", 512, "repetitions", 4,
				 "phases", "alloc", phase_of(v, 40, 4));
		if (o->skip_512) {
			json_object_del(c512, "phases");
			json_object_set_new(c512, "skipped", json_string("not in this boot"));
		}
		json_array_append_new(results, c512);
	}
	doc = json_pack("{s:s, s:{s:{s:s}, s:s}, s:{s:s, s:s, s:s, s:i, s:i, s:b}, s:{s:i},"
			" s:o}",
			"schema", "kmembench/1",
			"system", "kernel", "release", o->release ? o->release : "6.12.0-test",
			"virt", "tcg",
			"run", "suite", o->suite ? o->suite : "quick",
			"start", o->start ? o->start : (b == 0 ? "2026-01-01T00:00:10Z" :
							"2026-01-01T00:00:05Z"),
			"end", b == 0 ? "2026-01-01T00:00:20Z" : "2026-01-01T00:00:09Z",
			"repetitions", 4, "seed", b + 1, "interrupted", 0,
			"limits", "page_size", 4096,
			"results", results);
	if (o->merged)
		json_object_set_new(json_object_get(doc, "run"), "merged", json_pack("{s:i}",
										    "boots", 2));
	return doc;
}

static double num(json_t *obj, const char *key)
{
	return json_number_value(json_object_get(obj, key));
}

static json_t *case_of(json_t *doc, size_t i)
{
	return json_array_get(json_object_get(doc, "results"), i);
}

/* results[i].phases.alloc */
static json_t *alloc_of(json_t *doc, size_t i)
{
	return json_object_get(json_object_get(case_of(doc, i), "phases"), "alloc");
}

static void test_stats_against_pooled(void)
{
	struct boot o = { .with_512 = true };
	double pooled[120], boot_p90[3];
	size_t npooled = 0;
	json_t *docs[3], *out = NULL, *alloc, *run, *c512;
	const char *paths[3] = { "b0.json", "b1.json", "b2.json" };
	struct kmb_stats all;
	struct kmb_err err = { 0 };

	for (int b = 0; b < 3; b++) {
		docs[b] = make_boot(b, &o, pooled, &npooled);
		boot_p90[b] = num(alloc_of(docs[b], 0), "p90");
	}
	CHECK(kmb_merge_docs(docs, paths, 3, &out, &err) == 0);
	kmb_stats_compute(pooled, npooled, &all);
	alloc = alloc_of(out, 0);
	CHECK(json_integer_value(json_object_get(alloc, "n")) == 120);
	CHECK(json_integer_value(json_object_get(alloc, "ops")) == 120);
	CHECK(json_integer_value(json_object_get(alloc, "failures")) == 3);
	CHECK_NEAR(num(alloc, "mean"), all.mean, 1e-9);
	CHECK_NEAR(num(alloc, "stddev"), all.stddev, 1e-9);
	CHECK_NEAR(num(alloc, "min"), all.min, 0);
	CHECK_NEAR(num(alloc, "max"), all.max, 0);
	CHECK_NEAR(num(alloc, "ops_per_sec"), 1e9 / all.mean, 1e-3);
	CHECK_NEAR(num(alloc, "wall_ns_per_op"), 540, 1e-9);
	/* Quantiles: the median of the three per-boot values, as documented. */
	{
		double a = boot_p90[0], b = boot_p90[1], c = boot_p90[2];
		double mid = fmax(fmin(a, b), fmin(fmax(a, b), c));

		CHECK_NEAR(num(alloc, "p90"), mid, 1e-9);
	}
	CHECK(json_array_size(json_object_get(alloc, "rep_medians")) == 12);
	/* Concatenated in input order: the first boot's four come first. */
	CHECK(json_equal(json_array_get(json_object_get(alloc, "rep_medians"), 0),
			 json_array_get(json_object_get(alloc_of(docs[0], 0), "rep_medians"), 0)));
	CHECK_NEAR(num(json_object_get(alloc, "cycles"), "mean"), all.mean, 1e-9);
	CHECK(json_integer_value(json_object_get(json_object_get(alloc, "cycles"), "n")) == 120);
	/* Per case: repetitions summed, boots counted, other fields the first boot's. */
	CHECK(json_integer_value(json_object_get(case_of(out, 0), "repetitions")) == 12);
	CHECK(json_integer_value(json_object_get(case_of(out, 0), "boots")) == 3);
	CHECK(strcmp(json_string_value(json_object_get(case_of(out, 0), "note")), "first") == 0);
	c512 = case_of(out, 1);
	CHECK(c512 && strcmp(json_string_value(json_object_get(c512, "id")), ID512) == 0);
	/* run: the span of all boots, their repetitions, and the record. */
	run = json_object_get(out, "run");
	CHECK(strcmp(json_string_value(json_object_get(run, "start")), "2026-01-01T00:00:05Z") == 0);
	CHECK(strcmp(json_string_value(json_object_get(run, "end")), "2026-01-01T00:00:20Z") == 0);
	CHECK(json_integer_value(json_object_get(run, "repetitions")) == 12);
	CHECK(json_integer_value(json_object_get(json_object_get(run, "merged"), "boots")) == 3);
	CHECK(strcmp(json_string_value(json_object_get(json_object_get(run, "merged"), "quantiles")),
		     KMB_MERGE_QUANTILES) == 0);
	CHECK(json_array_size(json_object_get(json_object_get(run, "merged"), "inputs")) == 3);
	CHECK(strcmp(json_string_value(json_object_get(json_array_get(json_object_get(
		json_object_get(run, "merged"), "inputs"), 1), "start")),
		     "2026-01-01T00:00:05Z") == 0);
	CHECK(json_equal(json_object_get(out, "limits"), json_object_get(docs[0], "limits")));
	json_decref(out);
	for (int b = 0; b < 3; b++)
		json_decref(docs[b]);
}

static void test_partial_cases(void)
{
	struct boot with = { .with_512 = true }, without = { 0 }, skipped = { .with_512 = true,
									     .skip_512 = true };
	json_t *docs[3] = { make_boot(0, &without, NULL, NULL), make_boot(1, &with, NULL, NULL),
			    make_boot(2, &skipped, NULL, NULL) };
	const char *paths[3] = { "a.json", "b.json", "c.json" };
	struct kmb_err err = { 0 };
	json_t *out = NULL, *c512;

	CHECK(kmb_merge_docs(docs, paths, 3, &out, &err) == 0);
	CHECK(json_array_size(json_object_get(out, "results")) == 2);
	c512 = case_of(out, 1);
	/* Only the second boot measured it: its numbers, boots 1. */
	CHECK(json_integer_value(json_object_get(c512, "boots")) == 1);
	CHECK(json_integer_value(json_object_get(c512, "repetitions")) == 4);
	CHECK(json_array_size(json_object_get(json_object_get(json_object_get(c512, "phases"),
							      "alloc"), "rep_medians")) == 4);
	CHECK(!json_object_get(c512, "skipped"));
	json_decref(out);
	for (int b = 0; b < 3; b++)
		json_decref(docs[b]);
}

static void write_doc(json_t *doc, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", tmpdir, name);
	CHECK(json_dump_file(doc, path, JSON_INDENT(1)) == 0);
	json_decref(doc);
}

static int run_merge(const char *out, const char *a, const char *b)
{
	char *argv[] = { "merge", "-o", (char *)out, (char *)a, (char *)b, NULL };

	return kmb_cmd_merge(b ? 5 : 4, argv);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Every refusal: exit 2 and no output file. */
static void test_refusals(void)
{
	struct boot plain = { 0 }, other_kernel = { .release = "6.1.0-test" },
		    other_suite = { .suite = "default" }, merged = { .merged = true },
		    bytes = { .unit = "bytes" };
	char a[256], b[256], out[256], bad[256];
	json_t *wrong_schema;

	snprintf(out, sizeof(out), "%s/out.json", tmpdir);
	write_doc(make_boot(0, &plain, NULL, NULL), "a.json", a, sizeof(a));
	write_doc(make_boot(1, &other_kernel, NULL, NULL), "kernel.json", b, sizeof(b));
	CHECK(run_merge(out, a, b) == 2);
	write_doc(make_boot(1, &other_suite, NULL, NULL), "suite.json", b, sizeof(b));
	CHECK(run_merge(out, a, b) == 2);
	write_doc(make_boot(1, &merged, NULL, NULL), "merged.json", b, sizeof(b));
	CHECK(run_merge(out, a, b) == 2);
	write_doc(make_boot(1, &bytes, NULL, NULL), "bytes.json", b, sizeof(b));
	CHECK(run_merge(out, a, b) == 2);
	wrong_schema = make_boot(1, &plain, NULL, NULL);
	json_object_set_new(wrong_schema, "schema", json_string("kmembench/2"));
	write_doc(wrong_schema, "schema.json", b, sizeof(b));
	CHECK(run_merge(out, a, b) == 2);
	snprintf(bad, sizeof(bad), "%s/data/compare-not-json.json", srcdir);
	CHECK(run_merge(out, a, bad) == 2);
	snprintf(bad, sizeof(bad), "%s/no-such-file.json", tmpdir);
	CHECK(run_merge(out, a, bad) == 2);
	{
		char *argv[] = { "merge", "-o", out, NULL };

		CHECK(kmb_cmd_merge(3, argv) == 2);
	}
	{
		char *argv[] = { "merge", "--bogus", a, NULL };

		CHECK(kmb_cmd_merge(3, argv) == 2);
	}
	CHECK(!exists(out));
	/* And the good case writes it. */
	write_doc(make_boot(1, &plain, NULL, NULL), "b.json", b, sizeof(b));
	CHECK(run_merge(out, a, b) == 0);
	CHECK(exists(out));
}

/* The two real boots of tests/unit/data, merged, against results/schema.json. */
static void test_real_boots(void)
{
	char a[512], b[512], out[256], cmd[2048];
	json_t *doc;
	size_t i;
	json_t *c;

	snprintf(a, sizeof(a), "%s/data/merge-boot1.json", srcdir);
	snprintf(b, sizeof(b), "%s/data/merge-boot2.json", srcdir);
	snprintf(out, sizeof(out), "%s/real.json", tmpdir);
	CHECK(run_merge(out, a, b) == 0);
	doc = json_load_file(out, 0, NULL);
	CHECK(doc != NULL);
	json_array_foreach(json_object_get(doc, "results"), i, c) {
		json_t *ph = json_object_get(json_object_get(c, "phases"), "alloc");

		CHECK(json_integer_value(json_object_get(c, "boots")) == 2);
		CHECK(json_array_size(json_object_get(ph, "rep_medians")) == 10);
		CHECK(num(ph, "min") <= num(ph, "median") && num(ph, "median") <= num(ph, "max"));
	}
	json_decref(doc);
	if (access("/usr/bin/python3", X_OK) == 0 &&
	    system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") == 0) {
		snprintf(cmd, sizeof(cmd),
			 "/usr/bin/python3 -c 'import json, sys, jsonschema; "
			 "jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))"
			 ".validate(json.load(open(sys.argv[2])))' '%s/../../results/schema.json' '%s'",
			 srcdir, out);
		CHECK(system(cmd) == 0);
	} else {
		printf("test_merge: python3-jsonschema missing, schema check skipped\n");
	}
}

int main(void)
{
	const char *src = getenv("KMB_SOURCE_DIR");
	static char dir[1024];

	snprintf(dir, sizeof(dir), "%s/tests/unit", src ? src : ".");
	srcdir = dir;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmb-merge.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	test_stats_against_pooled();
	test_partial_cases();
	test_refusals();
	test_real_boots();
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd))
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	return kmb_check_done("test_merge");
}
