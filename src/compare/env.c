/*
 * Which parts of the environment fingerprint differ between two runs. Only
 * fields that change what an allocation costs are checked: timings taken
 * under KASAN, another CPU, TCG or another THP policy are not comparable,
 * nor are timings from a module slowing an API on purpose (module.inject),
 * nor those of another boot knob, swap, CMA or zone layout
 * (system.fingerprint, fingerprint.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

/*
 * Fields of the document, by path; "system.config" is compared option by
 * option, "system.fingerprint" item by item. Numbers may differ by a
 * relative @tolerance: two kernels in the same 1 GiB guest report MemTotal a
 * few MiB apart, since each reserves its own image. A field @superseded by
 * an object both documents have is left to it (the fingerprint's
 * transparent_hugepage is thp.enabled, in documents that have one).
 */
static const struct {
	const char *path;
	double tolerance;
	const char *superseded;
} kmb_env_fields[] = {
	{ "system.cpu.model", 0, NULL }, { "system.virt", 0, NULL },
	{ "system.memory.total", 0.02, NULL },
	{ "system.thp.enabled", 0, "system.fingerprint" },
	{ "system.thp.defrag", 0, NULL }, { "system.clocksource", 0, NULL },
	{ "module.inject", 0, NULL },
};

/*
 * Fingerprint items (fingerprint.h) whose numbers may differ by a relative
 * tolerance; the rest must be equal. Zones' managed pages, like MemTotal,
 * differ by the kernel's own reservations.
 */
static const struct {
	const char *item;
	double tolerance;
} kmb_fingerprint_tolerances[] = {
	{ "zones", 0.02 },
};

struct diff_list {
	struct kmb_cmp_envdiff *v;
	size_t n, cap;
};

/* @path is dotted; NULL when any step is missing or not an object. */
static const json_t *lookup(const json_t *obj, const char *path)
{
	char key[64];

	while (obj && *path) {
		size_t len = strcspn(path, ".");

		if (!json_is_object(obj) || len >= sizeof(key))
			return NULL;
		memcpy(key, path, len);
		key[len] = '\0';
		obj = json_object_get(obj, key);
		path += len + (path[len] == '.');
	}
	return obj;
}

/* Absent and null both mean "not recorded": not a difference. */
static bool same(const json_t *a, const json_t *b, double tolerance)
{
	if (!a || json_is_null(a))
		return !b || json_is_null(b);
	if (tolerance > 0 && json_is_number(a) && json_is_number(b)) {
		double x = json_number_value(a), y = json_number_value(b);
		double scale = fabs(x) > fabs(y) ? fabs(x) : fabs(y);

		return fabs(x - y) <= tolerance * scale;
	}
	return b && json_equal(a, b);
}

static int push(struct diff_list *l, const char *prefix, const char *name, const json_t *a,
		const json_t *b, double tolerance)
{
	if (same(a, b, tolerance))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct kmb_cmp_envdiff *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	snprintf(l->v[l->n].field, sizeof(l->v[l->n].field), "%s%s", prefix, name);
	l->v[l->n].base = a;
	l->v[l->n].new = b;
	l->n++;
	return 0;
}

static int diff_config(struct diff_list *l, const json_t *a, const json_t *b)
{
	const char *key;
	json_t *v;

	if (!json_is_object(a) || !json_is_object(b))
		return push(l, "system.", "config", a, b, 0);
	json_object_foreach((json_t *)a, key, v)
		if (push(l, "system.config.", key, v, json_object_get(b, key), 0))
			return -1;
	json_object_foreach((json_t *)b, key, v)
		if (!json_object_get(a, key) && push(l, "system.config.", key, NULL, v, 0))
			return -1;
	return 0;
}

static double fingerprint_tolerance(const char *item)
{
	for (size_t i = 0; i < sizeof(kmb_fingerprint_tolerances) /
			       sizeof(kmb_fingerprint_tolerances[0]); i++)
		if (strcmp(kmb_fingerprint_tolerances[i].item, item) == 0)
			return kmb_fingerprint_tolerances[i].tolerance;
	return 0;
}

/*
 * @a and @b at @field: objects member by member (a zone layout, a set of
 * vulnerabilities: one difference per member), anything else as one value.
 */
static int diff_value(struct diff_list *l, const char *field, const json_t *a, const json_t *b,
		      double tolerance)
{
	const char *key;
	char sub[128];
	json_t *v;

	if (!json_is_object(a) || !json_is_object(b))
		return push(l, "", field, a, b, tolerance);
	json_object_foreach((json_t *)a, key, v) {
		snprintf(sub, sizeof(sub), "%s.%s", field, key);
		if (diff_value(l, sub, v, json_object_get(b, key), tolerance))
			return -1;
	}
	json_object_foreach((json_t *)b, key, v) {
		snprintf(sub, sizeof(sub), "%s.%s", field, key);
		if (!json_object_get(a, key) && push(l, "", sub, NULL, v, tolerance))
			return -1;
	}
	return 0;
}

/* Each item's value; a document without a fingerprint is one difference. */
static int diff_fingerprint(struct diff_list *l, const json_t *a, const json_t *b)
{
	const char *key;
	char field[128];
	json_t *v;

	if (!json_is_object(a) || !json_is_object(b))
		return push(l, "system.", "fingerprint", a, b, 0);
	json_object_foreach((json_t *)a, key, v) {
		snprintf(field, sizeof(field), "system.fingerprint.%s", key);
		if (diff_value(l, field, json_object_get(v, "value"),
			       json_object_get(json_object_get(b, key), "value"),
			       fingerprint_tolerance(key)))
			return -1;
	}
	json_object_foreach((json_t *)b, key, v) {
		snprintf(field, sizeof(field), "system.fingerprint.%s", key);
		if (!json_object_get(a, key) &&
		    push(l, "", field, NULL, json_object_get(v, "value"), 0))
			return -1;
	}
	return 0;
}

int kmb_cmp_env_diff(const json_t *base_doc, const json_t *new_doc,
		     struct kmb_cmp_envdiff **out, size_t *n)
{
	struct diff_list l = { 0 };

	for (size_t i = 0; i < sizeof(kmb_env_fields) / sizeof(kmb_env_fields[0]); i++) {
		const char *path = kmb_env_fields[i].path, *by = kmb_env_fields[i].superseded;

		if (by && json_is_object(lookup(base_doc, by)) &&
		    json_is_object(lookup(new_doc, by)))
			continue;
		if (push(&l, "", path, lookup(base_doc, path), lookup(new_doc, path),
			 kmb_env_fields[i].tolerance))
			goto oom;
	}
	if (diff_config(&l, lookup(base_doc, "system.config"), lookup(new_doc, "system.config")))
		goto oom;
	if (diff_fingerprint(&l, lookup(base_doc, "system.fingerprint"),
			     lookup(new_doc, "system.fingerprint")))
		goto oom;
	*out = l.v;
	*n = l.n;
	return 0;
oom:
	free(l.v);
	*out = NULL;
	*n = 0;
	return -1;
}

void kmb_cmp_env_value(const json_t *v, char *buf, size_t len)
{
	char *s;

	if (!v) {
		snprintf(buf, len, "absent");
		return;
	}
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	if (!s) {
		snprintf(buf, len, "?");
		return;
	}
	/* Long values (a whole config object) are cut short with an ellipsis. */
	if (strlen(s) >= len && len > 4)
		snprintf(buf, len, "%.*s...", (int)(len - 4), s);
	else
		snprintf(buf, len, "%s", s);
	free(s);
}
