/*
 * The kernel counters of the cases as small HTML tables: a run's figures
 * per case, and for a comparison the line compare prints beside each
 * case's timing. Folded: they explain the charts, they are not the page.
 */
#include <math.h>
#include <string.h>

#include "counters.h"
#include "counters_cmp.h"
#include "counters_html.h"
#include "gp.h"

static const struct {
	const char *key, *head;
	bool share;
} kmb_html_cols[] = {
	{ "pgalloc_per_op", "pgalloc / op", false },
	{ "pgfree_per_op", "pgfree / op", false },
	{ "slow_path_share", "slow-path share", true },
	{ "bytes_per_object", "bytes / object", false },
	{ "slabs_at_peak", "slabs at peak", false },
};

#define KMB_HTML_NCOLS (sizeof(kmb_html_cols) / sizeof(kmb_html_cols[0]))

static void cell(FILE *f, const json_t *flat, size_t col)
{
	const json_t *v = json_object_get(flat, kmb_html_cols[col].key);
	double x = json_number_value(v);

	if (!v)
		fputs("<td>&ndash;</td>", f);
	else if (kmb_html_cols[col].share)
		fprintf(f, "<td>%.1f %%</td>", x * 100);
	else
		fprintf(f, "<td>%.4g</td>", x);
}

void kmb_html_counters_run(FILE *f, const struct kmb_cmp_doc *d)
{
	size_t rows = 0;

	for (size_t i = 0; i < d->ncases; i++)
		rows += json_object_get(d->cases[i].obj, "counters") != NULL;
	if (!rows)
		return;
	fprintf(f, "<h2 id=\"counters\">Kernel counters</h2>\n<details><summary>%zu case%s: "
		   "what the kernel did around each case's runs (per operation), and its slab "
		   "cache's footprint; &ndash; where this kernel has no such counter</summary>\n"
		   "<table><tr><th class=\"id\">case</th><th class=\"id\">cache</th>", rows,
		rows == 1 ? "" : "s");
	for (size_t c = 0; c < KMB_HTML_NCOLS; c++)
		fprintf(f, "<th>%s</th>", kmb_html_cols[c].head);
	fputs("</tr>\n", f);
	for (size_t i = 0; i < d->ncases; i++) {
		const json_t *o = d->cases[i].obj;
		const char *cache = json_string_value(json_array_get(json_object_get(
			json_object_get(json_object_get(o, "counters"), "slab"), "caches"), 0));
		json_t *flat;

		if (!json_object_get(o, "counters"))
			continue;
		flat = kmb_ctr_flat(o);
		fputs("<tr><td class=\"id\">", f);
		kmb_html_esc(f, d->cases[i].id);
		fputs("</td><td class=\"id\">", f);
		kmb_html_esc(f, cache ? cache : "");
		fputs("</td>", f);
		for (size_t c = 0; c < KMB_HTML_NCOLS; c++)
			cell(f, flat, c);
		fputs("</tr>\n", f);
		json_decref(flat);
	}
	fputs("</table></details>\n", f);
}

void kmb_html_counters_compare(FILE *f, const struct kmb_comparison *c)
{
	const char *prev = NULL;
	char line[1024];
	bool any = false;

	for (size_t i = 0; i < c->npairs; i++) {
		if (prev && !strcmp(prev, c->pairs[i].id))
			continue;
		prev = c->pairs[i].id;
		kmb_cmp_counters_line(c, prev, "", line, sizeof(line));
		if (!*line)
			continue;
		if (!any)
			fputs("<h2 id=\"counters\">Kernel counters</h2>\n<details><summary>What the "
			      "kernel did per operation, base -&gt; new, beside each case's timing"
			      "</summary>\n<table><tr><th class=\"id\">case</th><th class=\"id\">"
			      "counters</th></tr>\n", f);
		any = true;
		fputs("<tr><td class=\"id\">", f);
		kmb_html_esc(f, prev);
		fputs("</td><td class=\"id\">", f);
		kmb_html_esc(f, line + strlen("counters"));
		fputs("</td></tr>\n", f);
	}
	if (any)
		fputs("</table></details>\n", f);
	kmb_cmp_counters_missing(c, line, sizeof(line));
	if (*line) {
		fputs("<p><i>", f);
		kmb_html_esc(f, line);
		fputs("</i></p>\n", f);
	}
}
