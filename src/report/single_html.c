/*
 * report.html of a single run: the summary, the charts inlined (gp.h)
 * and every case in folded tables. Everything fits the page width: charts
 * scale down, long ids wrap, wide blocks scroll inside themselves.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "counters_html.h"
#include "fingerprint.h"
#include "gp.h"
#include "single.h"
#include "summary.h"

#define esc kmb_html_esc

static void head(FILE *f, const struct kmb_run_report *r)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
	      "kmembench: ", f);
	esc(f, r->d->kernel ? r->d->kernel : "one run");
	fputs("</title>\n<style>\n"
	      "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;"
	      "padding:0 1em;color:#222}\n"
	      "h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}\n"
	      "table{border-collapse:collapse;margin:1em 0;font-size:13px;max-width:100%}\n"
	      "th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}\n"
	      "th{background:#f4f4f4}td.id,th.id{text-align:left;font-family:monospace;"
	      "word-break:break-all}\n"
	      "pre{background:#f8f8f8;padding:.6em;overflow-x:auto;font-size:12px}\n"
	      "figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}\n"
	      "figcaption{font-size:12px;color:#555}code{background:#f4f4f4;padding:0 .2em}\n"
	      "</style></head><body>\n", f);
}

static void run_table(FILE *f, const struct kmb_run_report *r)
{
	json_t *root = r->d->root, *sys = json_object_get(root, "system");
	json_t *run = json_object_get(root, "run"), *fp = json_object_get(sys, "fingerprint");
	const char *version = json_string_value(json_object_get(json_object_get(sys, "kernel"),
								"version"));
	const char *cpu = json_string_value(json_object_get(json_object_get(sys, "cpu"), "model"));
	const char *virt = json_string_value(json_object_get(sys, "virt"));
	const char *start = json_string_value(json_object_get(run, "start"));

	fputs("<h1>kmembench: Linux ", f);
	esc(f, r->d->kernel ? r->d->kernel : "unknown kernel");
	fputs("</h1>\n<table><tr><th class=\"id\">build</th><td class=\"id\">", f);
	esc(f, version ? version : "");
	fputs("</td></tr><tr><th class=\"id\">machine</th><td class=\"id\">", f);
	esc(f, virt ? virt : "unknown");
	fputs(", ", f);
	esc(f, cpu ? cpu : "unknown CPU");
	fprintf(f, "</td></tr><tr><th class=\"id\">clock</th><td class=\"id\">%s (%s)</td></tr>"
		   "<tr><th class=\"id\">suite</th><td class=\"id\">",
		kmb_clock_def(r->d->clock)->name, kmb_clock_def(r->d->clock)->unit);
	esc(f, r->d->suite ? r->d->suite : "");
	fprintf(f, "</td></tr><tr><th class=\"id\">repetitions</th><td class=\"id\">%lld</td></tr>"
		   "<tr><th class=\"id\">start</th><td class=\"id\">",
		(long long)json_integer_value(json_object_get(run, "repetitions")));
	esc(f, start ? start : "");
	fputs("</td></tr><tr><th class=\"id\">file</th><td class=\"id\">", f);
	esc(f, r->d->path);
	if (json_is_object(fp)) {
		char line[2048];

		kmb_fingerprint_text(fp, line, sizeof(line));
		fputs("</td></tr><tr><th class=\"id\">allocation settings</th><td class=\"id\">", f);
		esc(f, line);
	}
	fputs("</td></tr></table>\n", f);
}

static void summary(FILE *f, const struct kmb_run_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct kmb_err err;

	if (!m)
		return;
	kmb_summary_print(m, r->d->root, NULL, &err);
	fclose(m);
	fputs("<h2>Summary</h2>\n<pre>", f);
	esc(f, buf);
	fputs("</pre>\n", f);
	free(buf);
}

static void figure(FILE *f, const char *dir, const char *slug, const char *kind,
		   const char *alt, bool *any)
{
	*any |= kmb_html_inline_svg(f, dir, slug, kind, alt);
}

static void charts(FILE *f, const struct kmb_run_report *r, const char *dir)
{
	char alt[600];
	bool any = false;
	json_t *p;
	size_t i;

	if (r->m.napis)
		fputs("<h2 id=\"latency\">Latency against size</h2>\n", f);
	for (size_t a = 0; a < r->m.napis; a++) {
		const struct kmb_run_api *api = &r->m.apis[a];

		snprintf(alt, sizeof(alt), "%s: median per operation against %s, with the spread of "
			 "the repetitions and the per-operation p99", api->name,
			 api->by_order ? "page order" : "size");
		figure(f, dir, api->slug, "latency", alt, &any);
	}
	if (!any && r->m.napis)
		fputs("<p>No API was measured at two sizes or more.</p>\n", f);
	if (r->dist) {
		fputs("<h2 id=\"distribution\">Distribution of one case</h2>\n<p>Every sample of ",
		      f);
		fputs("<code>", f);
		esc(f, r->dist->id);
		fputs("</code> (choose another with <code>--case ID</code>).</p>\n", f);
		snprintf(alt, sizeof(alt), "%s: per-operation quantiles", r->dist->id);
		figure(f, dir, "case", "distribution", alt, &any);
	}
	if (r->thread_groups) {
		fprintf(f, "<h2 id=\"threads\">Scaling with threads</h2>\n<p>%zu case%s measured at "
			   "several thread counts; the chart shows those that change most.</p>\n",
			r->thread_groups, r->thread_groups == 1 ? "" : "s");
		figure(f, dir, "all", "threads", "median per operation against threads", &any);
	}
	json_array_foreach(json_object_get(r->d->root, "probes"), i, p) {
		const char *api = json_string_value(json_object_get(p, "api"));
		char slug[160];

		if (!api || !json_is_array(json_object_get(p, "classes")))
			continue;
		snprintf(slug, sizeof(slug), "probe-%s", api);
		fputs("<h2 id=\"size-classes\">Size classes (probe)</h2>\n", f);
		snprintf(alt, sizeof(alt), "%s: ksize() against the requested size", api);
		figure(f, dir, slug, "size-classes", alt, &any);
	}
	{
		bool user = false;

		for (size_t a = 0; a < r->m.napis; a++)
			user |= strncmp(r->m.apis[a].name, "user/", 5) == 0;
		if (user) {
			fputs("<h2 id=\"user\">User workloads</h2>\n", f);
			figure(f, dir, "user", "faults", "page faults: median cost by kind", &any);
			figure(f, dir, "user", "malloc", "malloc: median cost by allocator and size",
			       &any);
		}
	}
	if (!r->plots)
		fputs("<p><i>Charts were not drawn (--no-plots).</i></p>\n", f);
}

static void probes_table(FILE *f, const struct kmb_run_report *r)
{
	json_t *probes = json_object_get(r->d->root, "probes"), *p;
	size_t i;
	bool any = false;

	json_array_foreach(probes, i, p) {
		json_t *ok = json_object_get(p, "largest_ok");
		const char *kind = json_string_value(json_object_get(p, "kind"));
		const char *bound = json_string_value(json_object_get(p, "bound"));
		char v[32] = "none";

		if (!kind || strcmp(kind, "max") != 0)
			continue;
		if (!any)
			fputs("<h2 id=\"probe\">Largest allocation per API (probe)</h2>\n<table><tr>"
			      "<th class=\"id\">API</th><th class=\"id\">GFP</th><th>largest that "
			      "succeeded</th><th class=\"id\">bound by</th></tr>\n", f);
		any = true;
		if (json_is_integer(ok) && strcmp(json_string_value(json_object_get(p, "unit")) ?: "",
						  "bytes") == 0)
			kmb_run_fmt_x((double)json_integer_value(ok), false, v, sizeof(v));
		else if (json_is_integer(ok))
			snprintf(v, sizeof(v), "order %lld", (long long)json_integer_value(ok));
		fputs("<tr><td class=\"id\">", f);
		esc(f, json_string_value(json_object_get(p, "api")));
		fputs("</td><td class=\"id\">", f);
		esc(f, json_string_value(json_object_get(p, "gfp")));
		fprintf(f, "</td><td>%s</td><td class=\"id\">", v);
		esc(f, bound ? bound : "");
		fputs("</td></tr>\n", f);
	}
	if (any)
		fputs("</table>\n", f);
}

static void case_tables(FILE *f, const struct kmb_run_report *r)
{
	if (!r->m.napis)
		return;
	fputs("<h2 id=\"cases\">Every case</h2>\n", f);
	for (size_t a = 0; a < r->m.napis; a++) {
		const struct kmb_run_api *api = &r->m.apis[a];

		fprintf(f, "<details><summary>%s: %zu case%s</summary>\n<table><tr><th class=\"id\">"
			   "case</th><th class=\"id\">phase</th><th>median</th><th>p90</th><th>p99"
			   "</th><th>failures</th></tr>\n", api->name, api->ncases,
			api->ncases == 1 ? "" : "s");
		for (size_t i = 0; i < api->ncases; i++) {
			const struct kmb_run_case *c = api->cases[i];
			json_t *ph;
			const char *name;
			bool first = true;

			if (c->skipped || c->error) {
				fputs("<tr><td class=\"id\">", f);
				esc(f, c->id + strlen(api->name) + (c->id[strlen(api->name)] == '/'));
				fprintf(f, "</td><td class=\"id\" colspan=\"5\">%s: ",
					c->error ? "error" : "skipped");
				esc(f, c->error ? c->error : c->skipped);
				fputs("</td></tr>\n", f);
				continue;
			}
			json_object_foreach(json_object_get(c->json, "phases"), name, ph) {
				const char *unit = json_string_value(json_object_get(ph, "unit"));
				char m[32], p90[32], p99[32];

				kmb_fmt_measure(kmb_run_stat(c, name, "median"), unit, " ", m, sizeof(m));
				kmb_fmt_measure(kmb_run_stat(c, name, "p90"), unit, " ", p90, sizeof(p90));
				kmb_fmt_measure(kmb_run_stat(c, name, "p99"), unit, " ", p99, sizeof(p99));
				fputs("<tr><td class=\"id\">", f);
				if (first)
					esc(f, c->id + strlen(api->name) +
						       (c->id[strlen(api->name)] == '/'));
				fputs("</td><td class=\"id\">", f);
				esc(f, name);
				fprintf(f, "</td><td>%s</td><td>%s</td><td>%s</td><td>%lld</td></tr>\n",
					m, p90, p99,
					(long long)json_integer_value(json_object_get(ph, "failures")));
				first = false;
			}
		}
		fputs("</table></details>\n", f);
	}
}

static void notes(FILE *f, const struct kmb_run_report *r)
{
	fputs("<h2>How to read this</h2>\n<ul>\n<li>Latency charts: per API and phase, the "
	      "median per operation of each case against its size (log2 axis) or page order, "
	      "for the variants (GFP flags, pattern, context, threads) with the most sizes; the "
	      "band runs from the 10th to the 90th percentile of the repetition medians "
	      "(run-to-run spread), the dotted line is the 99th percentile of single "
	      "operations.</li>\n<li>Distribution: the quantiles of every sample of one case "
	      "(min, median, p90, p99, p99.9, max).</li>\n<li>Threads: cases that differ only "
	      "in their number of threads; each line is one such group.</li>\n", f);
	fprintf(f, "<li>Clock: <code>%s</code>, values in %s: %s.</li>\n</ul>\n",
		kmb_clock_def(r->d->clock)->name, kmb_clock_def(r->d->clock)->unit,
		kmb_clock_def(r->d->clock)->what);
}

int kmb_run_report_html(FILE *f, const struct kmb_run_report *r, const char *dir)
{
	head(f, r);
	run_table(f, r);
	if (r->m.napis)
		summary(f, r);
	charts(f, r, dir);
	probes_table(f, r);
	case_tables(f, r);
	kmb_html_counters_run(f, r->d);
	notes(f, r);
	fprintf(f, "<p style=\"color:#777;font-size:12px\">kmembench %s (%s)</p>\n"
		   "</body></html>\n", KMB_VERSION, KMB_GIT_COMMIT);
	return ferror(f) ? -1 : 0;
}
