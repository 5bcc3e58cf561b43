/*
 * The pieces of the comparison report that other reports reuse: gnuplot
 * charts written as plots/<slug>-<kind>.{dat,gp,svg,png} (plot.c)
 * and their inlining into a self-contained HTML page (html.c).
 */
#ifndef KMB_REPORT_GP_H
#define KMB_REPORT_GP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

/*
 * Writes @data as plots/<slug>-<kind>.dat under @dir and draws @body (gnuplot
 * commands reading DAT) as SVG and PNG of @width x @height, atomically.
 * Exit 3 when gnuplot is missing or fails.
 */
int kmb_gp_chart(const char *dir, const char *slug, const char *kind, const char *data,
		 size_t data_len, const char *body, int width, int height, struct kmb_err *err);
/* @s as a gnuplot double-quoted string. */
void kmb_gp_text(FILE *f, const char *s);
/* "64", "4K", "2M": a size axis label. */
void kmb_gp_size_label(double bytes, char *buf, size_t len);

/* @s escaped for HTML text and attributes. */
void kmb_html_esc(FILE *f, const char *s);
/* An <img> of plots/<slug>-<kind>.svg inlined, with links; false when missing. */
bool kmb_html_inline_svg(FILE *f, const char *dir, const char *slug, const char *kind,
			 const char *alt);

/* Creates DIR/plots (an existing one is fine); 0, or 2 with @err set. */
int kmb_plots_dir(const char *dir, struct kmb_err *err);

#endif
