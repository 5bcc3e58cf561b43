/*
 * kmembench export --format kcidb against the KCIDB v5 rules: the version,
 * required fields, id / origin / path patterns, the status values, number
 * only on DONE, no null anywhere, no field the schema does not know, links
 * between tests, builds and checkouts. Then the whole output against the
 * real v5.3 JSON schema (tests/unit/data/kcidb-v5.3.schema.json) with
 * python3-jsonschema when it is installed.
 */
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "export.h"

static char tmpdir[64];
static char datadir[1024];

static bool matches(const char *pattern, const char *s)
{
	regex_t re;
	bool ok;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
		return false;
	ok = s && regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

#define ID_RE		"^[a-z0-9_]+:.*$"
#define ORIGIN_RE	"^[a-z0-9_]+$"
#define PATH_RE		"^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$"

static bool no_nulls(const json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_null(v))
		return false;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, x)
			if (!no_nulls(x))
				return false;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (!no_nulls(x))
				return false;
	}
	return true;
}

/* Every key of @obj is one of @allowed (NULL-terminated): additionalProperties false. */
static bool only_keys(json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *x;

	json_object_foreach(obj, key, x) {
		bool ok = false;

		for (size_t i = 0; allowed[i]; i++)
			ok |= strcmp(key, allowed[i]) == 0;
		if (!ok) {
			fprintf(stderr, "unexpected field '%s'\n", key);
			return false;
		}
	}
	return true;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void check_checkout(json_t *c)
{
	static const char *const keys[] = { "id", "origin", "comment", "start_time", "valid",
					    "misc", "tree_name", "git_repository_url",
					    "git_commit_hash", NULL };

	CHECK(only_keys(c, keys));
	CHECK(matches(ID_RE, str(c, "id")));
	CHECK(matches(ORIGIN_RE, str(c, "origin")));
	CHECK(json_is_object(json_object_get(c, "misc")));
}

static void check_build(json_t *b, const char *checkout_id)
{
	static const char *const keys[] = { "id", "origin", "checkout_id", "architecture",
					    "comment", "start_time", "status", "misc", NULL };

	CHECK(only_keys(b, keys));
	CHECK(matches(ID_RE, str(b, "id")));
	CHECK(matches(ORIGIN_RE, str(b, "origin")));
	CHECK(str(b, "checkout_id") && strcmp(str(b, "checkout_id"), checkout_id) == 0);
	CHECK(matches("^[a-z0-9_]*$", str(b, "architecture")));
	CHECK(strcmp(str(b, "status"), "PASS") == 0);
}

struct tally {
	size_t done, skip, error;
};

static void check_test(json_t *t, const char *build_id, struct tally *k)
{
	static const char *const keys[] = { "id", "origin", "build_id", "path", "status",
					    "start_time", "environment", "number", "comment",
					    "log_excerpt", "misc", NULL };
	static const char *const env_keys[] = { "comment", "misc", NULL };
	const char *status = str(t, "status");
	json_t *number = json_object_get(t, "number");

	CHECK(only_keys(t, keys));
	CHECK(only_keys(json_object_get(t, "environment"), env_keys));
	CHECK(matches(ID_RE, str(t, "id")));
	CHECK(matches(ORIGIN_RE, str(t, "origin")));
	CHECK(strcmp(str(t, "build_id"), build_id) == 0);
	CHECK(matches(PATH_RE, str(t, "path")));
	CHECK(strncmp(str(t, "path"), "kmembench.", 10) == 0);
	CHECK(matches("^(FAIL|ERROR|MISS|PASS|DONE|SKIP)$", status));
	CHECK(json_is_string(json_object_get(json_object_get(t, "misc"), "case_id")));
	if (strcmp(status, "DONE") == 0) {
		static const char *const number_keys[] = { "value", "unit", "prefix", NULL };

		k->done++;
		CHECK(json_is_object(number) && only_keys(number, number_keys));
		CHECK(json_is_number(json_object_get(number, "value")) &&
		      isfinite(json_number_value(json_object_get(number, "value"))));
		CHECK(json_is_object(json_object_get(json_object_get(t, "misc"), "statistics")));
		CHECK(json_is_array(json_object_get(json_object_get(json_object_get(t, "misc"),
								    "statistics"), "rep_medians")));
	} else {
		/* KCIDB: a number only where the test ran. */
		CHECK(!number);
		if (strcmp(status, "SKIP") == 0)
			k->skip++;
		else
			k->error++;
	}
}

/* Checks @out by the rules; returns the number of tests. */
static size_t check_kcidb(json_t *out, bool expect_objects, const char *build_id,
			  struct tally *k)
{
	static const char *const keys[] = { "version", "checkouts", "builds", "tests", NULL };
	json_t *v = json_object_get(out, "version"), *t;
	json_t *ids = json_object();
	size_t i;

	CHECK(no_nulls(out));
	CHECK(only_keys(out, keys));
	CHECK(json_integer_value(json_object_get(v, "major")) == 5);
	CHECK(json_integer_value(json_object_get(v, "minor")) >= 0 &&
	      json_integer_value(json_object_get(v, "minor")) <= 3);
	if (expect_objects) {
		json_t *c = json_array_get(json_object_get(out, "checkouts"), 0);
		json_t *b = json_array_get(json_object_get(out, "builds"), 0);

		CHECK(json_array_size(json_object_get(out, "checkouts")) == 1);
		CHECK(json_array_size(json_object_get(out, "builds")) == 1);
		check_checkout(c);
		check_build(b, str(c, "id"));
		build_id = str(b, "id");
	} else {
		CHECK(!json_object_get(out, "checkouts") && !json_object_get(out, "builds"));
	}
	json_array_foreach(json_object_get(out, "tests"), i, t) {
		check_test(t, build_id, k);
		/* Ids identify a test among all of the origin's: unique here at least. */
		CHECK(!json_object_get(ids, str(t, "id")));
		json_object_set_new(ids, str(t, "id"), json_true());
	}
	json_decref(ids);
	return json_array_size(json_object_get(out, "tests"));
}

static json_t *export_file(const char *in, char **extra)
{
	char out[256];
	char *argv[16] = { "export", "--format", "kcidb", "-o", out };
	int argc = 5;
	json_t *doc;

	snprintf(out, sizeof(out), "%s/kcidb.json", tmpdir);
	unlink(out);
	while (extra && *extra)
		argv[argc++] = *extra++;
	argv[argc++] = (char *)in;
	CHECK(kmb_cmd_export(argc, argv) == 0);
	doc = json_load_file(out, JSON_REJECT_DUPLICATES, NULL);
	CHECK(doc != NULL);
	return doc;
}

/* The real run in tests/unit/data: every case measured. */
static void test_real_result(void)
{
	char in[1100];
	struct tally k = { 0 };
	json_t *out;
	size_t n;

	snprintf(in, sizeof(in), "%s/merge-boot1.json", datadir);
	out = export_file(in, NULL);
	n = check_kcidb(out, true, NULL, &k);
	/* 5 cases, alloc and free each. */
	CHECK(n == 10 && k.done == 10);
	CHECK(strcmp(str(json_array_get(json_object_get(out, "tests"), 0), "path"),
		     "kmembench.kernel.kmalloc.size-64.gfp-KERNEL.pattern-pair.ctx-process."
		     "threads-1.alloc") == 0);
	json_decref(out);
}

/* A document with a skipped and a failed case, exported into an existing build. */
static void test_skip_error_and_build_id(void)
{
	char in[1100], path[256];
	char *extra[] = { "--origin", "my_ci", "--build-id", "my_ci:build-42", NULL };
	struct tally k = { 0 };
	json_t *doc, *results, *out, *t;
	size_t i;

	snprintf(in, sizeof(in), "%s/merge-boot1.json", datadir);
	doc = json_load_file(in, 0, NULL);
	results = json_object_get(doc, "results");
	json_object_del(json_array_get(results, 1), "phases");
	json_object_set_new(json_array_get(results, 1), "skipped",
			    json_string("needs 2 NUMA nodes"));
	json_object_set_new(json_array_get(results, 2), "error",
			    json_string("ENOMEM after 3 operations"));
	/* A phase where nothing succeeded: statistics are null. */
	json_object_set_new(json_object_get(json_object_get(json_array_get(results, 3), "phases"),
					    "alloc"), "median", json_null());
	snprintf(path, sizeof(path), "%s/doc.json", tmpdir);
	CHECK(json_dump_file(doc, path, 0) == 0);
	json_decref(doc);
	out = export_file(path, extra);
	check_kcidb(out, false, "my_ci:build-42", &k);
	CHECK(k.skip == 1 && k.error == 2);
	json_array_foreach(json_object_get(out, "tests"), i, t) {
		CHECK(strcmp(str(t, "origin"), "my_ci") == 0);
		CHECK(strncmp(str(t, "id"), "my_ci:", 6) == 0);
		if (strcmp(str(t, "status"), "SKIP") == 0)
			CHECK(strcmp(str(t, "comment"), "needs 2 NUMA nodes") == 0);
		if (str(t, "log_excerpt"))
			CHECK(strcmp(str(t, "log_excerpt"), "ENOMEM after 3 operations") == 0);
	}
	json_decref(out);
}

static void test_paths(void)
{
	char p[256];

	kmb_kcidb_path("kernel/k.m/size=1.5/x y/", "alloc", p, sizeof(p));
	CHECK(matches(PATH_RE, p));
	CHECK(strcmp(p, "kmembench.kernel.k_m.size-1_5.x_y.alloc") == 0);
	kmb_kcidb_path("user//a", NULL, p, sizeof(p));
	CHECK(matches(PATH_RE, p) && strcmp(p, "kmembench.user.a") == 0);
	kmb_kcidb_path("kernel/kmalloc/size=64", "alloc", p, 17);
	CHECK(matches(PATH_RE, p));
	CHECK(kmb_kcidb_origin_ok("kmembench") && !kmb_kcidb_origin_ok("KmB") &&
	      !kmb_kcidb_origin_ok(""));
	CHECK(kmb_kcidb_id_ok("ci:x") && !kmb_kcidb_id_ok(":x") && !kmb_kcidb_id_ok("c-i:x") &&
	      !kmb_kcidb_id_ok("nocolon"));
}

static void test_refusals(void)
{
	char in[1100], out[256];
	char *bad_origin[] = { "export", "--format", "kcidb", "--origin", "Bad-Origin", in, NULL };
	char *bad_build[] = { "export", "--format", "kcidb", "--build-id", "nocolon", in, NULL };
	char *no_format[] = { "export", in, NULL };
	char *origin_gbench[] = { "export", "--format", "gbench", "--origin", "x", in, NULL };
	char *not_json[] = { "export", "--format", "kcidb", "-o", out, NULL, NULL };
	char bad[1100];

	snprintf(in, sizeof(in), "%s/merge-boot1.json", datadir);
	snprintf(out, sizeof(out), "%s/refused.json", tmpdir);
	snprintf(bad, sizeof(bad), "%s/compare-wrong-schema.json", datadir);
	not_json[5] = bad;
	CHECK(kmb_cmd_export(6, bad_origin) == 2);
	CHECK(kmb_cmd_export(6, bad_build) == 2);
	CHECK(kmb_cmd_export(2, no_format) == 2);
	CHECK(kmb_cmd_export(6, origin_gbench) == 2);
	CHECK(kmb_cmd_export(6, not_json) == 2);
	CHECK(access(out, F_OK) != 0);
}

/* The real schema, when python3-jsonschema is there to apply it. */
static void test_against_schema(void)
{
	char in[1100], out[256], cmd[4096];
	char *argv[] = { "export", "--format", "kcidb", "-o", out, in, NULL };

	if (access("/usr/bin/python3", X_OK) != 0 ||
	    system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0) {
		printf("test_export_kcidb: python3-jsonschema missing, schema check skipped\n");
		return;
	}
	snprintf(in, sizeof(in), "%s/merge-boot2.json", datadir);
	snprintf(out, sizeof(out), "%s/schema-check.json", tmpdir);
	CHECK(kmb_cmd_export(6, argv) == 0);
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 -c 'import json, sys, jsonschema; "
		 "jsonschema.Draft7Validator(json.load(open(sys.argv[1])), "
		 "format_checker=jsonschema.FormatChecker())"
		 ".validate(json.load(open(sys.argv[2])))' '%s/kcidb-v5.3.schema.json' '%s'",
		 datadir, out);
	CHECK(system(cmd) == 0);
	/* The skip/error document of the test above, too. */
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 -c 'import json, sys, jsonschema; "
		 "jsonschema.Draft7Validator(json.load(open(sys.argv[1])), "
		 "format_checker=jsonschema.FormatChecker())"
		 ".validate(json.load(open(sys.argv[2])))' '%s/kcidb-v5.3.schema.json' "
		 "'%s/kcidb.json'", datadir, tmpdir);
	CHECK(system(cmd) == 0);
}

int main(void)
{
	const char *src = getenv("KMB_SOURCE_DIR");
	char cmd[128];

	snprintf(datadir, sizeof(datadir), "%s/tests/unit/data", src ? src : ".");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmb-kcidb.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	test_paths();
	test_real_result();
	test_skip_error_and_build_id();
	test_against_schema();
	test_refusals();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return kmb_check_done("test_export_kcidb");
}
