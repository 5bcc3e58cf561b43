/*
 * The single-run report's charts of latency (single.h): against size per
 * API, one case's distribution, against threads; and the list of them all.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "gp.h"
#include "single.h"
#include "single_chart.h"
#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* p10 and p90 of a phase's repetition medians; the median when there are none. */
static void rep_band(const struct kmb_run_case *c, const char *phase, double *lo, double *hi)
{
	json_t *reps = json_object_get(kmb_run_phase(c, phase), "rep_medians"), *v;
	size_t n = json_array_size(reps), i, k = 0;
	double *x = calloc(n ? n : 1, sizeof(*x));

	*lo = *hi = kmb_run_stat(c, phase, "median");
	if (!x)
		return;
	json_array_foreach(reps, i, v)
		if (json_is_number(v))
			x[k++] = json_number_value(v);
	if (k) {
		qsort(x, k, sizeof(*x), cmp_double);
		*lo = kmb_quantile_sorted(x, k, 0.1);
		*hi = kmb_quantile_sorted(x, k, 0.9);
	}
	free(x);
}

/* The variants of @a with at least two sizes, the most sizes first. */
static size_t top_variants(const struct kmb_run_api *a, const char **out, size_t max,
			   const struct kmb_run_case **tmp)
{
	size_t n = 0, counts[KMB_RUNRPT_VARIANTS] = { 0 };

	for (size_t i = 0; i < a->ncases; i++) {
		const char *v = a->cases[i]->variant;
		bool seen = false;
		size_t k;

		for (k = 0; k < i && !seen; k++)
			seen = strcmp(a->cases[k]->variant, v) == 0;
		if (seen)
			continue;
		k = kmb_run_variant_cases(a, v, tmp);
		if (k < 2)
			continue;
		/* insert by count, stable */
		size_t at = n;

		while (at > 0 && counts[at - 1] < k)
			at--;
		if (at >= max)
			continue;
		for (size_t j = (n < max ? n : max - 1); j > at; j--) {
			out[j] = out[j - 1];
			counts[j] = counts[j - 1];
		}
		out[at] = v;
		counts[at] = k;
		if (n < max)
			n++;
	}
	return n;
}

static int plot_latency(struct kmb_run_api *a, const char *dir, struct kmb_err *err)
{
	const struct kmb_run_case **cs = calloc(a->ncases ? a->ncases : 1, sizeof(*cs));
	const char *variants[KMB_RUNRPT_VARIANTS], *shown[4];
	size_t nv, block = 0, panels = 0;
	struct kmb_rr_chart c;
	int ret;
	char title[600];

	if (!cs)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	nv = top_variants(a, variants, KMB_RUNRPT_VARIANTS, cs);
	if (!nv || !a->nphases) {
		free(cs);
		return 0;
	}
	if ((ret = kmb_rr_chart_open(&c, err))) {
		free(cs);
		return ret;
	}
	/* a panel per phase that some drawn case measured (at most 4) */
	for (size_t ph = 0; ph < a->nphases && panels < 4; ph++) {
		bool any = false;

		for (size_t v = 0; v < nv && !any; v++) {
			size_t n = kmb_run_variant_cases(a, variants[v], cs);

			for (size_t i = 0; i < n && !any; i++)
				any = kmb_run_stat(cs[i], a->phases[ph], "median") > 0;
		}
		if (any)
			shown[panels++] = a->phases[ph];
	}
	if (!panels) {
		free(cs);
		return kmb_rr_chart_close(&c, false, dir, a->slug, "latency", 0, 0, err);
	}
	snprintf(title, sizeof(title), "%s: median %s per operation (line), 10th..90th percentile "
		 "of the repetition medians (band), per-operation p99 (dotted)", a->name,
		 kmb_rr_unit_word(a->unit));
	fprintf(c.bf, "set multiplot layout 1,%zu title ", panels);
	kmb_gp_text(c.bf, title);
	fprintf(c.bf, "\nset grid xtics ytics lc rgb '#dddddd'\nset key below vertical noenhanced\n"
		"set ylabel '%s per operation'\nset logscale y 10\n", kmb_rr_unit_word(a->unit));
	if (a->by_order)
		fprintf(c.bf, "unset logscale x\nset xlabel 'page order'\nset xrange [%g:%g]\n",
			a->xmin - 0.5, a->xmax + 0.5);
	else
		fprintf(c.bf, "set logscale x 2\nset xlabel 'size in bytes (log2 axis)'\n"
			"set xrange [%.17g:%.17g]\n", a->xmin / 1.5, a->xmax * 1.5);
	/* tics at the measured sizes of the first variant */
	{
		size_t n = kmb_run_variant_cases(a, variants[0], cs);

		fputs("set xtics (", c.bf);
		for (size_t i = 0; i < n; i++) {
			char label[32];

			if (a->by_order)
				snprintf(label, sizeof(label), "%g", cs[i]->x);
			else
				kmb_gp_size_label(cs[i]->x, label, sizeof(label));
			fprintf(c.bf, "%s\"%s\" %.17g", i ? ", " : "", label, cs[i]->x);
		}
		fputs(")\n", c.bf);
	}
	fprintf(c.df, "# %s: x, median, p10 and p90 of the repetition medians, p99\n", a->name);
	for (size_t ph = 0; ph < panels; ph++) {
		const char *phase = shown[ph];
		bool first = true;

		fputs("set title ", c.bf);
		kmb_gp_text(c.bf, phase);
		fputs("\nplot ", c.bf);
		for (size_t v = 0; v < nv; v++) {
			size_t n = kmb_run_variant_cases(a, variants[v], cs), rows = 0;
			const char *col = kmb_rr_colours[v % KMB_RR_NCOLOURS];

			for (size_t i = 0; i < n; i++) {
				double med = kmb_run_stat(cs[i], phase, "median"), lo, hi;
				double p99 = kmb_run_stat(cs[i], phase, "p99");

				if (!isfinite(med) || med <= 0)
					continue;
				if (!rows)
					fprintf(c.df, "# %s %s\n", phase, variants[v]);
				rep_band(cs[i], phase, &lo, &hi);
				fprintf(c.df, "%.17g %.10g %.10g %.10g %.10g\n", cs[i]->x, med,
					isfinite(lo) && lo > 0 ? lo : med, isfinite(hi) && hi > 0 ? hi : med,
					isfinite(p99) && p99 > 0 ? p99 : med);
				rows++;
			}
			if (!rows)
				continue;
			fputs("\n\n", c.df);
			fprintf(c.bf, "%sDAT index %zu using 1:3:4 with filledcurves fc rgb '%s' "
				"fs transparent solid 0.2 noborder notitle, \\\n     "
				"DAT index %zu using 1:5 with lines dt 3 lc rgb '%s' notitle, \\\n     "
				"DAT index %zu using 1:2 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb '%s' "
				"title ", first ? "" : ", \\\n     ", block, col, block, col, block, col);
			kmb_gp_text(c.bf, *variants[v] ? variants[v] : a->name);
			block++;
			first = false;
		}
		if (first)
			fputs("NaN notitle", c.bf);
		fputc('\n', c.bf);
	}
	free(cs);
	return kmb_rr_chart_close(&c, block > 0, dir, a->slug, "latency", KMB_RR_WIDTH + 240,
			   KMB_RR_PANEL + 60 + 18 * (int)nv, err);
}

static int plot_distribution(struct kmb_run_report *r, const char *dir, struct kmb_err *err)
{
	static const char *const qs[] = { "min", "p50", "p90", "p99", "p99_9", "max" };
	static const char *const names[] = { "min", "p50", "p90", "p99", "p99.9", "max" };
	const struct kmb_run_case *k = r->dist;
	json_t *phases = json_object_get(k->json, "phases"), *ph;
	const char *name, *unit = NULL;
	size_t block = 0;
	struct kmb_rr_chart c;
	char title[600];
	int ret;

	json_object_foreach(phases, name, ph)
		if (!unit)
			unit = json_string_value(json_object_get(ph, "unit"));
	if ((ret = kmb_rr_chart_open(&c, err)))
		return ret;
	fprintf(c.df, "# %s: quantile index, value\n", k->id);
	fprintf(c.bf, "set ylabel '%s per operation'\n", kmb_rr_unit_word(unit));
	snprintf(title, sizeof(title), "%s\nper-operation quantiles of every sample", k->id);
	fputs("set title ", c.bf);
	kmb_gp_text(c.bf, title);
	fputs("\nset grid ytics lc rgb '#dddddd'\nset logscale y 10\nset xrange [-0.3:5.3]\n"
	      "set key top left\nset xtics (", c.bf);
	for (size_t i = 0; i < 6; i++)
		fprintf(c.bf, "%s\"%s\" %zu", i ? ", " : "", names[i], i);
	fputs(")\nplot ", c.bf);
	json_object_foreach(phases, name, ph) {
		bool any = false;

		for (size_t i = 0; i < 6; i++) {
			json_t *v = json_object_get(ph, qs[i]);

			if (!json_is_number(v) || json_number_value(v) <= 0)
				continue;
			if (!any)
				fprintf(c.df, "# %s\n", name);
			fprintf(c.df, "%zu %.10g\n", i, json_number_value(v));
			any = true;
		}
		if (!any)
			continue;
		fputs("\n\n", c.df);
		fprintf(c.bf, "%sDAT index %zu using 1:2 with linespoints pt 7 lw 1.5 lc rgb '%s' "
			"title ", block ? ", \\\n     " : "", block, kmb_rr_colours[block % KMB_RR_NCOLOURS]);
		kmb_gp_text(c.bf, name);
		block++;
	}
	if (!block)
		fputs("NaN notitle", c.bf);
	fputc('\n', c.bf);
	return kmb_rr_chart_close(&c, block > 0, dir, "case", "distribution", KMB_RR_WIDTH, 420, err);
}

struct tgroup {
	char key[512];
	const struct kmb_run_case *at[16];	/* by threads, ascending */
	size_t n;
	double spread;				/* max/min of the first phase's median */
};

static int cmp_spread(const void *a, const void *b)
{
	double x = ((const struct tgroup *)a)->spread, y = ((const struct tgroup *)b)->spread;

	return (x < y) - (x > y);
}

static int plot_threads(struct kmb_run_report *r, const char *dir, struct kmb_err *err)
{
	struct tgroup *g = calloc(r->m.ncases ? r->m.ncases : 1, sizeof(*g));
	size_t ng = 0, shown, block = 0;
	struct kmb_rr_chart c;
	char title[300];
	int ret;

	if (!g)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	for (size_t i = 0; i < r->m.ncases; i++) {
		const struct kmb_run_case *k = &r->m.cases[i];
		char key[512];
		size_t j;

		if (!kmb_run_measured(k) || !isfinite(kmb_run_param(k, "threads")))
			continue;
		kmb_run_threads_key(k->id, key, sizeof(key));
		for (j = 0; j < ng && strcmp(g[j].key, key) != 0; j++)
			;
		if (j == ng)
			snprintf(g[ng++].key, sizeof(g[0].key), "%s", key);
		if (g[j].n < 16) {
			size_t at = g[j].n++;

			while (at > 0 && kmb_run_param(g[j].at[at - 1], "threads") >
					 kmb_run_param(k, "threads")) {
				g[j].at[at] = g[j].at[at - 1];
				at--;
			}
			g[j].at[at] = k;
		}
	}
	/* groups measured at one thread count say nothing about scaling */
	size_t w = 0;

	for (size_t j = 0; j < ng; j++) {
		json_t *phases = json_object_get(g[j].at[0]->json, "phases");
		const char *first = json_object_iter_key(json_object_iter(phases));
		double lo = INFINITY, hi = 0;

		if (g[j].n < 2 || !first)
			continue;
		for (size_t i = 0; i < g[j].n; i++) {
			double m = kmb_run_stat(g[j].at[i], first, "median");

			if (isfinite(m) && m > 0)
				lo = fmin(lo, m), hi = fmax(hi, m);
		}
		if (hi <= 0)
			continue;
		g[j].spread = hi / lo;
		g[w++] = g[j];
	}
	ng = w;
	r->thread_groups = ng;
	if (!ng) {
		free(g);
		return 0;
	}
	qsort(g, ng, sizeof(*g), cmp_spread);
	shown = ng < KMB_RUNRPT_THREAD_LINES ? ng : KMB_RUNRPT_THREAD_LINES;
	if ((ret = kmb_rr_chart_open(&c, err))) {
		free(g);
		return ret;
	}
	snprintf(title, sizeof(title), "median of the first phase per operation against threads: "
		 "the %zu of %zu cases that change most", shown, ng);
	fputs("set title ", c.bf);
	kmb_gp_text(c.bf, title);
	fprintf(c.bf, "\nset grid xtics ytics lc rgb '#dddddd'\nset logscale y 10\n"
		"set xlabel 'threads'\nset ylabel '%s per operation'\nset key below vertical "
		"maxrows %d noenhanced\nset xtics 1\nset xrange [0.5:*]\n"
		"set offsets 0, 0.5, 0, 0\nplot ",
		kmb_rr_unit_word(r->m.napis ? r->m.apis[0].unit : NULL), (int)shown);
	for (size_t j = 0; j < shown; j++) {
		json_t *phases = json_object_get(g[j].at[0]->json, "phases");
		const char *first = json_object_iter_key(json_object_iter(phases));
		char key[600];

		fprintf(c.df, "# %s (%s)\n", g[j].key, first);
		for (size_t i = 0; i < g[j].n; i++)
			fprintf(c.df, "%g %.10g\n", kmb_run_param(g[j].at[i], "threads"),
				kmb_run_stat(g[j].at[i], first, "median"));
		fputs("\n\n", c.df);
		snprintf(key, sizeof(key), "%s: %s (x%.2f)", g[j].key, first, g[j].spread);
		fprintf(c.bf, "%sDAT index %zu using 1:2 with linespoints pt 7 lw 1.5 lc rgb '%s' "
			"title ", j ? ", \\\n     " : "", block++, kmb_rr_colours[j % KMB_RR_NCOLOURS]);
		kmb_gp_text(c.bf, key);
	}
	fputc('\n', c.bf);
	free(g);
	return kmb_rr_chart_close(&c, true, dir, "all", "threads", KMB_RR_WIDTH, 380 + 18 * (int)shown, err);
}

int kmb_run_report_plots(struct kmb_run_report *r, const char *dir, struct kmb_err *err)
{
	int ret = kmb_plots_dir(dir, err);

	if (ret)
		return ret;
	for (size_t i = 0; i < r->m.napis; i++)
		if ((ret = plot_latency(&r->m.apis[i], dir, err)))
			return ret;
	if ((r->dist && (ret = plot_distribution(r, dir, err))) ||
	    (ret = plot_threads(r, dir, err)) || (ret = kmb_rr_plot_size_classes(r, dir, err)) ||
	    (ret = kmb_rr_plot_user(r, dir, err)))
		return ret;
	r->plots = true;
	return 0;
}
