/*
 * A result document in Bencher Metric Format (BMF, the JSON that Bencher's
 * "json" adapter reads): one benchmark "<case id>/<phase>" per phase with a
 * finite median, holding one measure named after the phase's unit:
 * "latency" for ns (Bencher's built-in measure, nanoseconds), "instructions"
 * for insn, "latency-per-page" / "instructions-per-page" for the per-page
 * units. value is the median; lower_value and upper_value the smallest and
 * largest replicate (export_ci.h), left out with fewer than two.
 */
#include <ctype.h>
#include <string.h>

#include "export.h"
#include "export_ci.h"

/* Bencher's measure slug for @unit (at most 64 characters, [a-z0-9-]). */
static void measure_name(const char *unit, char *buf, size_t len)
{
	size_t base = strcspn(unit, "/"), at = 0;
	const char *per = unit[base] ? unit + base + 1 : NULL;
	char raw[128];

	if (base == 2 && strncmp(unit, "ns", 2) == 0)
		snprintf(raw, sizeof(raw), "latency%s%s", per ? "-per-" : "", per ? per : "");
	else if (base == 4 && strncmp(unit, "insn", 4) == 0)
		snprintf(raw, sizeof(raw), "instructions%s%s", per ? "-per-" : "", per ? per : "");
	else
		snprintf(raw, sizeof(raw), "%.*s%s%s", (int)base, unit, per ? "-per-" : "",
			 per ? per : "");
	for (const char *s = raw; *s && at + 1 < len && at < 64; s++)
		buf[at++] = isalnum((unsigned char)*s) ? (char)tolower((unsigned char)*s) : '-';
	buf[at] = '\0';
}

static int add_phase(json_t *out, const struct kmb_ci_phase *p)
{
	char name[1024], measure[80];
	json_t *m = json_pack("{s:f}", "value", p->median);

	kmb_ci_name(p, name, sizeof(name));
	measure_name(p->unit, measure, sizeof(measure));
	if (m && p->nrep >= 2 &&
	    (json_object_set_new(m, "lower_value", json_real(p->rep_lo)) ||
	     json_object_set_new(m, "upper_value", json_real(p->rep_hi)))) {
		json_decref(m);
		return -1;
	}
	return m ? json_object_set_new(out, name, json_pack("{s:o}", measure, m)) : -1;
}

int kmb_export_bmf(json_t *doc, FILE *out, struct kmb_err *err)
{
	json_t *bmf = json_object(), *c, *ph;
	struct kmb_ci_phase p;
	const char *phase;
	size_t i;
	int ret;

	if (!bmf)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory exporting bmf");
	json_array_foreach(json_object_get(doc, "results"), i, c) {
		if (!kmb_ci_case_ran(c))
			continue;
		json_object_foreach(json_object_get(c, "phases"), phase, ph) {
			if (kmb_ci_phase_get(c, phase, ph, &p) && add_phase(bmf, &p)) {
				json_decref(bmf);
				return kmb_fail(err, KMB_EXIT_ENV, "out of memory exporting bmf");
			}
		}
	}
	/* Bencher takes no empty report. */
	if (!json_object_size(bmf))
		ret = kmb_fail(err, KMB_EXIT_USAGE, "no case has a measured phase: nothing to "
			       "export as bmf");
	else
		ret = kmb_ci_dump_json(bmf, out, err);
	json_decref(bmf);
	return ret;
}

const struct kmb_export_format kmb_export_format_bmf = {
	.name = "bmf",
	.help = "Bencher Metric Format: {\"CASE/PHASE\": {MEASURE: {value: median,\n"
		"lower_value, upper_value}}}; the bounds are the smallest and largest\n"
		"replicate (boot medians if merged, else repetition medians); MEASURE\n"
		"is latency (ns), instructions (insn), latency-per-page (ns/page)...",
	.emit = kmb_export_bmf,
};
