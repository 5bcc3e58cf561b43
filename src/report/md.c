/*
 * report.md, a pull-request comment: the verdict and what was compared
 * first, then compare's own markdown (summary, environment warnings, the
 * regressions, every pair folded away), then a table per API.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void md_code(FILE *f, const char *s)
{
	if (strchr(s, '`')) {
		fputs(s, f);
		return;
	}
	fprintf(f, "`%s`", s);
}

static const char *kernel_of(const struct kmb_cmp_doc *d)
{
	return d->kernel ? d->kernel : "unknown kernel";
}

static const char *virt_of(const struct kmb_cmp_doc *d)
{
	const char *v = json_string_value(json_object_get(json_object_get(d->root, "system"),
							  "virt"));

	return v ? v : "unknown";
}

static void side_context(FILE *f, const char *side, const struct kmb_cmp_doc *d)
{
	long long boots = kmb_rpt_boots(d), reps = kmb_rpt_repetitions(d);

	fprintf(f, "%s ", side);
	md_code(f, kernel_of(d));
	if (reps)
		fprintf(f, ": %lld repetitions", reps);
	fprintf(f, "%s%lld boot%s", reps ? " over " : ": ", boots, boots == 1 ? "" : "s");
}

static void context(FILE *f, const struct kmb_report *r)
{
	const struct kmb_comparison *c = r->c;
	const char *suite = c->new->suite ? c->new->suite : c->base->suite;

	if (suite) {
		fputs("Suite ", f);
		md_code(f, suite);
		fputs("; ", f);
	}
	side_context(f, "base", c->base);
	fputs("; ", f);
	side_context(f, "new", c->new);
	fputs("; virtualisation ", f);
	md_code(f, virt_of(c->base));
	if (strcmp(virt_of(c->base), virt_of(c->new)) != 0) {
		fputs(" / ", f);
		md_code(f, virt_of(c->new));
	}
	fprintf(f, "; clock `%s` (%s).", kmb_clock_def(c->base->clock)->name,
		kmb_clock_def(c->base->clock)->unit);
	if (kmb_rpt_boots(c->base) > 1 || kmb_rpt_boots(c->new) > 1)
		fputs(" Boots were merged: the boot is the replicate (one value per boot); "
		      "merged quantiles are the median of the per-boot values.", f);
	fputs(" Charts per API are in `report.html` (and `plots/`).\n\n", f);
}

static void api_table(FILE *f, const struct kmb_report *r)
{
	if (!r->napis)
		return;
	fputs("#### Per API\n\n| API | pairs | regressions | improvements | noisy | unchanged "
	      "| geomean new/base |\n|:--|--:|--:|--:|--:|--:|--:|\n", f);
	for (size_t i = 0; i < r->napis; i++) {
		const struct kmb_rpt_api *a = &r->apis[i];
		const size_t *k = a->count;
		char gm[64];

		if (isfinite(a->geomean)) {
			char change[32];

			kmb_rpt_fmt_change(a->geomean, change, sizeof(change));
			snprintf(gm, sizeof(gm), "%.3f (%s)", a->geomean, change);
		} else {
			snprintf(gm, sizeof(gm), "n/a");
		}
		fputs("| ", f);
		md_code(f, a->name);
		fprintf(f, " | %zu | %s%zu%s | %zu | %zu | %zu | %s |\n", a->npairs,
			k[KMB_VERDICT_REGRESSION] ? "**" : "", k[KMB_VERDICT_REGRESSION],
			k[KMB_VERDICT_REGRESSION] ? "**" : "", k[KMB_VERDICT_IMPROVEMENT],
			k[KMB_VERDICT_NOISY], k[KMB_VERDICT_UNCHANGED], gm);
	}
	fputc('\n', f);
}

int kmb_report_markdown(FILE *f, const struct kmb_report *r)
{
	const struct kmb_comparison *c = r->c;
	bool regressed = kmb_comparison_regressed(c);
	char *md = NULL, *body, *rules;
	size_t len = 0;
	FILE *m = open_memstream(&md, &len);

	if (!m || kmb_cmp_report_markdown(m, c, 1, r->o) || fclose(m)) {
		free(md);
		return -1;
	}
	fprintf(f, "## kmembench: %s: Linux ", regressed ? "**REGRESSION**" : "no regression");
	md_code(f, kernel_of(c->new));
	fputs(" against ", f);
	md_code(f, kernel_of(c->base));
	fputs("\n\n", f);
	context(f, r);
	/*
	 * compare's markdown starts with its own verdict heading, said above,
	 * and ends with the rules in <sub>, which go last.
	 */
	body = strchr(md, '\n');
	body = body ? body + 1 : md;
	while (*body == '\n')
		body++;
	rules = strstr(body, "\n<sub>");
	if (rules)
		*rules++ = '\0';
	fputs(body, f);
	fputc('\n', f);
	api_table(f, r);
	if (rules)
		fputs(rules, f);
	free(md);
	return ferror(f) ? -1 : 0;
}
