/*
 * The single-run report's charts of things other than latency: a probe's
 * size-class staircase, page-fault costs by kind, malloc by allocator.
 */
#include <math.h>
#include <string.h>

#include "clock.h"
#include "gp.h"
#include "single.h"
#include "single_chart.h"

/* A probe's size classes: ksize() against the requested size, as steps. */
int kmb_rr_plot_size_classes(const struct kmb_run_report *r, const char *dir,
			     struct kmb_err *err)
{
	json_t *probes = json_object_get(r->d->root, "probes"), *p;
	size_t i;
	int ret;

	json_array_foreach(probes, i, p) {
		json_t *classes = json_object_get(p, "classes"), *cl;
		const char *api = json_string_value(json_object_get(p, "api"));
		char slug[160], title[300];
		struct kmb_rr_chart c;
		size_t k;

		if (!json_is_array(classes) || !json_array_size(classes) || !api)
			continue;
		if ((ret = kmb_rr_chart_open(&c, err)))
			return ret;
		fprintf(c.df, "# %s: requested from, to, ksize, backing (1 slab, 0 pages)\n", api);
		json_array_foreach(classes, k, cl)
			fprintf(c.df, "%lld %lld %lld %d\n",
				(long long)json_integer_value(json_object_get(cl, "from")),
				(long long)json_integer_value(json_object_get(cl, "to")),
				(long long)json_integer_value(json_object_get(cl, "ksize")),
				strcmp(json_string_value(json_object_get(cl, "backing")) ?: "", "slab") == 0);
		snprintf(title, sizeof(title), "%s: usable size (ksize) against requested size; "
			 "blue: slab caches, orange: pages", api);
		fputs("set title ", c.bf);
		kmb_gp_text(c.bf, title);
		fputs("\nset grid xtics ytics lc rgb '#dddddd'\nset logscale x 2\nset logscale y 2\n"
		      "set xtics ('1' 1, '16' 16, '256' 256, '4K' 4096, '64K' 65536, '1M' 1048576, "
		      "'16M' 16777216)\nset ytics ('1' 1, '16' 16, '256' 256, '4K' 4096, '64K' 65536, "
		      "'1M' 1048576, '16M' 16777216)\n"
		      "set xlabel 'requested bytes (log2)'\nset ylabel 'ksize() bytes (log2)'\n"
		      "set key top left\n"
		      "plot DAT using 1:3 with steps lc rgb '#555555' lw 1.5 "
		      "notitle, \\\n     DAT using 1:3:($4 > 0 ? 0x1f77b4 : 0xe6550d) with points pt 7 "
		      "ps 0.6 lc rgb variable notitle, \\\n     DAT using 1:1 with lines dt 2 "
		      "lc rgb '#777777' title 'requested = usable'\n", c.bf);
		snprintf(slug, sizeof(slug), "probe-%s", api);
		if ((ret = kmb_rr_chart_close(&c, true, dir, slug, "size-classes", KMB_RR_WIDTH, 460, err)))
			return ret;
	}
	return 0;
}

/* Horizontal bars: one row per (case, phase) that @keep selects. */
static int plot_bars(const struct kmb_run_report *r, const char *dir, const char *kind,
		     const char *title, bool (*keep)(const struct kmb_run_case *),
		     struct kmb_err *err)
{
	const char *phase_names[8];
	size_t nphase = 0, rows = 0;
	struct kmb_rr_chart c;
	int ret;

	if ((ret = kmb_rr_chart_open(&c, err)))
		return ret;
	fprintf(c.df, "# row, median, phase index, label\n");
	for (size_t i = 0; i < r->m.ncases; i++) {
		const struct kmb_run_case *k = &r->m.cases[i];
		json_t *ph;
		const char *name;

		if (!kmb_run_measured(k) || !keep(k))
			continue;
		json_object_foreach(json_object_get(k->json, "phases"), name, ph) {
			double med = kmb_run_stat(k, name, "median");
			const char *unit = json_string_value(json_object_get(ph, "unit"));
			char label[400], v[32];
			size_t pi;

			if (!isfinite(med) || med <= 0)
				continue;
			for (pi = 0; pi < nphase && strcmp(phase_names[pi], name) != 0; pi++)
				;
			if (pi == nphase && nphase < 8)
				phase_names[nphase++] = name;
			kmb_fmt_measure(med, unit, " ", v, sizeof(v));
			snprintf(label, sizeof(label), "%s  %s: %s", strchr(k->id, '/') + 1, name, v);
			for (char *p = label; *p; p++)
				if (*p == '"')
					*p = '\'';
			fprintf(c.df, "%zu %.10g %zu \"%s\"\n", rows++, med, pi, label);
		}
	}
	fputs("set title ", c.bf);
	kmb_gp_text(c.bf, title);
	fprintf(c.bf, "\nset yrange [%zu.5:-0.5]\nset ytics scale 0 font ',9' noenhanced\n"
		"set grid xtics lc rgb '#dddddd'\nset logscale x 10\nset xlabel 'median per "
		"operation (ns; per page for the ns/page phases)'\nset style fill solid 0.6 noborder\n"
		"plot DAT using (sqrt($2)):1:(1):2:($1-0.35):($1+0.35):($3 == 0 ? 0x1f77b4 : "
		"$3 == 1 ? 0xe6550d : 0x2ca02c):ytic(4) with boxxyerror lc rgb variable notitle, \\\n"
		"     DAT using 2:1 with points pt 7 ps 0.5 lc rgb '#333333' notitle\n",
		rows ? rows - 1 : 0);
	return kmb_rr_chart_close(&c, rows > 0, dir, "user", kind, KMB_RR_WIDTH + 200, 120 + 17 * (int)rows,
			   err);
}

static bool is_fault(const struct kmb_run_case *k)
{
	return strncmp(k->id, "user/fault-", 11) == 0;
}

/* malloc by allocator: pattern=pair on one thread (every case when there is none). */
static bool is_malloc(const struct kmb_run_case *k)
{
	const char *pattern = json_string_value(json_object_get(json_object_get(k->json, "params"),
							       "pattern"));

	return strncmp(k->id, "user/malloc/", 12) == 0 &&
	       (!pattern || strcmp(pattern, "pair") == 0) && kmb_run_param(k, "threads") == 1;
}

int kmb_rr_plot_user(const struct kmb_run_report *r, const char *dir, struct kmb_err *err)
{
	int ret = plot_bars(r, dir, "faults", "page faults: median cost per fault (or page) by "
			    "kind", is_fault, err);

	return ret ? ret : plot_bars(r, dir, "malloc", "malloc by allocator and size (pattern "
				     "pair, one thread)", is_malloc, err);
}
