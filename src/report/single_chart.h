/*
 * A chart of the single-run report in the making: its data file and its
 * gnuplot body in memory, drawn by gp.h's kmb_gp_chart at the end.
 */
#ifndef KMB_REPORT_RUN_CHART_H
#define KMB_REPORT_RUN_CHART_H

#include <stdbool.h>
#include <stdio.h>

#include "util.h"

#define KMB_RR_WIDTH	960
#define KMB_RR_PANEL	300
#define KMB_RR_NCOLOURS	8

extern const char *const kmb_rr_colours[KMB_RR_NCOLOURS];

struct kmb_rr_chart {
	char *data, *body;
	size_t data_len, body_len;
	FILE *df, *bf;		/* write the data and the gnuplot commands here */
};

/* 0, or 3 when out of memory. */
int kmb_rr_chart_open(struct kmb_rr_chart *c, struct kmb_err *err);
/* Draws it as plots/<slug>-<kind>.* under @dir when @draw, and frees it. */
int kmb_rr_chart_close(struct kmb_rr_chart *c, bool draw, const char *dir, const char *slug,
		       const char *kind, int width, int height, struct kmb_err *err);
/* "instructions" for a count unit, else "ns". */
const char *kmb_rr_unit_word(const char *unit);

/* The probe's size classes and the user workloads' bars (single_bars.c). */
struct kmb_run_report;
int kmb_rr_plot_size_classes(const struct kmb_run_report *r, const char *dir,
			     struct kmb_err *err);
int kmb_rr_plot_user(const struct kmb_run_report *r, const char *dir, struct kmb_err *err);

#endif
