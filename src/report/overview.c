/* The heat map of a comparison: APIs x sizes (overview.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gp.h"
#include "overview.h"

#define MAX_COLUMNS	40

struct cell {
	double log_sum;
	size_t n, count[KMB_NVERDICTS];
};

/* The x of a pair in bytes (page orders at @page bytes a page); 0: none. */
static double bytes_of(const char *id, double page)
{
	for (const char *p = id; p && *p; p = strchr(p, '/'), p = p ? p + 1 : NULL) {
		char part[64];
		uint64_t v;

		snprintf(part, sizeof(part), "%.*s", (int)strcspn(p, "/"), p);
		if (strncmp(part, "size=", 5) == 0 && !kmb_parse_size(part + 5, &v) && v)
			return (double)v;
		if (strncmp(part, "order=", 6) == 0 && !kmb_parse_uint(part + 6, 63, &v))
			return page * pow(2, (double)v);
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The cell's colour: the verdict that tells most, deeper for a larger share. */
static void colour(const struct cell *c, char *buf, size_t len)
{
	static const struct { enum kmb_verdict v; int r, g, b; } order[] = {
		{ KMB_VERDICT_REGRESSION, 214, 39, 40 },
		{ KMB_VERDICT_IMPROVEMENT, 44, 160, 44 },
		{ KMB_VERDICT_NOISY, 255, 159, 28 },
		{ KMB_VERDICT_UNCHANGED, 127, 127, 127 },
	};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		size_t k = c->count[order[i].v];

		if (!k)
			continue;
		snprintf(buf, len, "rgba(%d,%d,%d,%.2f)", order[i].r, order[i].g, order[i].b,
			 order[i].v == KMB_VERDICT_UNCHANGED ? 0.18 :
			 0.25 + 0.6 * (double)k / (double)c->n);
		return;
	}
	snprintf(buf, len, "transparent");
}

static void size_head(FILE *f, double x)
{
	char label[32];

	if (x <= 0) {
		fputs("<th>no size</th>", f);
		return;
	}
	kmb_gp_size_label(x, label, sizeof(label));
	fprintf(f, "<th>%s</th>", label);
}

int kmb_report_overview(FILE *f, const struct kmb_report *r)
{
	const struct kmb_comparison *c = r->c;
	double page = json_number_value(json_object_get(json_object_get(c->new->root, "limits"),
							"page_size"));
	double cols[MAX_COLUMNS];
	size_t ncols = 0, rows = 0;
	struct cell *cells;

	if (!r->napis)
		return 0;
	if (page <= 0)
		page = 4096;
	for (size_t i = 0; i < c->npairs; i++) {
		double x = bytes_of(c->pairs[i].id, page);
		bool seen = false;

		for (size_t k = 0; k < ncols && !seen; k++)
			seen = cols[k] == x;
		if (!seen && ncols < MAX_COLUMNS)
			cols[ncols++] = x;
	}
	qsort(cols, ncols, sizeof(*cols), cmp_double);
	for (size_t a = 0; a < r->napis; a++)
		rows += r->apis[a].nphases ? r->apis[a].nphases : 1;
	cells = calloc(rows * (ncols ? ncols : 1), sizeof(*cells));
	if (!cells)
		return -1;
	fputs("<h2 id=\"overview\">Where it moved</h2>\n<table class=\"hm\"><colgroup>"
	      "<col class=\"hm-api\"><col class=\"hm-phase\"></colgroup>\n<tr><th class=\"id\">API"
	      "</th><th class=\"id\">phase</th>", f);
	for (size_t k = 0; k < ncols; k++)
		size_head(f, cols[k]);
	fputs("</tr>\n", f);
	for (size_t a = 0, row = 0; a < r->napis; a++) {
		const struct kmb_rpt_api *api = &r->apis[a];
		size_t nph = api->nphases ? api->nphases : 1;

		for (size_t ph = 0; ph < nph; ph++, row++) {
			struct cell *line = &cells[row * ncols];

			for (size_t i = 0; i < api->npairs; i++) {
				const struct kmb_cmp_pair *p = api->pairs[i];
				double x = bytes_of(p->id, page);
				size_t k;

				if (api->nphases && strcmp(p->phase, api->phases[ph]) != 0)
					continue;
				for (k = 0; k < ncols && cols[k] != x; k++)
					;
				if (k == ncols || !isfinite(p->ratio) || p->ratio <= 0)
					continue;
				line[k].log_sum += log(p->ratio);
				line[k].n++;
				line[k].count[p->verdict]++;
			}
			fputs("<tr>", f);
			if (ph == 0) {
				fprintf(f, "<td class=\"id\" rowspan=\"%zu\"><a href=\"#%s\">", nph,
					api->slug);
				kmb_html_esc(f, api->name);
				fputs("</a></td>", f);
			}
			fputs("<td class=\"id\">", f);
			kmb_html_esc(f, api->nphases ? api->phases[ph] : "");
			fputs("</td>", f);
			for (size_t k = 0; k < ncols; k++) {
				const struct cell *cl = &line[k];
				char bg[64];
				double change;

				if (!cl->n) {
					fputs("<td></td>", f);
					continue;
				}
				colour(cl, bg, sizeof(bg));
				change = (exp(cl->log_sum / (double)cl->n) - 1) * 100;
				fprintf(f, "<td style=\"background:%s\" title=\"%zu pair%s: %zu "
					   "regression%s, %zu improvement%s, %zu noisy, %zu unchanged\">"
					   "%+.0f%%</td>", bg, cl->n, cl->n == 1 ? "" : "s",
					cl->count[KMB_VERDICT_REGRESSION],
					cl->count[KMB_VERDICT_REGRESSION] == 1 ? "" : "s",
					cl->count[KMB_VERDICT_IMPROVEMENT],
					cl->count[KMB_VERDICT_IMPROVEMENT] == 1 ? "" : "s",
					cl->count[KMB_VERDICT_NOISY], cl->count[KMB_VERDICT_UNCHANGED],
					fabs(change) < 0.5 ? 0.0 : change);
			}
			fputs("</tr>\n", f);
		}
	}
	fputs("</table>\n<p class=\"legend\">Each cell: the geometric mean of new/base over the "
	      "cases of that API, phase and size (page orders as bytes), as a change. Colour: "
	      "<span class=\"sw reg\"></span> some pair regressed (deeper: a larger share), "
	      "<span class=\"sw imp\"></span> improvements and no regression, "
	      "<span class=\"sw noisy\"></span> noisy, <span class=\"sw same\"></span> "
	      "unchanged. Hover a cell for its counts; an API's name leads to its charts.</p>\n",
	      f);
	free(cells);
	return ferror(f) ? -1 : 0;
}
