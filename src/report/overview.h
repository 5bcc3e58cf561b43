/*
 * The comparison report's first screen: where did it move. One heat map of
 * every API (and phase) against every size: each cell the geometric mean of
 * new/base over the cell's pairs, coloured by their verdicts (red: some
 * pair regressed, the deeper the more; green: improvements only; amber:
 * noisy; grey: unchanged), the counts on hover, each row linked to its API.
 * An HTML table, so that it fits the page width and needs no image.
 */
#ifndef KMB_REPORT_OVERVIEW_H
#define KMB_REPORT_OVERVIEW_H

#include <stdio.h>

#include "report.h"

/* The rows of the verdict tables shown before they are folded. */
#define KMB_RPT_FOLD_ROWS	20

/* 0, or -1 when out of memory. */
int kmb_report_overview(FILE *f, const struct kmb_report *r);

#endif
