/*
 * kmembench export --format ktap|bmf|github-action-benchmark: what each
 * writes for a result with measured, skipped, failed and unmeasured cases,
 * under both clocks and for a merged result, then the output against its
 * consumer:
 *   ktap   the kernel's own KTAP parser (tools/testing/kunit/kunit_parser.py
 *          from Debian's linux-source-6.12, through tools/kunit_parse.sh);
 *   bmf    Bencher's published JSON schema (data/bencher-bmf.schema.json)
 *          with Debian's python3-jsonschema, plus Bencher's name limits;
 *   github-action-benchmark
 *          the schema of its documented input (the action publishes none)
 *          with python3-jsonschema.
 * Bad input: exit 2 and nothing written. Exits 77 (skip) when every own
 * check passed but a consumer could not be had.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "clock.h"
#include "commands.h"
#include "export_ci.h"

static char tmpdir[64];
static char srcdir[1024];
static int skipped_consumers;

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static json_t *load_boot1(void)
{
	char in[1100];
	json_t *doc;

	snprintf(in, sizeof(in), "%s/tests/unit/data/merge-boot1.json", srcdir);
	doc = json_load_file(in, 0, NULL);
	CHECK(doc != NULL);
	return doc;
}

static json_t *result(json_t *doc, size_t i)
{
	return json_array_get(json_object_get(doc, "results"), i);
}

static json_t *phase(json_t *doc, size_t i, const char *name)
{
	return json_object_get(json_object_get(result(doc, i), "phases"), name);
}

/* Case 1 skipped, case 2 failed, case 3's free phase without a success. */
static void add_trouble(json_t *doc)
{
	json_t *c = result(doc, 1), *ph = phase(doc, 3, "free");

	json_object_del(c, "phases");
	json_object_set_new(c, "skipped", json_string("needs #2 CPUs\nor more"));
	json_object_set_new(result(doc, 2), "error", json_string("ioctl failed: ENOMEM"));
	json_object_set_new(ph, "median", json_null());
	json_object_set_new(ph, "failures", json_integer(5000));
}

/* The same document under the instructions clock: insn, whole numbers. */
static void to_instructions(json_t *doc)
{
	json_t *c, *ph;
	const char *name;
	size_t i;

	json_object_set_new(doc, "clock", json_string("instructions"));
	json_array_foreach(json_object_get(doc, "results"), i, c) {
		json_object_foreach(json_object_get(c, "phases"), name, ph) {
			json_object_set_new(ph, "unit", json_string("insn"));
			kmb_round_counts(ph);
		}
	}
}

/* Runs export; returns its exit code, the output in @out (NULL if none). */
static int export_doc(json_t *doc, const char *format, char *out, size_t len)
{
	char in[256];
	char *argv[] = { "export", "--format", (char *)format, "-o", out, in, NULL };

	snprintf(in, sizeof(in), "%s/in.json", tmpdir);
	snprintf(out, len, "%s/out.%s", tmpdir, format);
	unlink(out);
	CHECK(json_dump_file(doc, in, 0) == 0);
	return kmb_cmd_export(6, argv);
}

/* 0 valid, 77 no consumer, anything else invalid. */
static int run(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
}

static void consumer(const char *what, int rc)
{
	if (rc == 77) {
		printf("test_export_ci: %s not available, consumer check skipped\n", what);
		skipped_consumers++;
		return;
	}
	if (rc != 0)
		fprintf(stderr, "test_export_ci: %s rejected the output\n", what);
	CHECK(rc == 0);
}

static int jsonschema(const char *schema, const char *file, bool quiet)
{
	char cmd[4096];

	if (run("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0)
		return 77;
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 -c 'import json, sys, jsonschema; "
		 "s = json.load(open(sys.argv[1])); "
		 "jsonschema.validators.validator_for(s)(s).validate(json.load(open(sys.argv[2])))' "
		 "'%s/tests/unit/data/%s' '%s'%s", srcdir, schema, file, quiet ? " 2>/dev/null" : "");
	return run(cmd);
}

/* ---- KTAP ---- */

static json_t *kunit_tree(const char *ktap)
{
	char cmd[4096], out[300];
	json_t *tree;
	int rc;

	snprintf(out, sizeof(out), "%s/kunit.json", tmpdir);
	snprintf(cmd, sizeof(cmd), "bash '%s/tests/unit/tools/kunit_parse.sh' '%s' '%s' 2>/dev/null",
		 srcdir, ktap, out);
	rc = run(cmd);
	consumer("the kernel's KTAP parser (kunit_parser.py)", rc);
	if (rc)
		return NULL;
	tree = json_load_file(out, 0, NULL);
	CHECK(tree != NULL);
	return tree;
}

static bool has_line(const char *text, const char *line)
{
	const char *p = strstr(text, line);

	return p && (p == text || p[-1] == '\n') && (p[strlen(line)] == '\n');
}

static void test_ktap(bool instructions)
{
	json_t *doc = load_boot1(), *tree, *sub;
	char out[300], *text;
	size_t len;
	FILE *f;

	add_trouble(doc);
	if (instructions)
		to_instructions(doc);
	CHECK(export_doc(doc, "ktap", out, sizeof(out)) == 0);
	f = fopen(out, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	text = calloc(1, 1 << 20);
	len = fread(text, 1, (1 << 20) - 1, f);
	fclose(f);
	CHECK(len > 0);
	CHECK(strncmp(text, "KTAP version 1\n1..5\n", 20) == 0);
	CHECK(strstr(text, instructions ? "clock instructions (insn)" : "clock time (ns)") != NULL);
	CHECK(has_line(text, "  # Subtest: kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/"
			     "threads=1"));
	if (instructions) {
		CHECK(strstr(text, "  ok 1 alloc # median=130 unit=insn p90=140 ") != NULL);
		CHECK(strstr(text, " ns") == NULL);
	} else {
		CHECK(strstr(text, "  ok 1 alloc # median=130.3514935 unit=ns p90=140.4172837 ") != NULL);
		CHECK(strstr(text, "replicate_min=130.2048882 replicate_max=130.3874777 n=5000 "
				   "failures=0 replicates=5\n") != NULL);
	}
	/* '#' and the line break of the reason are defused. */
	CHECK(has_line(text, "ok 2 kernel/kmalloc/size=512/gfp=KERNEL/pattern=pair/ctx=process/"
			     "threads=1 # SKIP needs _2 CPUs or more"));
	CHECK(has_line(text, "not ok 3 kernel/kmalloc/size=4096/gfp=KERNEL/pattern=pair/ctx=process/"
			     "threads=1 # ERROR ioctl failed: ENOMEM"));
	CHECK(has_line(text, "  not ok 2 free # ERROR no operation succeeded (5000 failures)"));
	CHECK(has_line(text, "not ok 4 kernel/alloc_pages/order=0/gfp=KERNEL/pattern=pair/ctx=process/"
			     "threads=1"));
	free(text);

	tree = kunit_tree(out);
	if (tree) {
		json_t *counts = json_object_get(tree, "counts");

		/* 5 phases passed, the skipped case, the failed case and phase. */
		CHECK(json_integer_value(json_object_get(counts, "errors")) == 0);
		CHECK(json_integer_value(json_object_get(counts, "passed")) == 5);
		CHECK(json_integer_value(json_object_get(counts, "skipped")) == 1);
		CHECK(json_integer_value(json_object_get(counts, "failed")) == 2);
		sub = json_object_get(tree, "subtests");
		CHECK(json_array_size(sub) == 5);
		CHECK(strcmp(str(json_array_get(sub, 0), "status"), "SUCCESS") == 0);
		CHECK(strcmp(str(json_array_get(sub, 1), "status"), "SKIPPED") == 0);
		CHECK(strcmp(str(json_array_get(sub, 2), "status"), "FAILURE") == 0);
		CHECK(strcmp(str(json_array_get(sub, 3), "status"), "FAILURE") == 0);
		CHECK(strcmp(str(json_array_get(sub, 0), "name"),
			     "kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1") == 0);
		sub = json_object_get(json_array_get(sub, 4), "subtests");
		CHECK(json_array_size(sub) == 2);
		CHECK(strcmp(str(json_array_get(sub, 0), "name"), "alloc") == 0);
		CHECK(strcmp(str(json_array_get(sub, 1), "name"), "free") == 0);
		CHECK(strcmp(str(json_array_get(sub, 1), "status"), "SUCCESS") == 0);
		json_decref(tree);
	}
	json_decref(doc);
}

/* ---- BMF ---- */

static void test_bmf(bool instructions, bool merged)
{
	json_t *doc = load_boot1(), *bmf, *m, *ph = phase(doc, 0, "alloc"), *b;
	const char *name, *measure;
	char out[300];
	size_t n = 0;

	add_trouble(doc);
	if (merged)
		json_object_set_new(ph, "boot_medians", json_pack("[f, f, f]", 129.5, 131.0, 130.5));
	if (instructions)
		to_instructions(doc);
	CHECK(export_doc(doc, "bmf", out, sizeof(out)) == 0);
	bmf = json_load_file(out, JSON_REJECT_DUPLICATES, NULL);
	CHECK(json_is_object(bmf));
	/* 10 phases, less 2 of the skipped, 2 of the failed, 1 unmeasured. */
	CHECK(json_object_size(bmf) == 5);
	json_object_foreach(bmf, name, b) {
		CHECK(strlen(name) <= 1024);
		CHECK(json_object_size(b) == 1);
		json_object_foreach(b, measure, m) {
			double v = json_number_value(json_object_get(m, "value"));

			CHECK(strcmp(measure, instructions ? "instructions" : "latency") == 0);
			CHECK(strlen(measure) <= 64);
			CHECK(json_number_value(json_object_get(m, "lower_value")) <= v);
			CHECK(json_number_value(json_object_get(m, "upper_value")) >= v);
		}
		n++;
	}
	CHECK(n == 5);
	m = json_object_get(json_object_get(bmf, "kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/"
					    "ctx=process/threads=1/alloc"),
			    instructions ? "instructions" : "latency");
	CHECK(m != NULL);
	if (instructions && !merged) {
		CHECK_NEAR(json_number_value(json_object_get(m, "value")), 130, 0);
		CHECK_NEAR(json_number_value(json_object_get(m, "lower_value")), 130, 0);
	} else if (merged) {
		/* The boot is the replicate of a merged result. */
		CHECK_NEAR(json_number_value(json_object_get(m, "lower_value")), 129.5, 1e-9);
		CHECK_NEAR(json_number_value(json_object_get(m, "upper_value")), 131.0, 1e-9);
	} else {
		CHECK_NEAR(json_number_value(json_object_get(m, "value")), 130.3514935, 1e-9);
		CHECK_NEAR(json_number_value(json_object_get(m, "lower_value")), 130.2048882, 1e-9);
		CHECK_NEAR(json_number_value(json_object_get(m, "upper_value")), 130.3874777, 1e-9);
	}
	consumer("python3-jsonschema (Bencher's BMF schema)",
		 jsonschema("bencher-bmf.schema.json", out, false));
	json_decref(bmf);
	json_decref(doc);
}

/* One repetition: no bounds (BMF) and no range (github-action-benchmark). */
static void test_single_replicate(void)
{
	json_t *doc = json_pack("{s:s, s:{s:{s:s}}, s:{s:b}, s:[{s:s, s:{s:{s:s, s:f, s:[f], s:i}}}]}",
				"schema", "kmembench/1", "system", "kernel", "release", "6.1-x",
				"run", "interrupted", 0, "results", "id", "user/malloc/size=8",
				"phases", "fault", "unit", "ns/page", "median", 12.5, "rep_medians",
				12.5, "ops", 100);
	json_t *want = json_pack("{s:{s:{s:f}}}", "user/malloc/size=8/fault", "latency-per-page",
				 "value", 12.5);
	json_t *out;
	char path[300];

	CHECK(export_doc(doc, "bmf", path, sizeof(path)) == 0);
	out = json_load_file(path, 0, NULL);
	CHECK(json_equal(out, want));
	json_decref(want);
	json_decref(out);
	CHECK(export_doc(doc, "github-action-benchmark", path, sizeof(path)) == 0);
	out = json_load_file(path, 0, NULL);
	CHECK(json_array_size(out) == 1);
	CHECK(strcmp(str(json_array_get(out, 0), "unit"), "ns/page") == 0);
	CHECK(!json_object_get(json_array_get(out, 0), "range"));
	json_decref(out);
	json_decref(doc);
}

/* ---- github-action-benchmark ---- */

static void test_gab(bool instructions)
{
	json_t *doc = load_boot1(), *arr, *e;
	char out[300];
	size_t i;

	add_trouble(doc);
	if (instructions)
		to_instructions(doc);
	CHECK(export_doc(doc, "github-action-benchmark", out, sizeof(out)) == 0);
	arr = json_load_file(out, JSON_REJECT_DUPLICATES, NULL);
	CHECK(json_array_size(arr) == 5);
	json_array_foreach(arr, i, e) {
		CHECK(strcmp(str(e, "unit"), instructions ? "insn" : "ns") == 0);
		CHECK(json_is_number(json_object_get(e, "value")));
		CHECK(strstr(str(e, "extra"), instructions ? "clock: instructions" : "clock: time"));
		CHECK(instructions ? !strstr(str(e, "extra"), " ns") : !strstr(str(e, "extra"), "insn"));
	}
	e = json_array_get(arr, 0);
	CHECK(strcmp(str(e, "name"), "kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/"
				     "threads=1/alloc") == 0);
	CHECK(strcmp(str(e, "range"), instructions ? "130..130" : "130.2048882..130.3874777") == 0);
	consumer("python3-jsonschema (github-action-benchmark's input)",
		 jsonschema("github-action-benchmark-custom.schema.json", out, false));
	json_decref(arr);
	json_decref(doc);
}

/* The consumers do reject what they should: the checks above can fail
 * (here a plan of 2 with one test, and a value that is a string). */
static void test_consumers_reject(void)
{
	char path[300];
	json_t *tree;
	FILE *f;

	snprintf(path, sizeof(path), "%s/broken.json", tmpdir);
	f = fopen(path, "w");
	CHECK(f && fputs("{\"x\": {\"latency\": {\"value\": \"1\"}}}", f) >= 0);
	if (f)
		fclose(f);
	CHECK(jsonschema("bencher-bmf.schema.json", path, true) != 0);
	CHECK(jsonschema("github-action-benchmark-custom.schema.json", path, true) != 0);
	snprintf(path, sizeof(path), "%s/broken.ktap", tmpdir);
	f = fopen(path, "w");
	CHECK(f && fputs("KTAP version 1\n1..2\nok 1 x\n", f) >= 0);
	if (f)
		fclose(f);
	tree = kunit_tree(path);
	if (tree)
		CHECK(json_integer_value(json_object_get(json_object_get(tree, "counts"),
							 "errors")) > 0);
	json_decref(tree);
}

/* ---- bad input: exit 2, nothing written ---- */

static void test_bad_input(void)
{
	json_t *doc = load_boot1(), *c;
	char out[300];
	size_t i;

	CHECK(export_doc(doc, "tap", out, sizeof(out)) == 2);
	CHECK(access(out, F_OK) != 0);
	/* A document compare would refuse. */
	json_object_set_new(doc, "clock", json_string("sundial"));
	CHECK(export_doc(doc, "ktap", out, sizeof(out)) == 2);
	CHECK(access(out, F_OK) != 0);
	json_object_del(doc, "clock");
	/* Nothing measured: neither Bencher nor the action takes an empty set. */
	json_array_foreach(json_object_get(doc, "results"), i, c) {
		json_object_del(c, "phases");
		json_object_set_new(c, "skipped", json_string("no module"));
	}
	CHECK(export_doc(doc, "bmf", out, sizeof(out)) == 2);
	CHECK(access(out, F_OK) != 0);
	CHECK(export_doc(doc, "github-action-benchmark", out, sizeof(out)) == 2);
	CHECK(access(out, F_OK) != 0);
	/* KTAP reports skips: that is a result. */
	CHECK(export_doc(doc, "ktap", out, sizeof(out)) == 0);
	json_decref(doc);
}

int main(void)
{
	const char *src = getenv("KMB_SOURCE_DIR");
	char cmd[128];
	int rc;

	snprintf(srcdir, sizeof(srcdir), "%s", src ? src : ".");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmb-export-ci.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	test_ktap(false);
	test_ktap(true);
	test_bmf(false, false);
	test_bmf(true, false);
	test_bmf(false, true);
	test_single_replicate();
	test_gab(false);
	test_gab(true);
	test_bad_input();
	test_consumers_reject();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	rc = kmb_check_done("test_export_ci");
	return rc == 0 && skipped_consumers ? 77 : rc;
}
