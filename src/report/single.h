/*
 * The report of a single run (kmembench report RUN.json -o DIR): one
 * self-contained report.html with the summary, and charts drawn by gnuplot
 * into DIR/plots/ (gp.h):
 *   <api>-latency        median per operation against size or page order,
 *                        per phase, for the variants with most sizes; the
 *                        band is the 10th..90th percentile of the
 *                        repetition medians, the dotted line the per-operation
 *                        99th percentile
 *   case-distribution    the per-operation quantiles of one case
 *   all-threads          median per operation against threads, for the
 *                        cases that change most with threads
 *   <api>-size-classes   a probe's ksize() staircase (probe documents)
 *   user-faults,
 *   user-malloc          fault cost by kind; malloc by allocator and size
 */
#ifndef KMB_REPORT_RUN_H
#define KMB_REPORT_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "compare.h"
#include "run_model.h"

#define KMB_RUNRPT_VARIANTS	4	/* latency lines per API panel */
#define KMB_RUNRPT_THREAD_LINES	8	/* lines of the threads chart */

struct kmb_run_report {
	const struct kmb_cmp_doc *d;
	struct kmb_run_model m;
	const struct kmb_run_case *dist;	/* the distribution's case, or NULL */
	size_t thread_groups;			/* cases measured at several thread counts */
	bool plots;				/* charts were drawn */
};

/*
 * Writes @dir/report.html (and plots/ unless !@plots) for the run in @path.
 * @case_id: the case whose distribution is drawn (NULL: a default).
 * Exit 2 on bad input (nothing written), 3 when gnuplot or writing fails.
 */
int kmb_run_report_write(const char *path, const char *dir, bool plots, const char *case_id,
			 bool allow_partial, struct kmb_err *err);

/* The charts (single_plot.c); 0, or 3. */
int kmb_run_report_plots(struct kmb_run_report *r, const char *dir, struct kmb_err *err);
/* The page (single_html.c); 0, or -1 when writing fails. */
int kmb_run_report_html(FILE *f, const struct kmb_run_report *r, const char *dir);

/* The key of a case without its threads= component (the threads groups). */
void kmb_run_threads_key(const char *id, char *buf, size_t len);

#endif
