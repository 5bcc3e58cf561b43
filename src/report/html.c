/*
 * report.html: one page that opens in a browser without a network. The
 * charts are inlined as data: URIs of their SVG (an <img> each, so that
 * the ids inside one SVG cannot clash with another's); the PNGs next to
 * them in plots/ are linked for download.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "counters_html.h"
#include "report.h"
#include "gp.h"
#include "overview.h"

static const char *const verdict_class[KMB_NVERDICTS] = {
	[KMB_VERDICT_REGRESSION] = "reg",
	[KMB_VERDICT_IMPROVEMENT] = "imp",
	[KMB_VERDICT_NOISY] = "noisy",
	[KMB_VERDICT_UNCHANGED] = "same",
};

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void base64(FILE *f, const unsigned char *p, size_t n)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		fputc(abc[v >> 18 & 63], f);
		fputc(abc[v >> 12 & 63], f);
		fputc(i + 1 < n ? abc[v >> 6 & 63] : '=', f);
		fputc(i + 2 < n ? abc[v & 63] : '=', f);
	}
}

/* An <img> with the SVG inlined; false when the file cannot be read. */
static bool inline_svg(FILE *f, const char *dir, const char *slug, const char *kind,
		       const char *alt)
{
	char path[4096];
	unsigned char *buf;
	FILE *in;
	long n;

	snprintf(path, sizeof(path), "%s/plots/%s-%s.svg", dir, slug, kind);
	in = fopen(path, "rbe");
	if (!in)
		return false;
	if (fseek(in, 0, SEEK_END) || (n = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n + 1))) {
		fclose(in);
		return false;
	}
	if (fread(buf, 1, (size_t)n, in) != (size_t)n) {
		free(buf);
		fclose(in);
		return false;
	}
	fclose(in);
	fputs("<figure><img alt=\"", f);
	esc(f, alt);
	fputs("\" src=\"data:image/svg+xml;base64,", f);
	base64(f, buf, (size_t)n);
	fprintf(f, "\"><figcaption>");
	esc(f, alt);
	fprintf(f, " &middot; <a href=\"plots/%s-%s.png\">PNG</a> &middot; "
		   "<a href=\"plots/%s-%s.svg\">SVG</a> &middot; "
		   "<a href=\"plots/%s-%s.dat\">data</a></figcaption></figure>\n",
		slug, kind, slug, kind, slug, kind);
	free(buf);
	return true;
}

static void head(FILE *f, const struct kmb_report *r)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
	      "kmembench: ", f);
	esc(f, r->c->new->kernel ? r->c->new->kernel : "new");
	fputs(" against ", f);
	esc(f, r->c->base->kernel ? r->c->base->kernel : "base");
	fputs("</title>\n<style>\n"
	      "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;"
	      "padding:0 1em;color:#222}\n"
	      "h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}\n"
	      ".verdict{display:inline-block;padding:.15em .6em;border-radius:.3em;color:#fff}\n"
	      ".verdict.bad{background:#d62728}.verdict.good{background:#2ca02c}\n"
	      "table{border-collapse:collapse;margin:1em 0;font-size:13px}\n"
	      "th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}\n"
	      "th{background:#f4f4f4}td.id,th.id{text-align:left;font-family:monospace}\n"
	      "tr.reg td{background:#fde0e0}tr.imp td{background:#e2f4e2}\n"
	      "tr.noisy td{background:#fff4dc}\n"
	      ".warn{border-left:4px solid #ff9f1c;background:#fff8ec;padding:.5em 1em}\n"
	      "figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}\n"
	      "figcaption{font-size:12px;color:#555}code{background:#f4f4f4;padding:0 .2em}\n"
	      "table{max-width:100%}td.id{overflow-wrap:anywhere}td:not(.id){white-space:nowrap}\n"
	      "td.id:last-child{min-width:6.5em}\n"
	      ".hm{table-layout:fixed;width:100%;font-size:11px}.hm td,.hm th{padding:2px 1px;"
	      "text-align:center;overflow:hidden}.hm td.id,.hm th.id{text-align:left;"
	      "padding:2px 4px}.hm col.hm-api{width:170px}.hm col.hm-phase{width:64px}\n"
	      ".legend{font-size:12px;color:#555}.sw{display:inline-block;width:1em;height:1em;"
	      "vertical-align:middle;border:1px solid #ccc}.sw.reg{background:rgba(214,39,40,.7)}"
	      ".sw.imp{background:rgba(44,160,44,.7)}.sw.noisy{background:rgba(255,159,28,.7)}"
	      ".sw.same{background:rgba(127,127,127,.18)}\n"
	      "</style></head><body>\n", f);
}

static const char *virt_of(const struct kmb_cmp_doc *d)
{
	const char *v = json_string_value(json_object_get(json_object_get(d->root, "system"),
							  "virt"));

	return v ? v : "unknown";
}

static void run_row(FILE *f, const char *side, const struct kmb_cmp_doc *d)
{
	json_t *sys = json_object_get(d->root, "system"), *run = json_object_get(d->root, "run");
	const char *version = json_string_value(json_object_get(json_object_get(sys, "kernel"),
								"version"));
	const char *cpu = json_string_value(json_object_get(json_object_get(sys, "cpu"), "model"));
	const char *start = json_string_value(json_object_get(run, "start"));

	fprintf(f, "<tr><th>%s</th><td class=\"id\">", side);
	esc(f, d->kernel ? d->kernel : "unknown");
	fputs("</td><td class=\"id\">", f);
	esc(f, version ? version : "");
	fprintf(f, "</td><td>%lld</td><td>%lld</td><td class=\"id\">", kmb_rpt_repetitions(d),
		kmb_rpt_boots(d));
	esc(f, virt_of(d));
	fputs(", ", f);
	esc(f, cpu ? cpu : "unknown CPU");
	fputs("</td><td class=\"id\">", f);
	esc(f, start ? start : "");
	fputs("</td><td class=\"id\">", f);
	esc(f, d->path);
	fputs("</td></tr>\n", f);
}

static void summary(FILE *f, const struct kmb_report *r)
{
	const struct kmb_comparison *c = r->c;
	const size_t *k = c->count;
	bool bad = kmb_comparison_regressed(c);
	char gm[32];

	fprintf(f, "<h1><span class=\"verdict %s\">%s</span> Linux ", bad ? "bad" : "good",
		bad ? "REGRESSION" : "no regression");
	esc(f, c->new->kernel ? c->new->kernel : "new");
	fputs(" against ", f);
	esc(f, c->base->kernel ? c->base->kernel : "base");
	kmb_rpt_fmt_change(c->geomean, gm, sizeof(gm));
	fprintf(f, "</h1>\n<p><b>%zu regression%s</b>, %zu improvement%s, %zu noisy, %zu "
		   "unchanged of %zu compared pairs (case and phase); geometric mean of the "
		   "new/base ratios %.4f (%s).",
		k[KMB_VERDICT_REGRESSION], k[KMB_VERDICT_REGRESSION] == 1 ? "" : "s",
		k[KMB_VERDICT_IMPROVEMENT], k[KMB_VERDICT_IMPROVEMENT] == 1 ? "" : "s",
		k[KMB_VERDICT_NOISY], k[KMB_VERDICT_UNCHANGED], c->npairs, c->geomean, gm);
	if (c->underpowered)
		fprintf(f, " %zu pair%s cannot reach significance with the repetitions run "
			   "(smallest possible p %.2g): run more boots or repetitions.",
			c->underpowered, c->underpowered == 1 ? "" : "s", c->p_floor);
	fputs("</p>\n", f);
	kmb_report_overview(f, r);
	fputs("<table><tr><th></th><th class=\"id\">kernel</th><th class=\"id\">build"
	      "</th><th>repetitions</th><th>boots</th><th class=\"id\">machine</th>"
	      "<th class=\"id\">start</th><th class=\"id\">file</th></tr>\n", f);
	run_row(f, "base", c->base);
	run_row(f, "new", c->new);
	fputs("</table>\n", f);
	if (c->nenv) {
		fputs("<div class=\"warn\"><b>The environments differ; timings may not be "
		      "comparable:</b><ul>\n", f);
		for (size_t i = 0; i < c->nenv; i++) {
			char a[96], b[96];

			kmb_cmp_env_value(c->env[i].base, a, sizeof(a));
			kmb_cmp_env_value(c->env[i].new, b, sizeof(b));
			fputs("<li><code>", f);
			esc(f, c->env[i].field);
			fputs("</code>: ", f);
			esc(f, a);
			fputs(" (base) vs ", f);
			esc(f, b);
			fputs(" (new)</li>\n", f);
		}
		fputs("</ul></div>\n", f);
	}
}

static void pair_table(FILE *f, const struct kmb_cmp_pair *const *pairs, size_t n,
		       const struct kmb_cmp_opts *o)
{
	fprintf(f, "<table><tr><th class=\"id\">case</th><th class=\"id\">phase</th><th>base"
		   "</th><th>new</th><th>change</th><th>%g%% CI</th><th>p (%s)</th>"
		   "<th class=\"id\">verdict</th></tr>\n", o->ci_level * 100,
		kmb_padjust_name(o->correction));
	for (size_t i = 0; i < n; i++) {
		const struct kmb_cmp_pair *p = pairs[i];
		char b[32], nw[32], ch[32], lo[32], hi[32];

		kmb_fmt_measure(p->base_median, p->unit, " ", b, sizeof(b));
		kmb_fmt_measure(p->new_median, p->unit, " ", nw, sizeof(nw));
		kmb_rpt_fmt_change(p->ratio, ch, sizeof(ch));
		kmb_rpt_fmt_change(p->ci_lo, lo, sizeof(lo));
		kmb_rpt_fmt_change(p->ci_hi, hi, sizeof(hi));
		fprintf(f, "<tr class=\"%s\"><td class=\"id\">", verdict_class[p->verdict]);
		esc(f, p->id);
		fputs("</td><td class=\"id\">", f);
		esc(f, p->phase);
		fprintf(f, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s .. %s</td>", b, nw, ch,
			lo, hi);
		if (p->rule == KMB_RULE_EXACT)
			fputs("<td>exact</td>", f);
		else if (isfinite(p->p_adj))
			fprintf(f, "<td>%.3g</td>", p->p_adj);
		else
			fputs("<td>n/a</td>", f);
		fprintf(f, "<td class=\"id\">%s</td></tr>\n", kmb_verdict_name(p->verdict));
	}
	fputs("</table>\n", f);
}

/*
 * The pairs of @c with verdict @v, as a table under @title (none: nothing);
 * @folded: behind a <details>, for lists that matter less than regressions.
 */
static int verdict_section(FILE *f, const struct kmb_report *r, enum kmb_verdict v,
			   const char *title, bool folded)
{
	const struct kmb_comparison *c = r->c;
	const struct kmb_cmp_pair **sel;
	size_t n = 0;

	if (!c->count[v])
		return 0;
	sel = malloc(c->count[v] * sizeof(*sel));
	if (!sel)
		return -1;
	for (size_t i = 0; i < c->npairs; i++)
		if (c->pairs[i].verdict == v)
			sel[n++] = &c->pairs[i];
	fprintf(f, "<h2>%s (%zu)</h2>\n", title, n);
	folded |= n > KMB_RPT_FOLD_ROWS;
	if (folded)
		fprintf(f, "<details><summary>%zu pair%s</summary>\n", n, n == 1 ? "" : "s");
	pair_table(f, sel, n, r->o);
	if (folded)
		fputs("</details>\n", f);
	free(sel);
	return 0;
}

static void api_index(FILE *f, const struct kmb_report *r)
{
	fputs("<h2>Per API</h2>\n<table><tr><th class=\"id\">API</th><th>pairs</th>"
	      "<th>regressions</th><th>improvements</th><th>noisy</th><th>unchanged</th>"
	      "<th>geomean new/base</th></tr>\n", f);
	for (size_t i = 0; i < r->napis; i++) {
		const struct kmb_rpt_api *a = &r->apis[i];
		char gm[32];

		kmb_rpt_fmt_change(a->geomean, gm, sizeof(gm));
		fprintf(f, "<tr class=\"%s\"><td class=\"id\"><a href=\"#%s\">",
			a->count[KMB_VERDICT_REGRESSION] ? "reg" : "", a->slug);
		esc(f, a->name);
		fprintf(f, "</a></td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>"
			   "<td>%.3f (%s)</td></tr>\n", a->npairs,
			a->count[KMB_VERDICT_REGRESSION], a->count[KMB_VERDICT_IMPROVEMENT],
			a->count[KMB_VERDICT_NOISY], a->count[KMB_VERDICT_UNCHANGED], a->geomean,
			gm);
	}
	fputs("</table>\n", f);
}

static void api_section(FILE *f, const struct kmb_report *r, const struct kmb_rpt_api *a,
			const char *dir)
{
	char alt[256];

	fprintf(f, "<h2 id=\"%s\">", a->slug);
	esc(f, a->name);
	fputs("</h2>\n", f);
	if (a->has_latency) {
		snprintf(alt, sizeof(alt), "%s: median %s per operation against %s, both kernels",
			 a->name, r->c->base->clock == KMB_CLOCK_INSTRUCTIONS ? "instructions" : "time",
			 a->by_order ? "page order" : "size");
		inline_svg(f, dir, a->slug, "latency", alt);
	}
	if (a->has_ratio) {
		snprintf(alt, sizeof(alt), "%s: new/base ratio per case and phase, with its "
			 "bootstrap CI", a->name);
		inline_svg(f, dir, a->slug, "ratio", alt);
	}
	fprintf(f, "<details><summary>%zu pair%s</summary>\n", a->npairs,
		a->npairs == 1 ? "" : "s");
	pair_table(f, a->pairs, a->npairs, r->o);
	fputs("</details>\n", f);
}

static void notes(FILE *f, const struct kmb_report *r)
{
	char rules[1024];

	kmb_cmp_rules_text(r->o, rules, sizeof(rules));
	fputs("<h2>How to read this</h2>\n<ul>\n<li>Verdicts: ", f);
	esc(f, rules);
	fprintf(f, " Bootstrap: %u resamples, seed %" PRIu64 ".</li>\n", r->o->resamples,
		r->o->seed);
	fputs("<li>Latency plots: the median of the repetition medians of each case, against "
	      "its size (log2 axis) or page order; the bars run from the 10th to the 90th "
	      "percentile of the repetition medians, so they show run-to-run (and "
	      "boot-to-boot) spread, not the spread of single operations. New is drawn a "
	      "little to the right of base. An API with many variants at one size shows at "
	      "most four variants there; every case is in its ratio chart and table.</li>\n"
	      "<li>Ratio charts: new/base of the medians, the bar its bootstrap confidence "
	      "interval; the shaded band is the threshold, the dashed line no change.</li>\n"
	      "<li>Merged runs: each kernel's boots are merged by <code>kmembench merge</code>: "
	      "compare takes one value per boot (the boot is the replicate); quantiles in "
	      "the merged files are the median of the per-boot values.</li>\n", f);
	fprintf(f, "<li>Clock: <code>%s</code>, values in %s: %s.</li>\n</ul>\n",
		kmb_clock_def(r->c->base->clock)->name, kmb_clock_def(r->c->base->clock)->unit,
		kmb_clock_def(r->c->base->clock)->what);
}

int kmb_report_html(FILE *f, const struct kmb_report *r, const char *dir)
{
	head(f, r);
	summary(f, r);
	if (verdict_section(f, r, KMB_VERDICT_REGRESSION, "Regressions", false) ||
	    verdict_section(f, r, KMB_VERDICT_IMPROVEMENT, "Improvements", true))
		return -1;
	if (r->napis)
		api_index(f, r);
	for (size_t i = 0; i < r->napis; i++)
		api_section(f, r, &r->apis[i], dir);
	if (!r->plots)
		fputs("<p><i>Charts were not drawn (--no-plots).</i></p>\n", f);
	kmb_html_counters_compare(f, r->c);
	notes(f, r);
	fprintf(f, "<p style=\"color:#777;font-size:12px\">kmembench %s (%s)</p>\n"
		   "</body></html>\n", KMB_VERSION, KMB_GIT_COMMIT);
	return ferror(f) ? -1 : 0;
}

/* ---- for other reports (gp.h) ---- */

void kmb_html_esc(FILE *f, const char *s)
{
	esc(f, s);
}

bool kmb_html_inline_svg(FILE *f, const char *dir, const char *slug, const char *kind,
			 const char *alt)
{
	return inline_svg(f, dir, slug, kind, alt);
}
