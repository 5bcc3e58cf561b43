/*
 * Exports for continuous-benchmarking services and kernel test systems,
 * text written to a stream (the @emit of their rows in KMB_EXPORT_FORMATS,
 * export.h), each in its own file:
 *   ktap     KTAP version 1 as kselftest and KernelCI read it: one test per
 *            case with a subtest per phase; the measured values as the
 *            result line's diagnostic data ("ok 1 alloc # median=130.35
 *            unit=ns ...") and a human-readable diagnostic line before it.
 *   bmf      Bencher Metric Format: {"<case id>/<phase>": {measure: {value,
 *            lower_value, upper_value}}}; value the phase's median, the
 *            bounds the smallest and largest replicate (boot_medians of a
 *            merged document, else rep_medians): result documents carry no
 *            bootstrap interval and no p10. One replicate: no bounds.
 *   github-action-benchmark
 *            its custom JSON for the customSmallerIsBetter tool: an array of
 *            {name, unit, value, range, extra}; range the replicates' span.
 * The unit is always the phase's own ("ns", "insn", "ns/page"): nothing is
 * converted, and an instructions-clock document never reads as time. The
 * document must have passed kmb_cmp_doc_from_json (cmd_export does it).
 */
#ifndef KMB_EXPORT_CI_H
#define KMB_EXPORT_CI_H

#include <jansson.h>
#include <stdio.h>

#include "export.h"
#include "util.h"

int kmb_export_ktap(json_t *doc, FILE *out, struct kmb_err *err);
int kmb_export_bmf(json_t *doc, FILE *out, struct kmb_err *err);
int kmb_export_gab(json_t *doc, FILE *out, struct kmb_err *err);

/*
 * Renders @doc with @fmt's emit in memory and writes it to @path ("-"
 * stdout) atomically: a failure leaves nothing behind.
 */
int kmb_export_emit_atomic(const struct kmb_export_format *fmt, json_t *doc, const char *path,
			   struct kmb_err *err);

/* --- shared by the writers (export_ci.c) --- */

/* One (case, phase) whose median is a finite number. */
struct kmb_ci_phase {
	const char *case_id;
	const char *phase;
	const char *unit;
	json_t *stats;		/* the phase object */
	double median;
	size_t nrep;		/* replicates: boot_medians when merged, else rep_medians */
	const char *rep_kind;	/* "boot medians" or "repetition medians" */
	double rep_lo, rep_hi;	/* their smallest and largest (nrep >= 1) */
};

/* Fills @p for phase @ph of case @c; false when its median is not finite. */
bool kmb_ci_phase_get(json_t *c, const char *phase, json_t *ph, struct kmb_ci_phase *p);

/* Whether case @c ran (not skipped, no error, some phases). */
bool kmb_ci_case_ran(json_t *c);

/* "<case id>/<phase>" into @buf. */
void kmb_ci_name(const struct kmb_ci_phase *p, char *buf, size_t len);

/* A JSON value to @out as kmembench writes files (indent 2, sorted keys, newline). */
int kmb_ci_dump_json(json_t *v, FILE *out, struct kmb_err *err);

#endif
