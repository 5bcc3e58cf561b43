/*
 * The per-API view of a comparison that every report face draws from:
 * pairs grouped by API, and for the latency plots the lines worth drawing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_id.h"
#include "report.h"
#include "stats.h"


const char *kmb_rpt_case_label(const char *id)
{
	size_t n = kmb_id_api_len(id);

	return id[n] == '/' ? id + n + 1 : id + n;
}

long long kmb_rpt_boots(const struct kmb_cmp_doc *d)
{
	json_t *b = json_object_get(json_object_get(json_object_get(d->root, "run"), "merged"),
				    "boots");

	return json_is_integer(b) ? json_integer_value(b) : 1;
}

long long kmb_rpt_repetitions(const struct kmb_cmp_doc *d)
{
	return json_integer_value(json_object_get(json_object_get(d->root, "run"),
						  "repetitions"));
}

static struct kmb_rpt_api *find_api(struct kmb_report *r, const char *id, size_t *cap)
{
	size_t n = kmb_id_api_len(id);
	struct kmb_rpt_api *a;

	for (size_t i = 0; i < r->napis; i++)
		if (strlen(r->apis[i].name) == n && strncmp(r->apis[i].name, id, n) == 0)
			return &r->apis[i];
	if (r->napis == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct kmb_rpt_api *v = realloc(r->apis, ncap * sizeof(*v));

		if (!v)
			return NULL;
		r->apis = v;
		*cap = ncap;
	}
	a = &r->apis[r->napis++];
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%.*s", (int)n, id);
	kmb_id_slug(a->name, a->slug);
	a->geomean = NAN;
	return a;
}

static void add_phase_name(struct kmb_rpt_api *a, const char *phase)
{
	for (size_t i = 0; i < a->nphases; i++)
		if (strcmp(a->phases[i], phase) == 0)
			return;
	if (a->nphases < sizeof(a->phases) / sizeof(a->phases[0]))
		a->phases[a->nphases++] = phase;
}

/* The results[] entry of a case, for what compare does not keep (params). */
static json_t *case_json(const struct kmb_cmp_doc *d, const struct kmb_cmp_case *c)
{
	return json_array_get(json_object_get(d->root, "results"), (size_t)(c - d->cases));
}

/* The x of a case: params.size (bytes) or params.order, else from its id. */
static bool x_of(const struct kmb_cmp_doc *d, const char *id, double *x, bool *by_order)
{
	const struct kmb_cmp_case *c = kmb_cmp_doc_find(d, id);
	json_t *params = c ? json_object_get(case_json(d, c), "params") : NULL;
	json_t *size = json_object_get(params, "size"), *order = json_object_get(params, "order");
	uint64_t v;

	if (json_is_number(order) || json_is_number(size)) {
		*by_order = json_is_number(order);
		*x = json_number_value(*by_order ? order : size);
		return *by_order ? *x >= 0 : *x > 0;
	}
	for (const char *p = id; p && *p; p = strchr(p, '/'), p = p ? p + 1 : NULL) {
		char part[64];

		snprintf(part, sizeof(part), "%.*s", (int)strcspn(p, "/"), p);
		if (strncmp(part, "size=", 5) == 0 && !kmb_parse_size(part + 5, &v) && v) {
			*by_order = false;
			*x = (double)v;
			return true;
		}
		if (strncmp(part, "order=", 6) == 0 && !kmb_parse_uint(part + 6, 64, &v)) {
			*by_order = true;
			*x = (double)v;
			return true;
		}
	}
	return false;
}

/* The id without its API and its size= or order= component. */
static void variant_of(const char *id, char *buf, size_t len)
{
	static const char *const drop[] = { "size=", "order=", NULL };

	kmb_id_without(kmb_rpt_case_label(id), drop, buf, len);
}

static struct kmb_rpt_value value_of(const struct kmb_cmp_doc *d, const char *id,
				     const char *phase)
{
	const struct kmb_cmp_case *c = kmb_cmp_doc_find(d, id);
	struct kmb_rpt_value v = { NAN, NAN, NAN };

	for (size_t i = 0; c && i < c->nphases; i++) {
		const struct kmb_cmp_phase *p = &c->phases[i];

		if (strcmp(p->name, phase) != 0)
			continue;
		/* reps are sorted by the loader */
		v.median = kmb_quantile_sorted(p->reps, p->nreps, 0.5);
		v.lo = kmb_quantile_sorted(p->reps, p->nreps, 0.1);
		v.hi = kmb_quantile_sorted(p->reps, p->nreps, 0.9);
	}
	return v;
}

static struct kmb_rpt_series *find_series(struct kmb_rpt_api *a, const char *phase,
					  const char *variant)
{
	struct kmb_rpt_series *s;

	for (size_t i = 0; i < a->nseries; i++)
		if (strcmp(a->series[i].phase, phase) == 0 &&
		    strcmp(a->series[i].variant, variant) == 0)
			return &a->series[i];
	s = realloc(a->series, (a->nseries + 1) * sizeof(*s));
	if (!s)
		return NULL;
	a->series = s;
	s = &a->series[a->nseries++];
	memset(s, 0, sizeof(*s));
	s->phase = phase;
	snprintf(s->variant, sizeof(s->variant), "%s", variant);
	return s;
}

static int add_point(struct kmb_rpt_api *a, const struct kmb_comparison *c,
		     const struct kmb_cmp_pair *p)
{
	struct kmb_rpt_series *s;
	struct kmb_rpt_point *pts;
	char variant[256];
	bool by_order;
	double x;

	if (!x_of(c->base, p->id, &x, &by_order))
		return 0;
	/* One axis per API: a case on the other kind of axis is left out. */
	if (a->nseries && by_order != a->by_order)
		return 0;
	a->by_order = by_order;
	variant_of(p->id, variant, sizeof(variant));
	s = find_series(a, p->phase, variant);
	if (!s)
		return -1;
	pts = realloc(s->points, (s->npoints + 1) * sizeof(*pts));
	if (!pts)
		return -1;
	s->points = pts;
	pts[s->npoints++] = (struct kmb_rpt_point){
		.x = x,
		.base = value_of(c->base, p->id, p->phase),
		.new = value_of(c->new, p->id, p->phase),
	};
	return 0;
}

static int cmp_point(const void *a, const void *b)
{
	double x = ((const struct kmb_rpt_point *)a)->x, y = ((const struct kmb_rpt_point *)b)->x;

	return (x > y) - (x < y);
}

/* The most points any phase of @variant has. */
static size_t variant_points(const struct kmb_rpt_api *a, const char *variant)
{
	size_t most = 0;

	for (size_t i = 0; i < a->nseries; i++)
		if (strcmp(a->series[i].variant, variant) == 0 && a->series[i].npoints > most)
			most = a->series[i].npoints;
	return most;
}

/*
 * Keeps the lines of the KMB_RPT_MAX_VARIANTS variants with the most sizes
 * (the first seen on a tie), and only those with two or more sizes when
 * there are any: single points of many variants at one size say little
 * that the ratio chart does not say better.
 */
static void choose_variants(struct kmb_rpt_api *a)
{
	char chosen[KMB_RPT_MAX_VARIANTS][256];
	size_t nchosen = 0, best = 0, kept = 0;

	for (size_t i = 0; i < a->nseries; i++)
		if (a->series[i].npoints > best)
			best = a->series[i].npoints;
	for (size_t want = best; want >= 1 && nchosen < KMB_RPT_MAX_VARIANTS; want--) {
		if (best >= 2 && want < 2)
			break;
		for (size_t i = 0; i < a->nseries && nchosen < KMB_RPT_MAX_VARIANTS; i++) {
			const char *v = a->series[i].variant;
			bool dup = false;

			for (size_t k = 0; k < nchosen; k++)
				dup |= strcmp(chosen[k], v) == 0;
			if (!dup && variant_points(a, v) == want)
				snprintf(chosen[nchosen++], sizeof(chosen[0]), "%s", v);
		}
	}
	for (size_t i = 0; i < a->nseries; i++) {
		bool keep = false;

		for (size_t k = 0; k < nchosen; k++)
			keep |= strcmp(chosen[k], a->series[i].variant) == 0;
		if (!keep) {
			free(a->series[i].points);
			continue;
		}
		a->series[kept++] = a->series[i];
	}
	a->nseries = kept;
	for (size_t i = 0; i < a->nseries; i++)
		qsort(a->series[i].points, a->series[i].npoints, sizeof(struct kmb_rpt_point),
		      cmp_point);
}

static int finish_api(struct kmb_rpt_api *a, const struct kmb_comparison *c)
{
	double *ratios = malloc((a->npairs ? a->npairs : 1) * sizeof(*ratios));
	size_t n = 0;

	if (!ratios)
		return -1;
	for (size_t i = 0; i < a->npairs; i++) {
		if (isfinite(a->pairs[i]->ratio))
			ratios[n++] = a->pairs[i]->ratio;
		if (add_point(a, c, a->pairs[i])) {
			free(ratios);
			return -1;
		}
	}
	a->geomean = kmb_geomean(ratios, n);
	free(ratios);
	choose_variants(a);
	return 0;
}

int kmb_report_build(const struct kmb_comparison *c, const struct kmb_cmp_opts *o,
		     struct kmb_report *r, struct kmb_err *err)
{
	size_t cap = 0;

	memset(r, 0, sizeof(*r));
	r->c = c;
	r->o = o;
	for (size_t i = 0; i < c->npairs; i++) {
		const struct kmb_cmp_pair *p = &c->pairs[i];
		struct kmb_rpt_api *a = find_api(r, p->id, &cap);
		const struct kmb_cmp_pair **v;

		if (!a)
			goto oom;
		v = realloc(a->pairs, (a->npairs + 1) * sizeof(*v));
		if (!v)
			goto oom;
		a->pairs = v;
		a->pairs[a->npairs++] = p;
		a->count[p->verdict]++;
		add_phase_name(a, p->phase);
	}
	for (size_t i = 0; i < r->napis; i++)
		if (finish_api(&r->apis[i], c))
			goto oom;
	return 0;
oom:
	kmb_report_free(r);
	return kmb_fail(err, KMB_EXIT_ENV, "out of memory building the report");
}

void kmb_report_free(struct kmb_report *r)
{
	for (size_t i = 0; i < r->napis; i++) {
		for (size_t k = 0; k < r->apis[i].nseries; k++)
			free(r->apis[i].series[k].points);
		free(r->apis[i].series);
		free(r->apis[i].pairs);
	}
	free(r->apis);
	memset(r, 0, sizeof(*r));
}
