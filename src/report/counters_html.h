/* The kernel counters in the HTML reports (counters_html.c). */
#ifndef KMB_COUNTERS_HTML_H
#define KMB_COUNTERS_HTML_H

#include <stdio.h>

#include "compare.h"
#include "result_read.h"

/* A run's cases with counters: one row each (nothing when none has them). */
void kmb_html_counters_run(FILE *f, const struct kmb_cmp_doc *d);
/* A comparison's cases with counters: what moved beside the timing. */
void kmb_html_counters_compare(FILE *f, const struct kmb_comparison *c);

#endif
