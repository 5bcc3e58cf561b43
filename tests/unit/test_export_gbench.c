/*
 * kmembench export --format gbench: the shape google-benchmark writes and
 * its tools/compare.py reads: context, one "iteration" run per repetition
 * carrying that repetition's median, then the mean, median, stddev and cv
 * aggregates over the repetitions; phases not in ns and cases that did not
 * run are left out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "export.h"
#include "stats.h"

static char tmpdir[64];
static char datadir[1024];

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static double num(json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

static json_t *export_doc(json_t *doc)
{
	char in[256], out[256];
	char *argv[] = { "export", "--format", "gbench", "-o", out, in, NULL };
	json_t *res;

	snprintf(in, sizeof(in), "%s/in.json", tmpdir);
	snprintf(out, sizeof(out), "%s/gbench.json", tmpdir);
	CHECK(json_dump_file(doc, in, 0) == 0);
	CHECK(kmb_cmd_export(6, argv) == 0);
	res = json_load_file(out, JSON_REJECT_DUPLICATES, NULL);
	CHECK(res != NULL);
	return res;
}

static void check_context(json_t *ctx)
{
	static const char *const keys[] = { "date", "host_name", "executable", "num_cpus",
					    "mhz_per_cpu", "cpu_scaling_enabled", "caches",
					    "load_avg", "library_build_type", NULL };

	for (size_t i = 0; keys[i]; i++)
		CHECK(json_object_get(ctx, keys[i]) != NULL);
	CHECK(json_integer_value(json_object_get(ctx, "json_schema_version")) == 1);
	CHECK(json_integer_value(json_object_get(ctx, "num_cpus")) == 2);
	CHECK(json_integer_value(json_object_get(ctx, "mhz_per_cpu")) > 0);
	/* google-benchmark's own date format: an offset, not Z. */
	CHECK(strstr(str(ctx, "date"), "+00:00") != NULL);
}

/* One benchmark's entries at @at: the iterations, then four aggregates. */
static size_t check_benchmark(json_t *b, size_t at, json_t *phase, const char *name)
{
	json_t *reps = json_object_get(phase, "rep_medians"), *e, *x;
	size_t n = json_array_size(reps), i;
	double v[64];
	struct kmb_stats s;
	static const char *const aggs[] = { "mean", "median", "stddev", "cv" };

	json_array_foreach(reps, i, x) {
		e = json_array_get(b, at + i);
		v[i] = json_number_value(x);
		CHECK(strcmp(str(e, "name"), name) == 0);
		CHECK(strcmp(str(e, "run_name"), name) == 0);
		CHECK(strcmp(str(e, "run_type"), "iteration") == 0);
		CHECK(json_integer_value(json_object_get(e, "repetition_index")) == (json_int_t)i);
		CHECK(json_integer_value(json_object_get(e, "repetitions")) == (json_int_t)n);
		CHECK(strcmp(str(e, "time_unit"), "ns") == 0);
		CHECK_NEAR(num(e, "real_time"), v[i], 1e-9);
		CHECK_NEAR(num(e, "cpu_time"), v[i], 1e-9);
		CHECK(json_integer_value(json_object_get(e, "iterations")) >= 1);
		CHECK(json_integer_value(json_object_get(e, "threads")) >= 1);
	}
	kmb_stats_compute(v, n, &s);
	for (size_t k = 0; k < 4; k++) {
		char want[600];
		double expect = k == 0 ? s.mean : k == 1 ? s.median : k == 2 ? s.stddev :
				s.stddev / s.mean;

		e = json_array_get(b, at + n + k);
		snprintf(want, sizeof(want), "%s_%s", name, aggs[k]);
		CHECK(strcmp(str(e, "name"), want) == 0);
		CHECK(strcmp(str(e, "run_name"), name) == 0);
		CHECK(strcmp(str(e, "run_type"), "aggregate") == 0);
		CHECK(strcmp(str(e, "aggregate_name"), aggs[k]) == 0);
		CHECK(strcmp(str(e, "aggregate_unit"), k == 3 ? "percentage" : "time") == 0);
		CHECK(!json_object_get(e, "repetition_index"));
		CHECK(json_integer_value(json_object_get(e, "iterations")) == (json_int_t)n);
		CHECK_NEAR(num(e, "real_time"), expect, 1e-9 * fabs(expect) + 1e-12);
	}
	return n + 4;
}

static void test_real_result(void)
{
	char in[1100];
	json_t *doc, *out, *b, *c;
	size_t at = 0, i, family_of_alloc_pages = 0;

	snprintf(in, sizeof(in), "%s/merge-boot1.json", datadir);
	doc = json_load_file(in, 0, NULL);
	CHECK(doc != NULL);
	/* Changes that must leave things out: a byte unit, a skipped case. */
	c = json_array_get(json_object_get(doc, "results"), 1);
	json_object_set_new(json_object_get(json_object_get(c, "phases"), "free"), "unit",
			    json_string("bytes"));
	c = json_array_get(json_object_get(doc, "results"), 2);
	json_object_del(c, "phases");
	json_object_set_new(c, "skipped", json_string("no"));
	out = export_doc(doc);
	check_context(json_object_get(out, "context"));
	b = json_object_get(out, "benchmarks");
	json_array_foreach(json_object_get(doc, "results"), i, c) {
		const char *phase;
		json_t *ph;

		if (json_object_get(c, "skipped"))
			continue;
		json_object_foreach(json_object_get(c, "phases"), phase, ph) {
			char name[512];

			if (strcmp(str(ph, "unit"), "ns") != 0)
				continue;
			snprintf(name, sizeof(name), "%s/%s", str(c, "id"), phase);
			if (strstr(name, "alloc_pages/order=2") && strcmp(phase, "alloc") == 0)
				family_of_alloc_pages = (size_t)json_integer_value(
					json_object_get(json_array_get(b, at), "family_index"));
			at += check_benchmark(b, at, ph, name);
		}
	}
	/* Everything accounted for: 3 cases x 2 phases + 1, each 5 reps + 4 aggregates. */
	CHECK(at == json_array_size(b));
	CHECK(at == 7 * 9);
	/* Families are APIs: kmalloc is 0, alloc_pages 1. */
	CHECK(family_of_alloc_pages == 1);
	json_decref(out);
	json_decref(doc);
}

/* One repetition: no aggregates, as google-benchmark does. */
static void test_single_repetition(void)
{
	json_t *doc = json_pack("{s:s, s:{s:{s:s}}, s:{s:b}, s:[{s:s, s:{s:{s:s, s:[f], s:i}}}]}",
				"schema", "kmembench/1", "system", "kernel", "release", "6.1-x",
				"run", "interrupted", 0, "results", "id", "kernel/kmalloc/size=8",
				"phases", "alloc", "unit", "ns", "rep_medians", 12.5, "ops", 100);
	json_t *out = export_doc(doc), *b = json_object_get(out, "benchmarks");

	CHECK(json_array_size(b) == 1);
	CHECK(strcmp(str(json_array_get(b, 0), "run_type"), "iteration") == 0);
	CHECK(json_integer_value(json_object_get(json_array_get(b, 0), "iterations")) == 100);
	CHECK(json_integer_value(json_object_get(json_array_get(b, 0), "threads")) == 1);
	json_decref(out);
	json_decref(doc);
}

int main(void)
{
	const char *src = getenv("KMB_SOURCE_DIR");
	char cmd[128];

	snprintf(datadir, sizeof(datadir), "%s/tests/unit/data", src ? src : ".");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmb-gbench.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	test_real_result();
	test_single_repetition();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return kmb_check_done("test_export_gbench");
}
