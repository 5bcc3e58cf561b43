/*
 * The three faces of a comparison: text for a terminal (80 columns, colour
 * only when asked), markdown for a pull-request comment, JSON for machines
 * (its shape is in compare.h).
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "counters_cmp.h"
#include "result.h"

/* Above this many pairs, markdown lists only those that are not unchanged. */
#define KMB_MD_MAX_ROWS	300
/* The text's list of what was not compared stops here, with a count. */
#define KMB_TEXT_MAX_SKIPS	10

#define RED	"\033[1;31m"
#define GREEN	"\033[32m"
#define YELLOW	"\033[33m"
#define BOLD	"\033[1m"
#define RESET	"\033[0m"

static void fmt_change(double ratio, char *buf, size_t len)
{
	if (isfinite(ratio))
		snprintf(buf, len, "%+.1f%%", (ratio - 1) * 100);
	else
		snprintf(buf, len, "n/a");
}

static void fmt_ci(double lo, double hi, const char *sep, char *buf, size_t len)
{
	char a[32], b[32];

	fmt_change(lo, a, sizeof(a));
	fmt_change(hi, b, sizeof(b));
	snprintf(buf, len, "[%s%s%s]", a, sep, b);
}

static void fmt_p(double p, char *buf, size_t len)
{
	if (!isfinite(p))
		snprintf(buf, len, "n/a");
	else if (p >= 0.001)
		snprintf(buf, len, "%.3f", p);
	else
		snprintf(buf, len, "%.1e", p);
}

/* The adjusted p of a pair, or "exact" for the pairs judged without one. */
static void fmt_p_of(const struct kmb_cmp_pair *p, char *buf, size_t len)
{
	if (p->rule == KMB_RULE_EXACT)
		snprintf(buf, len, "exact");
	else
		fmt_p(p->p_adj, buf, len);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "1 regression, 0 improvements, 5 unchanged, 2 noisy (8 pairs compared); ..." */
static void summary_sentence(const struct kmb_comparison *c, char *buf, size_t len)
{
	const size_t *k = c->count;
	char gm[64];

	if (isfinite(c->geomean))
		snprintf(gm, sizeof(gm), "%.4f (%+.1f%%)", c->geomean, (c->geomean - 1) * 100);
	else
		snprintf(gm, sizeof(gm), "n/a");
	snprintf(buf, len, "%zu %s, %zu %s, %zu unchanged, %zu noisy (%zu %s compared); "
		 "geometric mean of ratios %s",
		 k[KMB_VERDICT_REGRESSION], plural(k[KMB_VERDICT_REGRESSION], "regression",
						   "regressions"),
		 k[KMB_VERDICT_IMPROVEMENT], plural(k[KMB_VERDICT_IMPROVEMENT], "improvement",
						    "improvements"),
		 k[KMB_VERDICT_UNCHANGED], k[KMB_VERDICT_NOISY], c->npairs,
		 plural(c->npairs, "pair", "pairs"), gm);
}

/* "note: 4 of 6 pairs are underpowered: ..." or "" */
static void power_note(const struct kmb_comparison *c, const struct kmb_cmp_opts *o, char *buf,
		       size_t len)
{
	char floor_p[32];

	buf[0] = '\0';
	if (!c->underpowered)
		return;
	fmt_p(c->p_floor, floor_p, sizeof(floor_p));
	snprintf(buf, len, "%zu of %zu %s %s underpowered: with %zu vs %zu replicates (boots "
		 "or repetitions) the smallest possible p is %s, but even a lone change needs "
		 "p < %.2g (%s over %zu tested %s); run more boots or repetitions to detect "
		 "changes there.",
		 c->underpowered, c->npairs, plural(c->npairs, "pair", "pairs"),
		 plural(c->underpowered, "is", "are"), c->floor_base_reps, c->floor_new_reps,
		 floor_p, o->correction == KMB_PADJ_NONE ? o->alpha : o->alpha / (double)c->tested,
		 o->correction == KMB_PADJ_NONE ? "no adjustment" :
		 o->correction == KMB_PADJ_HOLM ? "Holm" : "Benjamini-Hochberg",
		 c->tested, plural(c->tested, "pair", "pairs"));
}

static bool any_regression(const struct kmb_comparison *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (kmb_comparison_regressed(&c[i]))
			return true;
	return false;
}

static const char *where(const struct kmb_cmp_doc *d)
{
	return d->kernel ? d->kernel : "kernel not recorded";
}

/*
 * Prints @text word-wrapped to @width columns: the first line led by @lead,
 * the others by as many spaces, starting at column @col.
 */
static void wrap(FILE *f, const char *lead, const char *text, size_t col, size_t width)
{
	size_t indent = strlen(lead);
	bool first = true;

	while (*text) {
		size_t w = strcspn(text, " ");

		if (!first && col + 1 + w > width) {
			fputc('\n', f);
			col = 0;
		}
		if (first)
			col += (size_t)fprintf(f, "%s", lead);
		else if (!col)
			col += (size_t)fprintf(f, "%*s", (int)indent, "");
		else
			col += (size_t)fprintf(f, " ");
		first = false;
		col += fwrite(text, 1, w, f);
		text += w;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

/* ---- text ---- */

static const char *verdict_colour(enum kmb_verdict v)
{
	switch (v) {
	case KMB_VERDICT_REGRESSION: return RED;
	case KMB_VERDICT_IMPROVEMENT: return GREEN;
	case KMB_VERDICT_NOISY: return YELLOW;
	default: return "";
	}
}

static void text_pairs(FILE *f, const struct kmb_comparison *c, const struct kmb_cmp_opts *o,
		       bool colour)
{
	char head[32];
	const char *prev_id = NULL;

	snprintf(head, sizeof(head), "p %s", kmb_padjust_name(o->correction));
	fprintf(f, "  %-8s %10s %10s %7s  %-17s %8s  %s\n", "phase", "base", "new", "change",
		"95% CI of change", head, "verdict");
	for (size_t i = 0; i < c->npairs; i++) {
		const struct kmb_cmp_pair *p = &c->pairs[i];
		char b[32], n[32], ch[32], ci[96], pv[32];
		const char *on = colour ? verdict_colour(p->verdict) : "";

		if (!prev_id || strcmp(prev_id, p->id) != 0)
			fprintf(f, "%s\n", p->id);
		prev_id = p->id;
		kmb_fmt_measure(p->base_median, p->unit, " ", b, sizeof(b));
		kmb_fmt_measure(p->new_median, p->unit, " ", n, sizeof(n));
		fmt_change(p->ratio, ch, sizeof(ch));
		fmt_ci(p->ci_lo, p->ci_hi, ", ", ci, sizeof(ci));
		fmt_p_of(p, pv, sizeof(pv));
		fprintf(f, "  %-8s %10s %10s %7s  %-17s %8s  %s%s%s\n", p->phase, b, n, ch, ci, pv,
			on, p->verdict == KMB_VERDICT_REGRESSION ? "REGRESSION" :
			kmb_verdict_name(p->verdict), *on ? RESET : "");
		if (i + 1 == c->npairs || strcmp(c->pairs[i + 1].id, p->id)) {
			char why[512];

			kmb_cmp_counters_line(c, p->id, "", why, sizeof(why));
			if (*why)
				wrap(f, "  ", why, 0, 78);
		}
	}
}

/*
 * @reason with each document's path said as "base" or "new": the header
 * names both files, and the short words let most entries fit one line. The
 * longer path goes first, so that one path inside the other is not cut.
 */
static void short_reason(const struct kmb_comparison *c, const char *reason, char *buf,
			 size_t len)
{
	bool base_first = strlen(c->base->path) >= strlen(c->new->path);
	const char *path[2] = { base_first ? c->base->path : c->new->path,
				base_first ? c->new->path : c->base->path };
	const char *word[2] = { base_first ? "base" : "new", base_first ? "new" : "base" };
	size_t used = 0;

	while (*reason && used + 1 < len) {
		int k = !*path[0] || strncmp(reason, path[0], strlen(path[0])) != 0;

		if (k == 1 && (!*path[1] || strncmp(reason, path[1], strlen(path[1])) != 0)) {
			buf[used++] = *reason++;
			continue;
		}
		used += (size_t)snprintf(buf + used, len - used, "%s", word[k]);
		reason += strlen(path[k]);
	}
	buf[used < len ? used : len - 1] = '\0';
}

/* The @i-th thing not compared: the skipped pairs, then the cases of one side only. */
static void not_compared_at(const struct kmb_comparison *c, size_t i, const char **id,
			    const char **phase, const char **reason)
{
	*phase = NULL;
	if (i < c->nskips) {
		*id = c->skips[i].id;
		*phase = c->skips[i].phase;
		*reason = c->skips[i].reason;
	} else if ((i -= c->nskips) < c->nonly_base) {
		*id = c->only_base[i];
		*reason = "only in base";
	} else {
		*id = c->only_new[i - c->nonly_base];
		*reason = "only in new";
	}
}

/*
 * Every pair and case that was not compared, and why, after the table:
 * one line each where it fits, at most KMB_TEXT_MAX_SKIPS of them so that
 * the list fits a screen, then how many more the JSON lists.
 */
static void text_not_compared(FILE *f, const struct kmb_comparison *c)
{
	size_t total = c->nskips + c->nonly_base + c->nonly_new;
	size_t shown = total < KMB_TEXT_MAX_SKIPS ? total : KMB_TEXT_MAX_SKIPS;

	if (!total)
		return;
	fprintf(f, "\nnot compared (%zu):\n", total);
	for (size_t i = 0; i < shown; i++) {
		const char *id, *phase, *reason;
		char why[sizeof(c->skips->reason) + 64], line[1024];

		not_compared_at(c, i, &id, &phase, &reason);
		short_reason(c, reason, why, sizeof(why));
		snprintf(line, sizeof(line), "  %s%s%s:", id, phase ? " " : "", phase ? phase : "");
		if (strlen(line) + 1 + strlen(why) <= 78) {
			fprintf(f, "%s %s\n", line, why);
			continue;
		}
		fprintf(f, "%s\n", line);
		wrap(f, "    ", why, 0, 78);
	}
	if (total > shown)
		fprintf(f, "  ... and %zu more (--format json lists them all)\n", total - shown);
}

static void text_one(FILE *f, const struct kmb_comparison *c, const struct kmb_cmp_opts *o,
		     bool colour)
{
	const char *warn = colour ? BOLD YELLOW : "", *off = colour ? RESET : "";
	char line[1024];

	fprintf(f, "%s (%s) against base %s (%s)\n", c->new->path, where(c->new), c->base->path,
		where(c->base));
	if (c->nenv) {
		fprintf(f, "%sWARNING: the environments differ; timings may not be comparable:%s\n",
			warn, off);
		for (size_t i = 0; i < c->nenv; i++) {
			char a[64], b[64];

			kmb_cmp_env_value(c->env[i].base, a, sizeof(a));
			kmb_cmp_env_value(c->env[i].new, b, sizeof(b));
			fprintf(f, "  %s: %s (base) vs %s (new)\n", c->env[i].field, a, b);
		}
	}
	for (int i = 0; i < 2; i++) {
		const struct kmb_cmp_doc *d = i ? c->new : c->base;

		if (d->interrupted)
			fprintf(f, "%sWARNING: %s is a partial run (run.interrupted is true)%s\n",
				warn, d->path, off);
	}
	fputc('\n', f);
	if (c->npairs)
		text_pairs(f, c, o, colour);
	else
		fprintf(f, "no pair to compare\n");
	power_note(c, o, line, sizeof(line));
	if (*line) {
		fputc('\n', f);
		wrap(f, "note: ", line, 0, 78);
	}
	kmb_cmp_counters_missing(c, line, sizeof(line));
	if (*line) {
		fputc('\n', f);
		wrap(f, "note: ", line, 0, 78);
	}
	text_not_compared(f, c);
	summary_sentence(c, line, sizeof(line));
	fprintf(f, "\n%s%s%s: ", colour ? (kmb_comparison_regressed(c) ? RED : GREEN) : "",
		kmb_comparison_regressed(c) ? "REGRESSION" : "no regression", off);
	wrap(f, "", line, kmb_comparison_regressed(c) ? 12 : 15, 78);
}

int kmb_cmp_report_text(FILE *f, const struct kmb_comparison *c, size_t n,
			const struct kmb_cmp_opts *o, bool colour)
{
	char rules[1024];

	for (size_t i = 0; i < n; i++) {
		if (i)
			fprintf(f, "\n%.78s\n\n", "------------------------------------------------"
				"------------------------------------------------");
		text_one(f, &c[i], o, colour);
	}
	if (n > 1) {
		bool bad = any_regression(c, n);

		fprintf(f, "\n%soverall: %s%s (%zu comparisons against %s)\n",
			colour ? (bad ? RED : GREEN) : "", bad ? "REGRESSION" : "no regression",
			colour ? RESET : "", n, c[0].base->path);
	}
	kmb_cmp_rules_text(o, rules, sizeof(rules));
	fputc('\n', f);
	wrap(f, "", rules, 0, 78);
	return ferror(f) ? -1 : 0;
}

/* ---- markdown ---- */

/* Free text in markdown: punctuation that could start markup is escaped. */
static void md_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else if (strchr("\\`*_<>|[]#~", *s))
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

/* A code span; '|' is escaped so that it does not split a table cell. */
static void md_code(FILE *f, const char *s)
{
	if (strchr(s, '`')) {
		md_text(f, s);
		return;
	}
	fputc('`', f);
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	fputc('`', f);
}

static void md_row(FILE *f, const struct kmb_cmp_pair *p, bool with_verdict)
{
	char b[32], n[32], ch[32], ci[96], pv[32];
	bool flagged = p->verdict == KMB_VERDICT_REGRESSION ||
		       p->verdict == KMB_VERDICT_IMPROVEMENT;

	kmb_fmt_measure(p->base_median, p->unit, " ", b, sizeof(b));
	kmb_fmt_measure(p->new_median, p->unit, " ", n, sizeof(n));
	fmt_change(p->ratio, ch, sizeof(ch));
	fmt_ci(p->ci_lo, p->ci_hi, " .. ", ci, sizeof(ci));
	fmt_p_of(p, pv, sizeof(pv));
	fputs("| ", f);
	md_code(f, p->id);
	fputs(" | ", f);
	md_code(f, p->phase);
	fprintf(f, " | %s | %s | %s%s%s | %s | %s |", b, n, flagged ? "**" : "", ch,
		flagged ? "**" : "", ci, pv);
	if (with_verdict)
		fprintf(f, " %s%s%s |", flagged ? "**" : "", kmb_verdict_name(p->verdict),
			flagged ? "**" : "");
	fputc('\n', f);
}

static void md_table_head(FILE *f, const struct kmb_cmp_opts *o, bool with_verdict)
{
	fprintf(f, "| case | phase | base | new | change | 95%% CI | p (%s) |%s\n",
		kmb_padjust_name(o->correction), with_verdict ? " verdict |" : "");
	fprintf(f, "|:--|:--|--:|--:|--:|:--|--:|%s\n", with_verdict ? ":--|" : "");
}

static void md_environment(FILE *f, const struct kmb_comparison *c)
{
	if (c->nenv) {
		fprintf(f, "> **Warning: the environments differ; timings may not be "
			   "comparable:**\n");
		for (size_t i = 0; i < c->nenv; i++) {
			char a[96], b[96];

			kmb_cmp_env_value(c->env[i].base, a, sizeof(a));
			kmb_cmp_env_value(c->env[i].new, b, sizeof(b));
			fputs("> - ", f);
			md_code(f, c->env[i].field);
			fputs(": ", f);
			md_code(f, a);
			fputs(" (base) vs ", f);
			md_code(f, b);
			fputs(" (new)\n", f);
		}
		fputc('\n', f);
	}
	for (int i = 0; i < 2; i++) {
		const struct kmb_cmp_doc *d = i ? c->new : c->base;

		if (!d->interrupted)
			continue;
		fputs("> **Warning:** ", f);
		md_code(f, d->path);
		fputs(" is a partial run (`run.interrupted` is true).\n\n", f);
	}
}

static void md_lists(FILE *f, const struct kmb_comparison *c)
{
	for (int side = 0; side < 2; side++) {
		const char **ids = side ? c->only_new : c->only_base;
		size_t n = side ? c->nonly_new : c->nonly_base;

		if (!n)
			continue;
		fputs("**Only in ", f);
		md_code(f, side ? c->new->path : c->base->path);
		fprintf(f, "** (%zu):\n", n);
		for (size_t i = 0; i < n; i++) {
			fputs("- ", f);
			md_code(f, ids[i]);
			fputc('\n', f);
		}
		fputc('\n', f);
	}
	if (c->nskips)
		fprintf(f, "**Not compared** (%zu):\n", c->nskips);
	for (size_t i = 0; i < c->nskips; i++) {
		fputs("- ", f);
		md_code(f, c->skips[i].id);
		if (c->skips[i].phase) {
			fputc(' ', f);
			md_code(f, c->skips[i].phase);
		}
		fputs(": ", f);
		md_text(f, c->skips[i].reason);
		fputc('\n', f);
	}
	if (c->nskips)
		fputc('\n', f);
}

static void md_one(FILE *f, const struct kmb_comparison *c, const struct kmb_cmp_opts *o)
{
	bool regressed = kmb_comparison_regressed(c), trimmed = c->npairs > KMB_MD_MAX_ROWS;
	char line[1024];

	fputs("### ", f);
	md_code(f, c->new->path);
	fputs(" vs ", f);
	md_code(f, c->base->path);
	fprintf(f, ": %s\n\n", regressed ? "**REGRESSION**" : "no regression");
	fputs("Kernel ", f);
	md_code(f, where(c->new));
	fputs(" against ", f);
	md_code(f, where(c->base));
	summary_sentence(c, line, sizeof(line));
	fprintf(f, ": %s.\n\n", line);
	md_environment(f, c);

	if (regressed) {
		fputs("#### Regressions\n\n", f);
		md_table_head(f, o, false);
		for (size_t i = 0; i < c->npairs; i++)
			if (c->pairs[i].verdict == KMB_VERDICT_REGRESSION)
				md_row(f, &c->pairs[i], false);
		fputc('\n', f);
	}
	if (c->npairs) {
		fprintf(f, "<details><summary>All %zu %s%s</summary>\n\n", c->npairs,
			plural(c->npairs, "pair", "pairs"),
			trimmed ? " (unchanged ones left out)" : "");
		md_table_head(f, o, true);
		for (size_t i = 0; i < c->npairs; i++)
			if (!trimmed || c->pairs[i].verdict != KMB_VERDICT_UNCHANGED)
				md_row(f, &c->pairs[i], true);
		if (trimmed)
			fprintf(f, "\n%zu unchanged pairs left out to fit a comment; "
				   "`--format text` or `--format json` lists them.\n",
				c->count[KMB_VERDICT_UNCHANGED]);
		fputs("\n</details>\n\n", f);
	}
	md_lists(f, c);
	power_note(c, o, line, sizeof(line));
	if (*line)
		fprintf(f, "Note: %s\n\n", line);
}

int kmb_cmp_report_markdown(FILE *f, const struct kmb_comparison *c, size_t n,
			    const struct kmb_cmp_opts *o)
{
	char rules[1024];

	fprintf(f, "## kmembench compare: %s\n\n",
		any_regression(c, n) ? "REGRESSION" : "no regression");
	for (size_t i = 0; i < n; i++)
		md_one(f, &c[i], o);
	kmb_cmp_rules_text(o, rules, sizeof(rules));
	fprintf(f, "<sub>%s %u bootstrap resamples, seed %" PRIu64 ".</sub>\n", rules,
		o->resamples, o->seed);
	return ferror(f) ? -1 : 0;
}

/* ---- JSON ---- */

static json_t *run_json(const struct kmb_cmp_doc *d)
{
	return json_pack("{s:s, s:o, s:o, s:b}", "file", d->path,
			 "kernel", d->kernel ? json_string(d->kernel) : json_null(),
			 "suite", d->suite ? json_string(d->suite) : json_null(),
			 "interrupted", d->interrupted);
}

static json_t *ids_json(const char *const *ids, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		if (json_array_append_new(a, json_string(ids[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *env_json(const struct kmb_comparison *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < c->nenv; i++) {
		const struct kmb_cmp_envdiff *e = &c->env[i];
		json_t *o = json_pack("{s:s, s:O, s:O, s:b, s:b}", "field", e->field,
				      "base", e->base ? e->base : json_null(),
				      "new", e->new ? e->new : json_null(),
				      "base_present", e->base != NULL,
				      "new_present", e->new != NULL);

		if (json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *skips_json(const struct kmb_comparison *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < c->nskips; i++) {
		const struct kmb_cmp_skip *s = &c->skips[i];
		json_t *o = json_pack("{s:s, s:o, s:s}", "id", s->id,
				      "phase", s->phase ? json_string(s->phase) : json_null(),
				      "reason", s->reason);

		if (json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *pairs_json(const struct kmb_comparison *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < c->npairs; i++) {
		const struct kmb_cmp_pair *p = &c->pairs[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o,"
				      " s:o, s:o, s:b, s:s}",
				      "id", p->id, "phase", p->phase, "unit", p->unit,
				      "rule", kmb_cmp_rule_name(p->rule),
				      "base_median", kmb_json_real_or_null(p->base_median),
				      "new_median", kmb_json_real_or_null(p->new_median),
				      "base_reps", (json_int_t)p->base_reps,
				      "new_reps", (json_int_t)p->new_reps,
				      "ratio", kmb_json_real_or_null(p->ratio),
				      "change_pct", kmb_json_real_or_null((p->ratio - 1) * 100),
				      "ci_low", kmb_json_real_or_null(p->ci_lo),
				      "ci_high", kmb_json_real_or_null(p->ci_hi),
				      "p", kmb_json_real_or_null(p->p),
				      "p_adjusted", kmb_json_real_or_null(p->p_adj),
				      "exact", p->exact, "verdict", kmb_verdict_name(p->verdict));

		if (json_array_append_new(a, o)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *comparison_json(const struct kmb_comparison *c)
{
	const size_t *k = c->count;
	json_t *summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:I}",
				    "compared", (json_int_t)c->npairs,
				    "regression", (json_int_t)k[KMB_VERDICT_REGRESSION],
				    "improvement", (json_int_t)k[KMB_VERDICT_IMPROVEMENT],
				    "unchanged", (json_int_t)k[KMB_VERDICT_UNCHANGED],
				    "noisy", (json_int_t)k[KMB_VERDICT_NOISY],
				    "not_compared", (json_int_t)c->nskips,
				    "only_in_base", (json_int_t)c->nonly_base,
				    "only_in_new", (json_int_t)c->nonly_new,
				    "geomean_ratio", kmb_json_real_or_null(c->geomean),
				    "underpowered", (json_int_t)c->underpowered);

	char missing[1024];
	json_t *o;

	kmb_cmp_counters_missing(c, missing, sizeof(missing));
	o = json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
			 "base", run_json(c->base), "new", run_json(c->new),
			 "verdict", kmb_comparison_regressed(c) ? "regression" : "no regression",
			 "environment_differences", env_json(c), "summary", summary,
			 "only_in_base", ids_json(c->only_base, c->nonly_base),
			 "only_in_new", ids_json(c->only_new, c->nonly_new),
			 "not_compared", skips_json(c), "pairs", pairs_json(c),
			 "counters", kmb_cmp_counters_json(c), "counters_missing", missing);
	return o;
}

json_t *kmb_cmp_report_json(const struct kmb_comparison *c, size_t n,
			    const struct kmb_cmp_opts *o)
{
	json_t *all = json_array(), *settings, *filters = json_array();
	char rules[1024];

	for (size_t i = 0; filters && i < o->nfilters; i++)
		if (json_array_append_new(filters, json_string(o->filters[i])))
			goto fail;
	for (size_t i = 0; all && i < n; i++)
		if (json_array_append_new(all, comparison_json(&c[i])))
			goto fail;
	kmb_cmp_rules_text(o, rules, sizeof(rules));
	settings = json_pack("{s:f, s:f, s:s, s:f, s:I, s:I, s:O, s:b, s:f, s:s}",
			     "threshold_pct", o->threshold * 100, "alpha", o->alpha,
			     "correction", kmb_padjust_name(o->correction),
			     "ci_level", o->ci_level, "resamples", (json_int_t)o->resamples,
			     "seed", (json_int_t)o->seed, "filters", filters,
			     "allow_partial", o->allow_partial, "exact_floor", o->exact_floor,
			     "rules", rules);
	json_decref(filters);
	return json_pack("{s:s, s:o, s:o, s:b, s:s, s:o}", "schema", KMB_COMPARE_SCHEMA,
			 "tool", kmb_tool_json(), "settings", settings,
			 "regression", any_regression(c, n),
			 "base", n ? c[0].base->path : "", "comparisons", all);
fail:
	json_decref(all);
	json_decref(filters);
	return NULL;
}
