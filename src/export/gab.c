/*
 * A result document as github-action-benchmark's custom JSON, for its
 * customSmallerIsBetter tool: an array of {name, unit, value, range, extra},
 * one entry per phase with a finite median. name is "<case id>/<phase>",
 * unit the phase's own ("ns", "insn", "ns/page"), value the median, range
 * the span of the replicates ("130.2..130.4", boot medians of a merged
 * result, else repetition medians), extra what a reader of the chart needs:
 * p90, p99, mean, operations, the clock and the kernel.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "export.h"
#include "export_ci.h"

static json_t *entry(json_t *doc, const struct kmb_ci_phase *p)
{
	char name[1024], range[128], extra[1024], p90[48], p99[48], mean[48];
	json_t *e;

	kmb_ci_name(p, name, sizeof(name));
	kmb_fmt_measure(json_number_value(json_object_get(p->stats, "p90")), p->unit, " ", p90,
			sizeof(p90));
	kmb_fmt_measure(json_number_value(json_object_get(p->stats, "p99")), p->unit, " ", p99,
			sizeof(p99));
	kmb_fmt_measure(json_number_value(json_object_get(p->stats, "mean")), p->unit, " ", mean,
			sizeof(mean));
	snprintf(extra, sizeof(extra),
		 "p90: %s\np99: %s\nmean: %s\noperations: %lld\n%zu %s\nclock: %s\nkernel: %s",
		 p90, p99, mean, (long long)json_integer_value(json_object_get(p->stats, "ops")),
		 p->nrep, p->rep_kind, kmb_json_str(doc, "clock", "time"), kmb_doc_release(doc));
	e = json_pack("{s:s, s:s, s:f, s:s}", "name", name, "unit", p->unit, "value", p->median,
		      "extra", extra);
	if (e && p->nrep >= 2) {
		snprintf(range, sizeof(range), "%.10g..%.10g", p->rep_lo, p->rep_hi);
		if (json_object_set_new(e, "range", json_string(range))) {
			json_decref(e);
			return NULL;
		}
	}
	return e;
}

int kmb_export_gab(json_t *doc, FILE *out, struct kmb_err *err)
{
	json_t *arr = json_array(), *c, *ph;
	struct kmb_ci_phase p;
	const char *phase;
	size_t i;
	int ret;

	if (!arr)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory exporting github-action-benchmark");
	json_array_foreach(json_object_get(doc, "results"), i, c) {
		if (!kmb_ci_case_ran(c))
			continue;
		json_object_foreach(json_object_get(c, "phases"), phase, ph) {
			if (kmb_ci_phase_get(c, phase, ph, &p) &&
			    json_array_append_new(arr, entry(doc, &p))) {
				json_decref(arr);
				return kmb_fail(err, KMB_EXIT_ENV,
						"out of memory exporting github-action-benchmark");
			}
		}
	}
	/* The action fails on an empty array ("No benchmark result was found"). */
	if (!json_array_size(arr))
		ret = kmb_fail(err, KMB_EXIT_USAGE, "no case has a measured phase: nothing to "
			       "export as github-action-benchmark");
	else
		ret = kmb_ci_dump_json(arr, out, err);
	json_decref(arr);
	return ret;
}

const struct kmb_export_format kmb_export_format_gab = {
	.name = "github-action-benchmark",
	.help = "github-action-benchmark's custom JSON (tool: customSmallerIsBetter):\n"
		"[{name: CASE/PHASE, unit, value: median, range, extra}].",
	.emit = kmb_export_gab,
};
