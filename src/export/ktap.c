/*
 * A result document as KTAP version 1 (Documentation/dev-tools/ktap.rst),
 * the format of kselftest and KUnit that KernelCI and kunit.py parse:
 *
 *   KTAP version 1
 *   1..N                                   one test per case
 *   # kmembench 0.1.0: Linux 6.12..., clock time (ns), suite quick
 *     KTAP version 1
 *     # Subtest: kernel/kmalloc/size=64/...
 *     1..2                                 one subtest per phase
 *     # alloc: median 130.4 ns, p90 140.4 ns, ...
 *     ok 1 alloc # median=130.3514935 unit=ns p90=... n=5000 failures=0
 *     ...
 *   ok 1 kernel/kmalloc/size=64/...
 *   ok 2 kernel/vmalloc/... # SKIP <why>
 *   not ok 3 kernel/... # ERROR <what>
 *
 * A benchmark passes when it measured: a phase whose median is not a number
 * (no operation succeeded) is "not ok ... # ERROR", and so is its case. The
 * values ride as the result line's diagnostic data (key=value, the spec's
 * "# rcode=0" form) in the phase's own unit; a diagnostic line before it
 * says the same for people. '#' and line breaks never reach a name or a
 * reason: they are replaced by '_' and ' '.
 */
#include <math.h>
#include <string.h>

#include "clock.h"
#include "export.h"
#include "export_ci.h"

/* @s with '#' and control characters made harmless, into @buf. */
static const char *clean(const char *s, char *buf, size_t len)
{
	size_t at = 0;

	for (; s && *s && at + 1 < len; s++)
		buf[at++] = *s == '#' ? '_' : (unsigned char)*s < ' ' ? ' ' : *s;
	buf[at] = '\0';
	return buf;
}

static void put_number(FILE *out, const char *key, double x, const char *unit)
{
	if (!isfinite(x))
		return;
	if (kmb_unit_is_count(unit))
		fprintf(out, " %s=%.0f", key, x);
	else
		fprintf(out, " %s=%.10g", key, x);
}

static void put_value(FILE *out, const char *key, json_t *v, const char *unit)
{
	if (json_is_number(v))
		put_number(out, key, json_number_value(v), unit);
}

static void put_phase(FILE *out, size_t num, json_t *c, const char *phase, json_t *ph,
		      bool *failed)
{
	static const char *const keys[] = { "p90", "p99", "p99_9", "mean", "stddev", "min", "max" };
	struct kmb_ci_phase p;
	char name[256], med[48], p90[48], p99[48], mean[48];

	clean(phase, name, sizeof(name));
	if (!kmb_ci_phase_get(c, phase, ph, &p)) {
		*failed = true;
		fprintf(out, "  # %s: no operation succeeded\n", name);
		fprintf(out, "  not ok %zu %s # ERROR no operation succeeded (%lld failures)\n", num,
			name, (long long)json_integer_value(json_object_get(ph, "failures")));
		return;
	}
	kmb_fmt_measure(p.median, p.unit, " ", med, sizeof(med));
	kmb_fmt_measure(json_number_value(json_object_get(ph, "p90")), p.unit, " ", p90,
			sizeof(p90));
	kmb_fmt_measure(json_number_value(json_object_get(ph, "p99")), p.unit, " ", p99,
			sizeof(p99));
	kmb_fmt_measure(json_number_value(json_object_get(ph, "mean")), p.unit, " ", mean,
			sizeof(mean));
	fprintf(out, "  # %s: median %s, p90 %s, p99 %s, mean %s over %lld operations\n", name,
		med, p90, p99, mean, (long long)json_integer_value(json_object_get(ph, "ops")));
	fprintf(out, "  ok %zu %s #", num, name);
	put_value(out, "median", json_object_get(ph, "median"), p.unit);
	fprintf(out, " unit=%s", clean(p.unit, med, sizeof(med)));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		put_value(out, keys[i], json_object_get(ph, keys[i]), p.unit);
	if (p.nrep >= 2) {
		put_number(out, "replicate_min", p.rep_lo, p.unit);
		put_number(out, "replicate_max", p.rep_hi, p.unit);
	}
	fprintf(out, " n=%lld failures=%lld replicates=%zu\n",
		(long long)json_integer_value(json_object_get(ph, "n")),
		(long long)json_integer_value(json_object_get(ph, "failures")), p.nrep);
}

/* One case: a parent test with a subtest per phase, or SKIP / ERROR. */
static void put_case(FILE *out, size_t num, json_t *c)
{
	const char *skipped = json_string_value(json_object_get(c, "skipped"));
	const char *error = json_string_value(json_object_get(c, "error"));
	json_t *phases = json_object_get(c, "phases"), *ph;
	char id[1024], why[512];
	const char *phase;
	bool failed = false;
	size_t n = 0;

	clean(kmb_json_str(c, "id", "unknown"), id, sizeof(id));
	if (!kmb_ci_case_ran(c)) {
		if (error)
			fprintf(out, "not ok %zu %s # ERROR %s\n", num, id, clean(error, why, sizeof(why)));
		else
			fprintf(out, "ok %zu %s # SKIP %s\n", num, id,
				clean(skipped ? skipped : "no phase measured", why, sizeof(why)));
		return;
	}
	fprintf(out, "  KTAP version 1\n  # Subtest: %s\n  1..%zu\n", id, json_object_size(phases));
	json_object_foreach(phases, phase, ph)
		put_phase(out, ++n, c, phase, ph, &failed);
	fprintf(out, "%sok %zu %s\n", failed ? "not " : "", num, id);
}

int kmb_export_ktap(json_t *doc, FILE *out, struct kmb_err *err)
{
	json_t *results = json_object_get(doc, "results"), *run = json_object_get(doc, "run"), *c;
	enum kmb_clock clk = KMB_CLOCK_TIME;
	char suite[256];
	size_t i;

	kmb_doc_clock(doc, "", &clk, NULL);
	fprintf(out, "KTAP version 1\n1..%zu\n", json_array_size(results));
	fprintf(out, "# kmembench %s: Linux %s, clock %s (%s), suite %s%s\n",
		kmb_json_str(json_object_get(doc, "tool"), "version", "?"), kmb_doc_release(doc),
		kmb_clock_def(clk)->name, kmb_clock_def(clk)->unit,
		clean(kmb_json_str(run, "suite", "unknown"), suite, sizeof(suite)),
		json_is_true(json_object_get(run, "interrupted")) ? ", interrupted" : "");
	json_array_foreach(results, i, c)
		put_case(out, i + 1, c);
	if (ferror(out))
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory exporting ktap");
	return 0;
}

const struct kmb_export_format kmb_export_format_ktap = {
	.name = "ktap",
	.help = "KTAP version 1 (kselftest, KernelCI, kunit.py parse): a test per\n"
		"case, a subtest per phase, values as diagnostic data ('ok 1 alloc\n"
		"# median=... unit=ns ...'); skipped cases SKIP, failed ones ERROR.",
	.emit = kmb_export_ktap,
};
