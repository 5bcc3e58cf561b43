/*
 * The report's charts, drawn by gnuplot: per API a latency plot (median ns
 * per operation against size or page order, both kernels, bars p10..p90 of
 * the repetition medians) and a ratio chart (new/base per case and phase
 * with compare's bootstrap CI, coloured by verdict). The data and the
 * gnuplot scripts stay next to the images, so that anyone can redraw them.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"
#include "gp.h"

extern char **environ;

#define COLOUR_BASE	"#1f77b4"
#define COLOUR_NEW	"#e6550d"
#define PANEL_HEIGHT	300
#define PLOT_WIDTH	960

static const char *const verdict_colour[KMB_NVERDICTS] = {
	[KMB_VERDICT_REGRESSION] = "#d62728",
	[KMB_VERDICT_IMPROVEMENT] = "#2ca02c",
	[KMB_VERDICT_NOISY] = "#ff9f1c",
	[KMB_VERDICT_UNCHANGED] = "#7f7f7f",
};

/* A path as a gnuplot single-quoted string, where only ' needs doubling. */
static void gp_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

/* Text in a gnuplot double-quoted title (noenhanced): \ and " escaped, \n a break. */
static void gp_text(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\n') {
			fputs("\\n", f);	/* a line break in a gnuplot string */
			continue;
		}
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* "64", "4K", "2M": a size axis label. */
static void size_label(double bytes, char *buf, size_t len)
{
	static const char *const units[] = { "", "K", "M", "G", "T" };
	size_t u = 0;

	while (bytes >= 1024 && fmod(bytes, 1024) == 0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, len, "%g%s", bytes, units[u]);
}

/* Whether component @part ("gfp=KERNEL") is one of the '/'-separated @s. */
static bool has_component(const char *s, const char *part, size_t n)
{
	while (*s) {
		size_t k = strcspn(s, "/");

		if (k == n && strncmp(s, part, n) == 0)
			return true;
		s += k;
		if (*s)
			s++;
	}
	return false;
}

/*
 * Splits labels into what they all share (@common, for a title) and what
 * tells them apart (@own): "gfp=KERNEL/pattern=pair" and "gfp=KERNEL/
 * pattern=batch" share "gfp=KERNEL" and own "pattern=pair", "pattern=batch".
 */
static void split_common(const char *const *labels, size_t n, size_t which, char *own,
			 size_t own_len, char *common, size_t common_len)
{
	size_t o = 0, c = 0;

	own[0] = '\0';
	if (common)
		common[0] = '\0';
	for (const char *p = labels[which]; *p;) {
		size_t k = strcspn(p, "/");
		bool everywhere = n > 1;

		for (size_t i = 0; i < n && everywhere; i++)
			everywhere = has_component(labels[i], p, k);
		if (everywhere && common && c + 1 < common_len)
			c += (size_t)snprintf(common + c, common_len - c, "%s%.*s", c ? " " : "",
					      (int)k, p);
		else if (!everywhere && o + 1 < own_len)
			o += (size_t)snprintf(own + o, own_len - o, "%s%.*s", o ? " " : "", (int)k,
					      p);
		if (c >= common_len)
			c = common_len - 1;
		if (o >= own_len)
			o = own_len - 1;
		p += k;
		if (*p)
			p++;
	}
}

/* ---- running gnuplot ---- */

/*
 * Runs gnuplot on @script (a name in @plots), in @plots: the scripts name
 * their files relative to it, so that they redraw from there by hand too.
 * The images go to @svg and @png (temporary names), which the script takes
 * when SVG and PNG are already set.
 */
static int run_gnuplot(const char *plots, const char *script, const char *svg,
		       const char *png, const char *log, struct kmb_err *err)
{
	char *cd = NULL, *argv[] = { "gnuplot", "-e", NULL, (char *)script, NULL };
	posix_spawn_file_actions_t fa;
	size_t len = 0;
	int status, ret;
	FILE *f;
	pid_t pid;

	f = open_memstream(&cd, &len);
	if (!f)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	fputs("cd ", f);
	gp_quote(f, plots);
	fputs("; SVG = ", f);
	gp_quote(f, svg);
	fputs("; PNG = ", f);
	gp_quote(f, png);
	if (fclose(f)) {
		free(cd);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	argv[2] = cd;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log, O_WRONLY | O_CREAT | O_TRUNC,
					 0644);
	posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
	ret = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(cd);
	if (ret == ENOENT)
		return kmb_fail(err, KMB_EXIT_ENV, "gnuplot not found: install the Debian package "
				"gnuplot-nox (scripts/setup), or pass --no-plots");
	if (ret)
		return kmb_fail(err, KMB_EXIT_ENV, "cannot run gnuplot: %s", strerror(ret));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return kmb_fail(err, KMB_EXIT_ENV, "waiting for gnuplot: %s",
					strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		char tail[700] = "";
		int fd = open(log, O_RDONLY);

		if (fd >= 0) {
			ssize_t n = read(fd, tail, sizeof(tail) - 1);

			tail[n > 0 ? n : 0] = '\0';
			close(fd);
		}
		return kmb_fail(err, KMB_EXIT_ENV, "gnuplot failed on %s: %s", script, tail);
	}
	unlink(log);
	return 0;
}

/* One chart's files: names within plots/, and their paths from here. */
struct plot_files {
	char plots[4096];
	char dat[256], gp[256], svg[256], png[256];
	char dat_path[4400], gp_path[4400], svg_path[4400], png_path[4400], log_path[4400];
};

static void plot_names(const char *dir, const char *slug, const char *kind,
		       struct plot_files *pf)
{
	snprintf(pf->plots, sizeof(pf->plots), "%s/plots", dir);
	snprintf(pf->dat, sizeof(pf->dat), "%s-%s.dat", slug, kind);
	snprintf(pf->gp, sizeof(pf->gp), "%s-%s.gp", slug, kind);
	snprintf(pf->svg, sizeof(pf->svg), "%s-%s.svg", slug, kind);
	snprintf(pf->png, sizeof(pf->png), "%s-%s.png", slug, kind);
	snprintf(pf->dat_path, sizeof(pf->dat_path), "%s/%s", pf->plots, pf->dat);
	snprintf(pf->gp_path, sizeof(pf->gp_path), "%s/%s", pf->plots, pf->gp);
	snprintf(pf->svg_path, sizeof(pf->svg_path), "%s/%s", pf->plots, pf->svg);
	snprintf(pf->png_path, sizeof(pf->png_path), "%s/%s", pf->plots, pf->png);
	snprintf(pf->log_path, sizeof(pf->log_path), "%s/.%s-%s.log", pf->plots, slug, kind);
}

/*
 * The script: @body drawn twice, as SVG and as PNG, each into a temporary
 * name renamed once gnuplot succeeded, so no half image is left behind.
 */
static int render(const struct plot_files *pf, const char *data, size_t data_len,
		  const char *body, int width, int height, struct kmb_err *err)
{
	char svg_tmp[300], png_tmp[300], tmp_path[4500], *script = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	snprintf(svg_tmp, sizeof(svg_tmp), "%s.tmp", pf->svg);
	snprintf(png_tmp, sizeof(png_tmp), "%s.tmp", pf->png);
	f = open_memstream(&script, &len);
	if (!f)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	fprintf(f, "# Drawn by 'kmembench report'; redraw in this folder with: gnuplot %s\n"
		   "DAT = ", pf->gp);
	gp_quote(f, pf->dat);
	fputs("\nif (!exists(\"SVG\")) SVG = ", f);
	gp_quote(f, pf->svg);
	fputs("\nif (!exists(\"PNG\")) PNG = ", f);
	gp_quote(f, pf->png);
	fprintf(f, "\nset encoding utf8\n"
		   "set terminal svg size %d,%d font 'sans,11' noenhanced background rgb 'white'\n"
		   "set output SVG\n%s\nunset multiplot\nset output\nreset\n"
		   "set terminal pngcairo size %d,%d font 'sans,9' noenhanced background rgb 'white'\n"
		   "set output PNG\n%s\nunset multiplot\nset output\n",
		width, height, body, width, height, body);
	if (fclose(f)) {
		free(script);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	ret = kmb_write_file_atomic(pf->dat_path, data, data_len, err);
	if (!ret)
		ret = kmb_write_file_atomic(pf->gp_path, script, len, err);
	free(script);
	if (!ret)
		ret = run_gnuplot(pf->plots, pf->gp, svg_tmp, png_tmp, pf->log_path, err);
	snprintf(tmp_path, sizeof(tmp_path), "%s/%s", pf->plots, svg_tmp);
	if (!ret && rename(tmp_path, pf->svg_path))
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: cannot rename gnuplot's output: %s",
			       tmp_path, strerror(errno));
	if (ret)
		unlink(tmp_path);
	snprintf(tmp_path, sizeof(tmp_path), "%s/%s", pf->plots, png_tmp);
	if (!ret && rename(tmp_path, pf->png_path))
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: cannot rename gnuplot's output: %s",
			       tmp_path, strerror(errno));
	if (ret)
		unlink(tmp_path);
	return ret;
}

/* ---- latency against size ---- */

static bool point_ok(const struct kmb_rpt_value *v)
{
	return isfinite(v->median) && v->median > 0;
}

/* One block of the data file: x, x as drawn, median, p10, p90. */
static bool write_block(FILE *f, const struct kmb_rpt_series *s, bool is_new, bool by_order)
{
	bool any = false;

	/* gnuplot does not count empty data sets: an empty block is not written. */
	for (size_t i = 0; i < s->npoints; i++)
		any |= point_ok(is_new ? &s->points[i].new : &s->points[i].base);
	if (!any)
		return false;
	fprintf(f, "# %s %s %s\n", s->phase, s->variant, is_new ? "new" : "base");
	for (size_t i = 0; i < s->npoints; i++) {
		const struct kmb_rpt_point *p = &s->points[i];
		const struct kmb_rpt_value *v = is_new ? &p->new : &p->base;
		/* New drawn a little to the right, so that the bars do not hide each other. */
		double shown = is_new ? (by_order ? p->x + 0.12 : p->x * 1.08) : p->x;

		if (!point_ok(v))
			continue;
		fprintf(f, "%.17g %.17g %.10g %.10g %.10g\n", p->x, shown, v->median,
			isfinite(v->lo) ? v->lo : v->median, isfinite(v->hi) ? v->hi : v->median);
	}
	fputs("\n\n", f);
	return true;
}

static void latency_axes(FILE *f, const struct kmb_rpt_api *a)
{
	double lo = INFINITY, hi = -INFINITY;
	char label[32];
	bool first = true;

	for (size_t i = 0; i < a->nseries; i++)
		for (size_t k = 0; k < a->series[i].npoints; k++) {
			lo = fmin(lo, a->series[i].points[k].x);
			hi = fmax(hi, a->series[i].points[k].x);
		}
	fputs("set xtics (", f);
	/* A tic at each measured x, written the way suites write them. */
	for (size_t i = 0; i < a->nseries; i++)
		for (size_t k = 0; k < a->series[i].npoints; k++) {
			double x = a->series[i].points[k].x;

			if (a->by_order)
				snprintf(label, sizeof(label), "%g", x);
			else
				size_label(x, label, sizeof(label));
			fprintf(f, "%s\"%s\" %.17g", first ? "" : ", ", label, x);
			first = false;
		}
	fputs(")\n", f);
	if (a->by_order)
		fprintf(f, "unset logscale x\nset xrange [%g:%g]\n"
			   "set xlabel 'page order (2^order pages per allocation)'\n",
			lo - 0.5, hi + 0.6);
	else
		fprintf(f, "set logscale x 2\nset xrange [%.17g:%.17g]\n"
			   "set xlabel 'size in bytes (log2 axis)'\n", lo / 1.5, hi * 1.6);
}

/* Whether the medians of the panel span enough to need a log y axis. */
static bool wide_range(const struct kmb_rpt_api *a, const char *phase)
{
	double lo = INFINITY, hi = 0;

	for (size_t i = 0; i < a->nseries; i++) {
		if (strcmp(a->series[i].phase, phase) != 0)
			continue;
		for (size_t k = 0; k < a->series[i].npoints; k++) {
			const struct kmb_rpt_point *p = &a->series[i].points[k];

			if (point_ok(&p->base))
				lo = fmin(lo, p->base.lo), hi = fmax(hi, p->base.hi);
			if (point_ok(&p->new))
				lo = fmin(lo, p->new.lo), hi = fmax(hi, p->new.hi);
		}
	}
	return lo > 0 && hi / lo > 8;
}

static const char *kernel_name(const struct kmb_cmp_doc *d, const char *side)
{
	return d->kernel ? d->kernel : side;
}

static int plot_latency(struct kmb_report *r, struct kmb_rpt_api *a, const char *dir,
			struct kmb_err *err)
{
	static const int point_types[] = { 7, 5, 9, 13 }, dash_types[] = { 1, 2, 4, 5 };
	const char *variants[KMB_RPT_MAX_VARIANTS * 8];
	char *data = NULL, *body = NULL, own[256], common[256];
	size_t data_len = 0, body_len = 0, nvariants = 0, block = 0, panels = 0;
	FILE *df, *bf;
	struct plot_files pf;
	bool insn = r->c->base->clock == KMB_CLOCK_INSTRUCTIONS;
	int ret;

	if (!a->nseries)
		return 0;
	for (size_t i = 0; i < a->nseries && nvariants < sizeof(variants) / sizeof(variants[0]); i++) {
		bool seen = false;

		for (size_t k = 0; k < nvariants; k++)
			seen |= strcmp(variants[k], a->series[i].variant) == 0;
		if (!seen)
			variants[nvariants++] = a->series[i].variant;
	}
	df = open_memstream(&data, &data_len);
	bf = open_memstream(&body, &body_len);
	if (!df || !bf) {
		if (df)
			fclose(df);
		if (bf)
			fclose(bf);
		free(data);
		free(body);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	for (size_t ph = 0; ph < a->nphases; ph++) {
		bool any = false;

		for (size_t i = 0; i < a->nseries; i++)
			any |= strcmp(a->series[i].phase, a->phases[ph]) == 0;
		panels += any;
	}
	split_common(variants, nvariants, 0, own, sizeof(own), common, sizeof(common));
	{
		char title[700];

		snprintf(title, sizeof(title), "%s: median %s per operation, base %s (blue) "
			 "against new %s (orange)\nbars: 10th to 90th percentile of the repetition "
			 "medians", a->name, insn ? "instructions" : "time",
			 kernel_name(r->c->base, "base"),
			 kernel_name(r->c->new, "new"));
		fprintf(bf, "set multiplot layout %zu,1 title ", panels);
		gp_text(bf, title);
	}
	/* Some room above and below, so that no bar ends on the frame. */
	fprintf(bf, "\nset grid xtics ytics lc rgb '#dddddd'\nset key outside right top vertical "
		"spacing 1.1\nset ylabel '%s per operation'\nset bars small\n"
		"set offsets 0, 0, graph 0.08, graph 0.08\n", insn ? "instructions" : "ns");
	latency_axes(bf, a);
	fprintf(df, "# %s: x, x as drawn, median, p10, p90 of the repetition medians (%s)\n",
		a->name, insn ? "insn" : "ns");
	for (size_t ph = 0; ph < a->nphases; ph++) {
		const char *phase = a->phases[ph];
		bool any = false, first = true;
		char title[600];

		for (size_t i = 0; i < a->nseries; i++)
			any |= strcmp(a->series[i].phase, phase) == 0;
		if (!any)
			continue;
		fprintf(bf, "%s\n", wide_range(a, phase) ? "set logscale y 10" : "unset logscale y");
		/* What all lines share goes into the title, the rest into the key. */
		snprintf(title, sizeof(title), "%s%s%s", phase,
			 nvariants == 1 || *common ? ":  " : "",
			 nvariants == 1 ? variants[0] : common);
		fputs("set title ", bf);
		gp_text(bf, title);
		fputs("\nplot ", bf);
		for (size_t i = 0; i < a->nseries; i++) {
			const struct kmb_rpt_series *s = &a->series[i];
			size_t v = 0;

			if (strcmp(s->phase, phase) != 0)
				continue;
			for (size_t k = 0; k < nvariants; k++)
				if (strcmp(variants[k], s->variant) == 0)
					v = k;
			own[0] = '\0';
			if (nvariants > 1)
				split_common(variants, nvariants, v, own, sizeof(own), NULL, 0);
			for (int side = 0; side < 2; side++) {
				char key[512];

				if (!write_block(df, s, side, a->by_order))
					continue;
				snprintf(key, sizeof(key), "%s%s%s", side ? "new" : "base",
					 *own ? "  " : "", own);
				fprintf(bf, "%sDAT index %zu using 2:3:4:5 with yerrorlines lc rgb '%s' "
					"dt %d pt %d ps 0.7 lw 1.5 title ", first ? "" : ", \\\n     ",
					block++, side ? COLOUR_NEW : COLOUR_BASE,
					dash_types[v % 4], point_types[v % 4]);
				gp_text(bf, key);
				first = false;
			}
		}
		if (first)
			fputs("NaN notitle", bf);
		fputc('\n', bf);
	}
	ret = fclose(df) | fclose(bf);
	if (ret) {
		free(data);
		free(body);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	plot_names(dir, a->slug, "latency", &pf);
	ret = render(&pf, data, data_len, body, PLOT_WIDTH, 60 + PANEL_HEIGHT * (int)panels, err);
	free(data);
	free(body);
	if (!ret)
		a->has_latency = true;
	return ret;
}

/* ---- ratio per case ---- */

static double row_size(const struct kmb_cmp_pair *p)
{
	return isfinite(p->ratio) && p->ratio > 0 ? fabs(log(p->ratio)) : -1;
}

static int cmp_size_desc(const void *a, const void *b)
{
	double x = row_size(*(const struct kmb_cmp_pair *const *)a);
	double y = row_size(*(const struct kmb_cmp_pair *const *)b);

	return (x < y) - (x > y);
}

/* The rows drawn: every finite ratio, or the KMB_RPT_MAX_ROWS largest changes. */
static size_t ratio_rows(const struct kmb_rpt_api *a, const struct kmb_cmp_pair **rows)
{
	size_t n = 0;

	for (size_t i = 0; i < a->npairs; i++)
		if (isfinite(a->pairs[i]->ratio) && a->pairs[i]->ratio > 0)
			rows[n++] = a->pairs[i];
	if (n > KMB_RPT_MAX_ROWS) {
		const struct kmb_cmp_pair **sorted = malloc(n * sizeof(*sorted));
		double cut;
		size_t k = 0;

		if (!sorted)
			return KMB_RPT_MAX_ROWS;
		memcpy(sorted, rows, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), cmp_size_desc);
		cut = row_size(sorted[KMB_RPT_MAX_ROWS - 1]);
		free(sorted);
		for (size_t i = 0; i < n && k < KMB_RPT_MAX_ROWS; i++)
			if (row_size(rows[i]) >= cut)
				rows[k++] = rows[i];
		n = k;
	}
	return n;
}

/*
 * The ratio axis: log2 when it spans more than 2.5x, with tics at round
 * ratios, most telling first (1, halves and doubles, ...), each kept only
 * when it is not crowding a tic already there.
 */
static void ratio_axis(FILE *f, const struct kmb_cmp_pair **rows, size_t n, double t)
{
	static const double tics[] = { 1, 0.5, 2, 0.25, 4, 0.1, 10, 0.8, 1.25, 0.9, 1.1, 0.67,
				       1.5, 0.33, 3, 0.2, 5, 0.125, 8, 0.95, 1.05, 0.05, 20 };
	double lo = 1 - t, hi = 1 + t, kept[sizeof(tics) / sizeof(tics[0])];
	size_t nkept = 0;
	bool log_axis;

	for (size_t i = 0; i < n; i++) {
		double l = isfinite(rows[i]->ci_lo) ? rows[i]->ci_lo : rows[i]->ratio;
		double h = isfinite(rows[i]->ci_hi) ? rows[i]->ci_hi : rows[i]->ratio;

		lo = fmin(lo, fmin(l, rows[i]->ratio));
		hi = fmax(hi, fmax(h, rows[i]->ratio));
	}
	lo = fmax(lo / 1.08, 1e-3);
	hi *= 1.08;
	log_axis = hi / lo > 2.5;
	fprintf(f, "%s\nset xrange [%.6g:%.6g]\n", log_axis ? "set logscale x 2" : "unset logscale x",
		lo, hi);
	for (size_t i = 0; i < sizeof(tics) / sizeof(tics[0]); i++) {
		double at = log_axis ? log(tics[i]) : tics[i];
		double width = log_axis ? log(hi / lo) : hi - lo;
		bool crowded = tics[i] < lo || tics[i] > hi;

		for (size_t k = 0; k < nkept && !crowded; k++)
			crowded = fabs(at - (log_axis ? log(kept[k]) : kept[k])) < 0.06 * width;
		if (!crowded)
			kept[nkept++] = tics[i];
	}
	if (nkept < 3)
		return;	/* gnuplot's own tics */
	fputs("set xtics (", f);
	for (size_t i = 0; i < nkept; i++)
		fprintf(f, "%s\"%g\" %g", i ? ", " : "", kept[i], kept[i]);
	fputs(")\n", f);
}

static int plot_ratio(struct kmb_report *r, struct kmb_rpt_api *a, const char *dir,
		      struct kmb_err *err)
{
	const struct kmb_cmp_pair **rows = calloc(a->npairs ? a->npairs : 1, sizeof(*rows));
	const char **labels = calloc(a->npairs ? a->npairs : 1, sizeof(*labels));
	char *data = NULL, *body = NULL, own[256], common[256], title[700];
	size_t n, data_len = 0, body_len = 0, block = 0;
	double t = r->o->threshold;
	int width = PLOT_WIDTH;
	FILE *df = NULL, *bf = NULL;
	struct plot_files pf;
	bool first = true;
	int ret = 0;

	if (!rows || !labels)
		goto oom;
	n = ratio_rows(a, rows);
	if (!n)
		goto out;
	for (size_t i = 0; i < n; i++)
		labels[i] = kmb_rpt_case_label(rows[i]->id);
	df = open_memstream(&data, &data_len);
	bf = open_memstream(&body, &body_len);
	if (!df || !bf)
		goto oom;
	split_common(labels, n, 0, own, sizeof(own), common, sizeof(common));
	snprintf(title, sizeof(title), "%s: new/base ratio of medians, %g%% bootstrap CI%s%s",
		 a->name, r->o->ci_level * 100, *common ? "\nall: " : "", common);
	if (n < a->npairs)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
			 " - the %zu largest changes of %zu", n, a->npairs);
	fputs("set title ", bf);
	gp_text(bf, title);
	fprintf(bf, "\nset yrange [%zu.5:-0.5]\nset ytics scale 0 font ',9'\n"
		    "set grid xtics lc rgb '#dddddd'\nset key tmargin center horizontal\n"
		    "set xlabel 'new / base (shaded: within +-%g%%, dashed: no change)'\n"
		    "set object 1 rect from %.6g, graph 0 to %.6g, graph 1 behind "
		    "fc rgb '#ececec' fs solid 1.0 noborder\n"
		    "set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#444444'\n"
		    "set bars small\n",
		n - 1, t * 100, 1 - t, 1 + t);
	ratio_axis(bf, rows, n, t);
	fputs("plot ", bf);
	fprintf(df, "# %s: row, ratio, CI low, CI high, label\n", a->name);
	for (int v = 0; v < KMB_NVERDICTS; v++) {
		size_t count = 0;
		char key[64];

		for (size_t i = 0; i < n; i++) {
			char label[600];

			if ((int)rows[i]->verdict != v)
				continue;
			split_common(labels, n, i, own, sizeof(own), NULL, 0);
			/* What every row shares is in the title: a row may be its phase alone. */
			snprintf(label, sizeof(label), "%s%s%s", own, *own ? "  " : "",
				 rows[i]->phase);
			/* Room for the labels, and 600 pixels of chart beside them. */
			if (600 + 7 * (int)strlen(label) > width)
				width = 600 + 7 * (int)strlen(label);
			for (char *c = label; *c; c++)
				if (*c == '"')
					*c = '\'';
			if (!count)
				fprintf(df, "# %s\n", kmb_verdict_name((enum kmb_verdict)v));
			fprintf(df, "%zu %.10g %.10g %.10g \"%s\"\n", i, rows[i]->ratio,
				isfinite(rows[i]->ci_lo) ? rows[i]->ci_lo : rows[i]->ratio,
				isfinite(rows[i]->ci_hi) ? rows[i]->ci_hi : rows[i]->ratio, label);
			count++;
		}
		if (!count)
			continue;
		fputs("\n\n", df);
		snprintf(key, sizeof(key), "%s (%zu)", kmb_verdict_name((enum kmb_verdict)v), count);
		fprintf(bf, "%sDAT index %zu using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 0.8 "
			"lc rgb '%s' title ", first ? "" : ", \\\n     ", block++, verdict_colour[v]);
		gp_text(bf, key);
		first = false;
	}
	fputc('\n', bf);
	ret = fclose(df) | fclose(bf);
	df = bf = NULL;
	if (ret)
		goto oom;
	plot_names(dir, a->slug, "ratio", &pf);
	ret = render(&pf, data, data_len, body, width, 130 + 16 * (int)n, err);
	if (!ret)
		a->has_ratio = true;
	goto out;
oom:
	ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
out:
	if (df)
		fclose(df);
	if (bf)
		fclose(bf);
	free(data);
	free(body);
	free(rows);
	free(labels);
	return ret;
}

int kmb_plots_dir(const char *dir, struct kmb_err *err)
{
	char plots[4096];

	snprintf(plots, sizeof(plots), "%s/plots", dir);
	if (mkdir(plots, 0755) && errno != EEXIST)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: cannot create it: %s", plots,
				strerror(errno));
	return 0;
}

int kmb_report_plots(struct kmb_report *r, const char *dir, struct kmb_err *err)
{
	int ret = kmb_plots_dir(dir, err);

	if (ret)
		return ret;
	for (size_t i = 0; i < r->napis; i++) {
		if ((ret = plot_latency(r, &r->apis[i], dir, err)) ||
		    (ret = plot_ratio(r, &r->apis[i], dir, err)))
			return ret;
	}
	r->plots = true;
	return 0;
}

/* ---- for other reports (gp.h) ---- */

int kmb_gp_chart(const char *dir, const char *slug, const char *kind, const char *data,
		 size_t data_len, const char *body, int width, int height, struct kmb_err *err)
{
	struct plot_files pf;

	plot_names(dir, slug, kind, &pf);
	return render(&pf, data, data_len, body, width, height, err);
}

void kmb_gp_text(FILE *f, const char *s)
{
	gp_text(f, s);
}

void kmb_gp_size_label(double bytes, char *buf, size_t len)
{
	size_label(bytes, buf, len);
}
