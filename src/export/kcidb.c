/*
 * A result document as KCIDB v5 I/O data (the mapping is in ci/README.md).
 * KCIDB allows no nulls anywhere and no fields beyond its schema outside
 * "misc", so every object is built field by field and misc has its nulls
 * dropped.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"
#include "export.h"

#define KCIDB_LOG_EXCERPT_MAX	16384

/* What every test object of one document shares. */
struct kcidb_ctx {
	const char *origin;
	char build_id[512];
	char run_key[256];		/* "<release>@<run.start>": tests of one run */
	const char *start;		/* run.start, or NULL */
	json_t *environment;
	json_t *run;
};

bool kmb_kcidb_origin_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

bool kmb_kcidb_id_ok(const char *s)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	char origin[256];

	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(origin))
		return false;
	memcpy(origin, s, (size_t)(colon - s));
	origin[colon - s] = '\0';
	return kmb_kcidb_origin_ok(origin);
}

static void path_append(char *buf, size_t len, size_t *at, const char *part, size_t n)
{
	if (!n)
		return;
	if (*at && *at + 1 < len)
		buf[(*at)++] = '.';
	for (size_t i = 0; i < n && *at + 1 < len; i++) {
		char c = part[i];

		if (c == '=')
			c = '-';
		else if (!isalnum((unsigned char)c) && c != '_' && c != '-')
			c = '_';
		buf[(*at)++] = c;
	}
	buf[*at] = '\0';
}

void kmb_kcidb_path(const char *case_id, const char *phase, char *buf, size_t len)
{
	size_t at = 0;

	if (!len)
		return;
	buf[0] = '\0';
	path_append(buf, len, &at, "kmembench", strlen("kmembench"));
	for (const char *p = case_id; *p;) {
		size_t n = strcspn(p, "/");

		path_append(buf, len, &at, p, n);
		p += n;
		if (*p)
			p++;
	}
	if (phase)
		path_append(buf, len, &at, phase, strlen(phase));
	/* A truncated path must not end in the '.' of an empty component. */
	while (at && buf[at - 1] == '.')
		buf[--at] = '\0';
}

/* uname's machine as KCIDB names architectures (the kernel's ARCH). */
static void kcidb_arch(const char *machine, char *buf, size_t len)
{
	static const struct {
		const char *prefix, *arch;
	} map[] = {
		{ "x86_64", "x86_64" }, { "aarch64", "arm64" }, { "arm", "arm" },
		{ "i386", "i386" }, { "i486", "i386" }, { "i586", "i386" }, { "i686", "i386" },
		{ "riscv", "riscv" }, { "ppc", "powerpc" }, { "s390", "s390" },
		{ "mips", "mips" }, { "loongarch", "loongarch" },
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strncmp(machine, map[i].prefix, strlen(map[i].prefix)) == 0) {
			snprintf(buf, len, "%s", map[i].arch);
			return;
		}
	}
	for (; *machine && n + 1 < len; machine++)
		buf[n++] = isalnum((unsigned char)*machine) ? (char)tolower((unsigned char)*machine)
							    : '_';
	buf[n] = '\0';
}

static int set_str(json_t *o, const char *key, const char *value)
{
	return value ? json_object_set_new(o, key, json_string(value)) : 0;
}

static json_t *checkout_json(json_t *doc, const char *id, const struct kcidb_ctx *c)
{
	json_t *kernel = json_object_get(json_object_get(doc, "system"), "kernel");
	char comment[512];
	json_t *o = json_object();

	snprintf(comment, sizeof(comment), "Linux %s, benchmarked by kmembench",
		 kmb_doc_release(doc));
	if (!o || set_str(o, "id", id) || set_str(o, "origin", c->origin) ||
	    set_str(o, "comment", comment) || set_str(o, "start_time", c->start) ||
	    json_object_set_new(o, "valid", json_true()) ||
	    json_object_set_new(o, "misc", json_pack("{s:s, s:s}", "kernel_release",
						     kmb_doc_release(doc), "kernel_version",
						     kmb_json_str(kernel, "version", "unknown")))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *build_json(json_t *doc, const char *checkout_id, const struct kcidb_ctx *c)
{
	json_t *sys = json_object_get(doc, "system"), *kernel = json_object_get(sys, "kernel");
	json_t *o = json_object(), *misc;
	char arch[64];

	kcidb_arch(kmb_json_str(kernel, "machine", "unknown"), arch, sizeof(arch));
	misc = json_pack("{s:s, s:O?, s:O?, s:O?}", "kernel_release", kmb_doc_release(doc),
			 "kernel_version", json_object_get(kernel, "version"),
			 "config", json_object_get(sys, "config"),
			 "config_source", json_object_get(sys, "config_source"));
	if (!o || !misc || set_str(o, "id", c->build_id) || set_str(o, "origin", c->origin) ||
	    set_str(o, "checkout_id", checkout_id) || set_str(o, "architecture", arch) ||
	    set_str(o, "comment", kmb_json_str(kernel, "version", NULL)) ||
	    set_str(o, "start_time", c->start) ||
	    /* The kernel booted and loaded the module: the build is good. */
	    set_str(o, "status", "PASS") ||
	    json_object_set_new(o, "misc", kmb_json_without_nulls(misc))) {
		json_decref(misc);
		json_decref(o);
		return NULL;
	}
	json_decref(misc);
	return o;
}

/* Where the tests ran: virt mode, CPU, memory, as comment and misc. */
static json_t *environment_json(json_t *doc)
{
	json_t *sys = json_object_get(doc, "system"), *cpu = json_object_get(sys, "cpu");
	json_t *misc, *env;
	char comment[512];

	snprintf(comment, sizeof(comment), "%s, %s, %lld CPUs",
		 kmb_json_str(sys, "virt", "unknown virtualisation"),
		 kmb_json_str(cpu, "model", "unknown CPU"),
		 (long long)json_integer_value(json_object_get(cpu, "online")));
	misc = json_pack("{s:s, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?}",
			 "clock", kmb_json_str(doc, "clock", "time"),
			 "virt", json_object_get(sys, "virt"),
			 "cpu", cpu,
			 "memory", json_object_get(sys, "memory"),
			 "numa", json_object_get(sys, "numa"),
			 "thp", json_object_get(sys, "thp"),
			 "clocksource", json_object_get(sys, "clocksource"),
			 "hostname", json_object_get(sys, "hostname"));
	env = json_pack("{s:s, s:o}", "comment", comment, "misc", kmb_json_without_nulls(misc));
	json_decref(misc);
	return env;
}

/* The fields every test object has; @phase NULL for a case that did not run. */
static json_t *test_base(const struct kcidb_ctx *c, const char *case_id, const char *phase,
			 const char *status)
{
	char id[2048], path[1024];
	json_t *o = json_object();

	snprintf(id, sizeof(id), "%s:%s/%s%s%s", c->origin, c->run_key, case_id,
		 phase ? "/" : "", phase ? phase : "");
	kmb_kcidb_path(case_id, phase, path, sizeof(path));
	if (!o || set_str(o, "id", id) || set_str(o, "origin", c->origin) ||
	    set_str(o, "build_id", c->build_id) || set_str(o, "path", path) ||
	    set_str(o, "status", status) || set_str(o, "start_time", c->start) ||
	    json_object_set_new(o, "environment", json_deep_copy(c->environment))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* misc of a test: which case, its parameters, and the raw statistics. */
static json_t *test_misc(const struct kcidb_ctx *c, json_t *entry, const char *phase,
			 json_t *stats)
{
	json_t *merged = json_object_get(c->run, "merged");
	json_t *misc = json_pack("{s:O?, s:s?, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?}",
				 "case_id", json_object_get(entry, "id"),
				 "phase", phase,
				 "group", json_object_get(entry, "group"),
				 "params", json_object_get(entry, "params"),
				 "repetitions", json_object_get(entry, "repetitions"),
				 "suite", json_object_get(c->run, "suite"),
				 "statistics", stats,
				 "boots", json_object_get(merged, "boots"),
				 /* the tool's own share of the loop, and timing by chunks */
				 "harness", json_object_get(entry, "harness"),
				 "amortised", json_object_get(entry, "amortised"));
	json_t *out;

	if (misc && merged)
		json_object_set(misc, "quantiles", json_object_get(merged, "quantiles"));
	/* The case's kernel counters, per operation (summed over its repetitions). */
	if (misc && json_object_get(entry, "counters"))
		json_object_set_new(misc, "counters", kmb_ctr_flat(entry));
	out = kmb_json_without_nulls(misc);
	json_decref(misc);
	return out;
}

static int add_phase_test(json_t *tests, const struct kcidb_ctx *c, json_t *entry,
			  const char *case_id, const char *phase, json_t *ph)
{
	json_t *median = json_object_get(ph, "median");
	bool done = json_is_number(median) && isfinite(json_number_value(median));
	json_t *t = test_base(c, case_id, phase, done ? "DONE" : "ERROR");
	char comment[256];

	if (!t)
		return -1;
	if (done) {
		/* The main output of a performance test: what compare compares. */
		if (json_object_set_new(t, "number",
					json_pack("{s:f, s:s}", "value", json_number_value(median),
						  "unit", kmb_json_str(ph, "unit", "ns"))))
			goto fail;
	} else {
		snprintf(comment, sizeof(comment), "no operation succeeded (%lld failures)",
			 (long long)json_integer_value(json_object_get(ph, "failures")));
		if (set_str(t, "comment", comment))
			goto fail;
	}
	if (json_object_set_new(t, "misc", test_misc(c, entry, phase, ph)) ||
	    json_array_append_new(tests, t))
		return -1;
	return 0;
fail:
	json_decref(t);
	return -1;
}

/* A case that did not run: one test, SKIP or ERROR, with the reason. */
static int add_unrun_test(json_t *tests, const struct kcidb_ctx *c, json_t *entry,
			  const char *case_id)
{
	const char *skipped = json_string_value(json_object_get(entry, "skipped"));
	const char *error = json_string_value(json_object_get(entry, "error"));
	json_t *t = test_base(c, case_id, NULL, error ? "ERROR" : "SKIP");
	char excerpt[KCIDB_LOG_EXCERPT_MAX + 1];

	if (!t)
		return -1;
	snprintf(excerpt, sizeof(excerpt), "%s", error ? error : skipped ? skipped : "");
	if ((*excerpt && set_str(t, error ? "log_excerpt" : "comment", excerpt)) ||
	    json_object_set_new(t, "misc", test_misc(c, entry, NULL, NULL))) {
		json_decref(t);
		return -1;
	}
	return json_array_append_new(tests, t);
}

static int add_tests(json_t *tests, json_t *doc, const struct kcidb_ctx *c)
{
	json_t *entry, *ph;
	const char *phase;
	size_t i;

	json_array_foreach(json_object_get(doc, "results"), i, entry) {
		const char *case_id = kmb_json_str(entry, "id", "unknown");
		json_t *phases = json_object_get(entry, "phases");
		bool ran = json_object_size(phases) &&
			   !json_is_string(json_object_get(entry, "skipped")) &&
			   !json_is_string(json_object_get(entry, "error"));

		if (!ran) {
			if (add_unrun_test(tests, c, entry, case_id))
				return -1;
			continue;
		}
		json_object_foreach(phases, phase, ph)
			if (add_phase_test(tests, c, entry, case_id, phase, ph))
				return -1;
	}
	return 0;
}

json_t *kmb_export_kcidb(json_t *doc, const struct kmb_kcidb_opts *o)
{
	struct kcidb_ctx c = { .origin = o->origin ? o->origin : "kmembench" };
	json_t *out = NULL, *tests = json_array();
	char checkout_id[512];

	c.run = json_object_get(doc, "run");
	c.start = json_string_value(json_object_get(c.run, "start"));
	snprintf(c.run_key, sizeof(c.run_key), "%s@%s", kmb_doc_release(doc),
		 c.start ? c.start : "unknown-time");
	snprintf(checkout_id, sizeof(checkout_id), "%s",
		 o->checkout_id ? o->checkout_id : "");
	if (!o->checkout_id)
		snprintf(checkout_id, sizeof(checkout_id), "%s:linux-%s", c.origin,
			 kmb_doc_release(doc));
	if (o->build_id)
		snprintf(c.build_id, sizeof(c.build_id), "%s", o->build_id);
	else
		snprintf(c.build_id, sizeof(c.build_id), "%s:linux-%s-%s", c.origin,
			 kmb_doc_release(doc),
			 kmb_json_str(json_object_get(json_object_get(doc, "system"), "kernel"),
				      "machine", "unknown"));
	c.environment = environment_json(doc);
	out = json_pack("{s:{s:i, s:i}}", "version", "major", KMB_KCIDB_MAJOR, "minor",
			KMB_KCIDB_MINOR);
	if (!tests || !c.environment || !out)
		goto fail;
	/* Objects the caller's CI already submitted are referred to, not repeated. */
	if (!o->build_id && !o->checkout_id &&
	    json_object_set_new(out, "checkouts",
				json_pack("[o]", checkout_json(doc, checkout_id, &c))))
		goto fail;
	if (!o->build_id &&
	    json_object_set_new(out, "builds", json_pack("[o]", build_json(doc, checkout_id, &c))))
		goto fail;
	if (add_tests(tests, doc, &c) || json_object_set(out, "tests", tests))
		goto fail;
	json_decref(tests);
	json_decref(c.environment);
	return out;
fail:
	json_decref(tests);
	json_decref(c.environment);
	json_decref(out);
	return NULL;
}

const struct kmb_export_format kmb_export_format_kcidb = {
	.name = "kcidb",
	.help = "KernelCI's KCIDB I/O data, schema v5 (version 5.0): a checkout and a\n"
		"build for the kernel, one test per case and phase with status DONE,\n"
		"number {value: median, unit}, and the raw statistics in misc;\n"
		"skipped cases SKIP, failed ones ERROR. Submit with 'kcidb-submit'.",
	.write = kmb_export_kcidb,
	.kcidb_opts = true,
};
