/* A single result document per API (run_model.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_id.h"
#include "run_model.h"


/* The id without its API and its size= or order= component. */
static void variant_of(const char *id, char *buf, size_t len)
{
	static const char *const drop[] = { "size=", "order=", NULL };
	size_t n0 = kmb_id_api_len(id);

	kmb_id_without(id + n0 + (id[n0] == '/'), drop, buf, len);
}

static void x_of(struct kmb_run_case *c)
{
	json_t *params = json_object_get(c->json, "params");
	json_t *size = json_object_get(params, "size"), *order = json_object_get(params, "order");

	c->has_x = false;
	if (json_is_number(order) && json_number_value(order) >= 0) {
		c->has_x = c->by_order = true;
		c->x = json_number_value(order);
	} else if (json_is_number(size) && json_number_value(size) > 0) {
		c->has_x = true;
		c->by_order = false;
		c->x = json_number_value(size);
	}
}

static struct kmb_run_api *find_api(struct kmb_run_model *m, const char *id, size_t *cap)
{
	size_t n = kmb_id_api_len(id);
	struct kmb_run_api *a;

	for (size_t i = 0; i < m->napis; i++)
		if (strlen(m->apis[i].name) == n && strncmp(m->apis[i].name, id, n) == 0)
			return &m->apis[i];
	if (m->napis == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct kmb_run_api *v = realloc(m->apis, ncap * sizeof(*v));

		if (!v)
			return NULL;
		m->apis = v;
		*cap = ncap;
	}
	a = &m->apis[m->napis++];
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%.*s", (int)n, id);
	kmb_id_slug(a->name, a->slug);
	a->xmin = a->xmax = NAN;
	return a;
}

static int add_case(struct kmb_run_api *a, struct kmb_run_case *c)
{
	struct kmb_run_case **v = realloc(a->cases, (a->ncases + 1) * sizeof(*v));
	json_t *phases = json_object_get(c->json, "phases"), *ph;
	const char *name;

	if (!v)
		return -1;
	a->cases = v;
	a->cases[a->ncases++] = c;
	a->skipped += c->skipped != NULL;
	a->errors += c->error != NULL;
	json_object_foreach(phases, name, ph) {
		bool seen = false;

		a->failures += (uint64_t)json_integer_value(json_object_get(ph, "failures"));
		for (size_t i = 0; i < a->nphases; i++)
			seen |= strcmp(a->phases[i], name) == 0;
		if (!seen && a->nphases < KMB_RUN_MAX_PHASES)
			a->phases[a->nphases++] = name;
		if (!a->unit)
			a->unit = json_string_value(json_object_get(ph, "unit"));
	}
	if (c->has_x && !c->skipped && !c->error) {
		if (isnan(a->xmin))
			a->by_order = c->by_order;
		if (c->by_order == a->by_order) {
			a->xmin = isnan(a->xmin) ? c->x : fmin(a->xmin, c->x);
			a->xmax = isnan(a->xmax) ? c->x : fmax(a->xmax, c->x);
		}
	}
	return 0;
}

/* The variant with the most distinct sizes (the first such). */
static void pick_reference(struct kmb_run_api *a)
{
	size_t best = 0;

	for (size_t i = 0; i < a->ncases; i++) {
		const char *v = a->cases[i]->variant;
		size_t n = 0;
		bool earlier = false;

		for (size_t k = 0; k < i && !earlier; k++)
			earlier = strcmp(a->cases[k]->variant, v) == 0;
		if (earlier)
			continue;
		for (size_t k = i; k < a->ncases; k++)
			n += strcmp(a->cases[k]->variant, v) == 0 && a->cases[k]->has_x &&
			     !a->cases[k]->skipped && !a->cases[k]->error;
		if (!a->ref_variant || n > best) {
			a->ref_variant = v;
			best = n;
		}
	}
}

int kmb_run_model_build(json_t *root, struct kmb_run_model *m, struct kmb_err *err)
{
	json_t *results = json_object_get(root, "results");
	size_t cap = 0;

	memset(m, 0, sizeof(*m));
	m->root = root;
	m->ncases = json_array_size(results);
	m->cases = calloc(m->ncases ? m->ncases : 1, sizeof(*m->cases));
	if (!m->cases)
		goto oom;
	for (size_t i = 0; i < m->ncases; i++) {
		struct kmb_run_case *c = &m->cases[i];
		struct kmb_run_api *a;

		c->json = json_array_get(results, i);
		c->id = json_string_value(json_object_get(c->json, "id"));
		if (!c->id)
			c->id = "unnamed";
		c->skipped = json_string_value(json_object_get(c->json, "skipped"));
		c->error = json_string_value(json_object_get(c->json, "error"));
		x_of(c);
		variant_of(c->id, c->variant, sizeof(c->variant));
		a = find_api(m, c->id, &cap);
		if (!a || add_case(a, c))
			goto oom;
	}
	for (size_t i = 0; i < m->napis; i++)
		pick_reference(&m->apis[i]);
	return 0;
oom:
	kmb_run_model_free(m);
	return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
}

void kmb_run_model_free(struct kmb_run_model *m)
{
	for (size_t i = 0; i < m->napis; i++)
		free(m->apis[i].cases);
	free(m->apis);
	free(m->cases);
	memset(m, 0, sizeof(*m));
}

bool kmb_run_measured(const struct kmb_run_case *c)
{
	return !c->skipped && !c->error && json_object_size(json_object_get(c->json, "phases"));
}

json_t *kmb_run_phase(const struct kmb_run_case *c, const char *phase)
{
	return json_object_get(json_object_get(c->json, "phases"), phase);
}

double kmb_run_stat(const struct kmb_run_case *c, const char *phase, const char *stat)
{
	json_t *v = json_object_get(kmb_run_phase(c, phase), stat);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

double kmb_run_param(const struct kmb_run_case *c, const char *name)
{
	json_t *v = json_object_get(json_object_get(c->json, "params"), name);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static int cmp_x(const void *a, const void *b)
{
	double x = (*(const struct kmb_run_case *const *)a)->x;
	double y = (*(const struct kmb_run_case *const *)b)->x;

	return (x > y) - (x < y);
}

size_t kmb_run_variant_cases(const struct kmb_run_api *a, const char *variant,
			     const struct kmb_run_case **out)
{
	size_t n = 0;

	for (size_t i = 0; i < a->ncases; i++) {
		const struct kmb_run_case *c = a->cases[i];

		if (c->has_x && c->by_order == a->by_order && !c->skipped && !c->error &&
		    variant && strcmp(c->variant, variant) == 0)
			out[n++] = c;
	}
	qsort(out, n, sizeof(*out), cmp_x);
	return n;
}

void kmb_run_fmt_x(double x, bool by_order, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	size_t u = 0;

	if (by_order) {
		snprintf(buf, len, "order %g", x);
		return;
	}
	while (x >= 1024 && fmod(x, 1024) == 0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		x /= 1024;
		u++;
	}
	snprintf(buf, len, "%g %s", x, units[u]);
}

void kmb_run_fmt_num(double v, char *buf, size_t len)
{
	if (!isfinite(v))
		snprintf(buf, len, "n/a");
	else if (v < 1e3)
		snprintf(buf, len, "%.0f", v);
	else if (v < 1e6)
		snprintf(buf, len, "%.3gk", v / 1e3);
	else if (v < 1e9)
		snprintf(buf, len, "%.3gM", v / 1e6);
	else
		snprintf(buf, len, "%.3gG", v / 1e9);
}
