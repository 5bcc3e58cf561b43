/*
 * The kernel-comparison report: a base and a new result compared (compare.h)
 * and laid out per API, for
 *   report.md    a pull-request comment: verdict, regressions, tables
 *   report.html  one self-contained page with the charts inlined
 *   plots/       per API, as SVG and PNG (gnuplot), with their data and
 *                scripts: <api>-latency (median ns per operation against
 *                size, or page order, for both kernels, bars from the 10th
 *                to the 90th percentile of the repetition medians) and
 *                <api>-ratio (new/base per case and phase, with the
 *                bootstrap CI of compare, coloured by verdict)
 * An "API" is the first two components of a case id: kernel/kmalloc,
 * user/malloc, ...
 */
#ifndef KMB_REPORT_H
#define KMB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "compare.h"

/* Latency lines per API and phase: the variants with the most sizes. */
#define KMB_RPT_MAX_VARIANTS	4
/* Ratio chart rows per API: beyond it, the largest changes. */
#define KMB_RPT_MAX_ROWS	120

/* One kernel's figure at one size: median and p10..p90 of the rep medians. */
struct kmb_rpt_value {
	double median, lo, hi;
};

struct kmb_rpt_point {
	double x;			/* size in bytes, or page order */
	struct kmb_rpt_value base, new;
};

/* One line pair of a latency panel: a phase of one variant, over x. */
struct kmb_rpt_series {
	const char *phase;
	char variant[256];		/* the id without the API and size/order */
	struct kmb_rpt_point *points;	/* ascending x */
	size_t npoints;
};

struct kmb_rpt_api {
	char name[128];			/* "kernel/kmalloc" */
	char slug[128];			/* "kernel-kmalloc": file names, anchors */
	bool by_order;			/* x is the page order */
	const struct kmb_cmp_pair **pairs;	/* every pair of this API, in order */
	size_t npairs;
	struct kmb_rpt_series *series;	/* for the latency plot (may be none) */
	size_t nseries;
	const char *phases[8];		/* panels, in order of first appearance */
	size_t nphases;
	size_t count[KMB_NVERDICTS];
	double geomean;			/* of the ratios; NAN without pairs */
	bool has_latency, has_ratio;	/* plots written */
};

struct kmb_report {
	const struct kmb_comparison *c;
	const struct kmb_cmp_opts *o;
	struct kmb_rpt_api *apis;
	size_t napis;
	bool plots;			/* gnuplot ran: images exist */
};

/* Builds the per-API view of @c. Returns 0, or 3 when out of memory. */
int kmb_report_build(const struct kmb_comparison *c, const struct kmb_cmp_opts *o,
		     struct kmb_report *r, struct kmb_err *err);
void kmb_report_free(struct kmb_report *r);

/*
 * Writes plots/<slug>-{latency,ratio}.{dat,gp,svg,png} under @dir with
 * gnuplot. Exit 3 when gnuplot is missing or fails (its output is shown).
 */
int kmb_report_plots(struct kmb_report *r, const char *dir, struct kmb_err *err);

/* The documents; each returns 0, or -1 when writing fails. */
int kmb_report_markdown(FILE *f, const struct kmb_report *r);
int kmb_report_html(FILE *f, const struct kmb_report *r, const char *dir);

/* Shared by the writers. */
void kmb_rpt_fmt_change(double ratio, char *buf, size_t len);	/* "+12.3%" */
/* "size=64/gfp=KERNEL/..." of "kernel/kmalloc/size=64/gfp=KERNEL/..." */
const char *kmb_rpt_case_label(const char *id);
/* How many boots the document merged (run.merged.boots), 1 when not merged. */
long long kmb_rpt_boots(const struct kmb_cmp_doc *d);
/* run.repetitions of the document, 0 when unknown. */
long long kmb_rpt_repetitions(const struct kmb_cmp_doc *d);

#endif
