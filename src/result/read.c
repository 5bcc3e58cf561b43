/*
 * Reading a result document (result_read.h): every field a reader relies
 * on is checked up front, so that a bad file stops the command before
 * anything is computed or written, with the file, the field and the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "result_plausible.h"
#include "counters.h"
#include "result_read.h"
#include "result.h"

/* Allowed JSON types of a field, or-ed together. */
enum {
	T_OBJECT = 1 << 0,
	T_ARRAY = 1 << 1,
	T_STRING = 1 << 2,
	T_NUMBER = 1 << 3,
	T_BOOL = 1 << 4,
	T_NULL = 1 << 5,
};

struct loader {
	const char *path;
	const char *case_id;	/* of the results[] entry being read, if known */
	struct kmb_err *err;
};

static unsigned int type_bit(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return T_OBJECT;
	case JSON_ARRAY: return T_ARRAY;
	case JSON_STRING: return T_STRING;
	case JSON_INTEGER:
	case JSON_REAL: return T_NUMBER;
	case JSON_TRUE:
	case JSON_FALSE: return T_BOOL;
	case JSON_NULL: return T_NULL;
	}
	return 0;
}

static const char *type_name(const json_t *v)
{
	switch (type_bit(v)) {
	case T_OBJECT: return "an object";
	case T_ARRAY: return "an array";
	case T_STRING: return "a string";
	case T_NUMBER: return "a number";
	case T_BOOL: return "a boolean";
	case T_NULL: return "null";
	}
	return "something else";
}

static int bad(const struct loader *l, const char *field, const char *reason)
{
	return kmb_fail(l->err, KMB_EXIT_USAGE, "%s: %s: %s%s%s%s", l->path, field, reason,
			l->case_id ? " (case '" : "", l->case_id ? l->case_id : "",
			l->case_id ? "')" : "");
}

static int bad_type(const struct loader *l, const char *field, const char *expected,
		    const json_t *got)
{
	char reason[128];

	snprintf(reason, sizeof(reason), "expected %s, got %s", expected, type_name(got));
	return bad(l, field, reason);
}

/*
 * Looks up @key in @obj (named @field in messages) and checks its type
 * against @want. *out is NULL when an optional field is absent.
 */
static int get(const struct loader *l, json_t *obj, const char *key, const char *field,
	       unsigned int want, const char *expected, bool required, json_t **out)
{
	json_t *v = json_object_get(obj, key);

	*out = v;
	if (!v)
		return required ? bad(l, field, "missing") : 0;
	if (!(type_bit(v) & want))
		return bad_type(l, field, expected, v);
	return 0;
}

static const char *string_or_null(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The parts of "system" compare reads: each an object when recorded. */
static int check_system(const struct loader *l, json_t *sys, struct kmb_cmp_doc *d)
{
	static const char *const objects[] = {
		"kernel", "config", "cpu", "memory", "thp", "fingerprint",
	};
	const char *key;
	char field[128];
	json_t *v, *item;
	int ret;

	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
		snprintf(field, sizeof(field), "system.%s", objects[i]);
		if ((ret = get(l, sys, objects[i], field, T_OBJECT | T_NULL, "an object or null",
			       false, &v)))
			return ret;
	}
	/* Compare reads each fingerprint item's "value": an item is an object. */
	json_object_foreach(json_object_get(sys, "fingerprint"), key, item) {
		snprintf(field, sizeof(field), "system.fingerprint.%s", key);
		if (!json_is_object(item))
			return bad_type(l, field, "an object", item);
	}
	v = json_object_get(sys, "kernel");
	if (json_is_object(v)) {
		if ((ret = get(l, v, "release", "system.kernel.release", T_STRING | T_NULL,
			       "a string or null", false, &v)))
			return ret;
		d->kernel = string_or_null(v);
	}
	return 0;
}

/* @v, the value at @field, is a plausible timing in @unit (result_plausible.h). */
static int check_timing(const struct loader *l, const char *field, double v, const char *unit,
			bool zero_ok)
{
	char why[256];

	return kmb_timing_plausible(v, unit, zero_ok, why, sizeof(why)) ? 0 : bad(l, field, why);
}

/*
 * Reads the array of medians @name of phase @ph (@what names the phase for
 * messages) into a sorted copy: medians and ranks need no other order.
 * Absent and not @required: *@v stays NULL. Each is a plausible timing in
 * @unit, and the list is empty only when the phase has no operation
 * (@has_ops false: every one failed, so no repetition had a median).
 */
static int load_medians(const struct loader *l, json_t *ph, const char *what, const char *name,
			const char *unit, bool has_ops, bool required, double **v, size_t *n)
{
	char field[512];
	json_t *arr, *x;
	size_t i;
	int ret;

	snprintf(field, sizeof(field), "%s.%s", what, name);
	if ((ret = get(l, ph, name, field, T_ARRAY, "an array of numbers", required, &arr)) ||
	    !arr)
		return ret;
	*n = json_array_size(arr);
	if (!*n && has_ops)
		return bad(l, field, "empty, but the phase has operations: a measured phase has "
			   "a median for every repetition");
	*v = malloc((*n ? *n : 1) * sizeof(**v));
	if (!*v)
		return kmb_fail(l->err, KMB_EXIT_ENV, "%s: out of memory", l->path);
	json_array_foreach(arr, i, x) {
		snprintf(field, sizeof(field), "%s.%s[%zu]", what, name, i);
		if (!json_is_number(x))
			return bad_type(l, field, "a number", x);
		(*v)[i] = json_number_value(x);
		if ((ret = check_timing(l, field, (*v)[i], unit, false)))
			return ret;
	}
	qsort(*v, *n, sizeof(**v), kmb_cmp_double);
	return 0;
}

/*
 * "ops", when recorded, is a count of 0 or more; *@has_ops is false only
 * when it says 0 (a hand-made document without it is taken as measured).
 */
static int load_ops(const struct loader *l, json_t *ph, const char *what, bool *has_ops)
{
	char field[300];
	json_t *ops;
	int ret;

	snprintf(field, sizeof(field), "%s.ops", what);
	*has_ops = true;
	if ((ret = get(l, ph, "ops", field, T_NUMBER, "a number", false, &ops)) || !ops)
		return ret;
	if (!(json_number_value(ops) >= 0))
		return bad(l, field, "negative: a count of operations is 0 or more");
	*has_ops = json_number_value(ops) > 0;
	return 0;
}

/* The phase's statistics that are timings: each null (no sample) or plausible. */
static int check_stats(const struct loader *l, json_t *ph, const char *what, const char *unit)
{
	char field[300];
	json_t *v;
	int ret;

	for (const struct kmb_timing_field *t = kmb_timing_fields; t->key; t++) {
		snprintf(field, sizeof(field), "%s.%s", what, t->key);
		if ((ret = get(l, ph, t->key, field, T_NUMBER | T_NULL, "a number or null", false,
			       &v)))
			return ret;
		if (json_is_number(v) &&
		    (ret = check_timing(l, field, json_number_value(v), unit, t->zero_ok)))
			return ret;
	}
	return 0;
}

static int load_phase(const struct loader *l, const char *key, json_t *ph, const char *where,
		      struct kmb_cmp_phase *p)
{
	char what[256], field[300];
	json_t *unit;
	bool has_ops;
	int ret;

	snprintf(what, sizeof(what), "%s.phases.%s", where, key);
	if (!json_is_object(ph))
		return bad_type(l, what, "an object", ph);
	p->name = key;
	snprintf(field, sizeof(field), "%s.unit", what);
	if ((ret = get(l, ph, "unit", field, T_STRING, "a string", true, &unit)))
		return ret;
	p->unit = json_string_value(unit);
	if ((ret = load_ops(l, ph, what, &has_ops)) ||
	    (ret = load_medians(l, ph, what, "rep_medians", p->unit, has_ops, true, &p->reps,
				&p->nreps)))
		return ret;
	/* A merge of several boots also has one value per boot, the replicate then. */
	if ((ret = load_medians(l, ph, what, "boot_medians", p->unit, has_ops, false, &p->boots,
				&p->nboots)))
		return ret;
	return check_stats(l, ph, what, p->unit);
}

static int load_case(struct loader *l, json_t *entry, size_t index, struct kmb_cmp_case *c)
{
	char where[64], field[128];
	json_t *id, *skipped, *error, *phases, *ph;
	const char *key;
	size_t i = 0;
	int ret;

	snprintf(where, sizeof(where), "results[%zu]", index);
	if (!json_is_object(entry))
		return bad_type(l, where, "an object", entry);
	snprintf(field, sizeof(field), "%s.id", where);
	if ((ret = get(l, entry, "id", field, T_STRING, "a string", true, &id)))
		return ret;
	c->id = json_string_value(id);
	if (!*c->id)
		return bad(l, field, "empty");
	l->case_id = c->id;
	snprintf(field, sizeof(field), "%s.skipped", where);
	if ((ret = get(l, entry, "skipped", field, T_STRING | T_NULL, "a string or null", false,
		       &skipped)))
		return ret;
	snprintf(field, sizeof(field), "%s.error", where);
	if ((ret = get(l, entry, "error", field, T_STRING | T_NULL, "a string or null", false,
		       &error)))
		return ret;
	c->skipped = string_or_null(skipped);
	c->error = string_or_null(error);
	c->obj = entry;
	if (kmb_ctr_check(entry, field, sizeof(field))) {
		char at[sizeof(field) + 64];

		snprintf(at, sizeof(at), "%s.%s", where, field);
		return bad(l, at, "not what results/schema.json describes there (the "
			   "figures of counters and footprint are numbers or null, in objects; "
			   "footprint.caches is an array of objects)");
	}
	/* A case that did not run may carry no measurements at all. */
	snprintf(field, sizeof(field), "%s.phases", where);
	if ((ret = get(l, entry, "phases", field, T_OBJECT, "an object",
		       !c->skipped && !c->error, &phases)))
		return ret;
	c->nphases = phases ? json_object_size(phases) : 0;
	c->phases = calloc(c->nphases ? c->nphases : 1, sizeof(*c->phases));
	if (!c->phases)
		return kmb_fail(l->err, KMB_EXIT_ENV, "%s: out of memory", l->path);
	if (!phases)
		return 0;
	json_object_foreach(phases, key, ph) {
		if ((ret = load_phase(l, key, ph, where, &c->phases[i++])))
			return ret;
	}
	return 0;
}

static int cmp_case_ptr(const void *a, const void *b)
{
	return strcmp((*(struct kmb_cmp_case *const *)a)->id,
		      (*(struct kmb_cmp_case *const *)b)->id);
}

static int index_cases(const struct loader *l, struct kmb_cmp_doc *d)
{
	char field[64], reason[768];

	d->by_id = malloc((d->ncases ? d->ncases : 1) * sizeof(*d->by_id));
	if (!d->by_id)
		return kmb_fail(l->err, KMB_EXIT_ENV, "%s: out of memory", l->path);
	for (size_t i = 0; i < d->ncases; i++)
		d->by_id[i] = &d->cases[i];
	qsort(d->by_id, d->ncases, sizeof(*d->by_id), cmp_case_ptr);
	for (size_t i = 1; i < d->ncases; i++) {
		size_t a = (size_t)(d->by_id[i - 1] - d->cases), b = (size_t)(d->by_id[i] - d->cases);

		if (strcmp(d->by_id[i - 1]->id, d->by_id[i]->id) == 0) {
			snprintf(field, sizeof(field), "results[%zu].id", a > b ? a : b);
			snprintf(reason, sizeof(reason), "'%s' is also the id of results[%zu]; "
				 "ids must be unique", d->by_id[i]->id, a < b ? a : b);
			return bad(l, field, reason);
		}
	}
	return 0;
}

int kmb_cmp_doc_from_json(json_t *root, const char *path, struct kmb_cmp_doc *d,
			  struct kmb_err *err)
{
	struct loader l = { .path = path, .err = err };
	json_t *schema, *sys, *run, *v, *results, *entry;
	size_t i;
	int ret;

	memset(d, 0, sizeof(*d));
	d->root = json_incref(root);
	d->path = strdup(path);
	if (!d->path)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory", path);
	if (!json_is_object(root))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: not a kmembench result: the document "
				"is %s, expected an object", path, type_name(root));
	if ((ret = get(&l, root, "schema", "schema", T_STRING, "a string", true, &schema)))
		return ret;
	if (strcmp(json_string_value(schema), KMB_RESULT_SCHEMA) != 0)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: schema: '%s' is not a result document "
				"this runner reads (%s)", path, json_string_value(schema),
				KMB_RESULT_SCHEMA);
	if ((ret = kmb_doc_clock(root, path, &d->clock, err)))
		return ret;
	if ((ret = get(&l, root, "system", "system", T_OBJECT, "an object", true, &sys)) ||
	    (ret = check_system(&l, sys, d)))
		return ret;
	if ((ret = get(&l, root, "run", "run", T_OBJECT, "an object", true, &run)) ||
	    (ret = get(&l, run, "interrupted", "run.interrupted", T_BOOL, "a boolean", true, &v)))
		return ret;
	d->interrupted = json_is_true(v);
	if ((ret = get(&l, run, "suite", "run.suite", T_STRING | T_NULL, "a string or null", false,
		       &v)))
		return ret;
	d->suite = string_or_null(v);
	if ((ret = get(&l, root, "results", "results", T_ARRAY, "an array", true, &results)))
		return ret;
	d->cases = calloc(json_array_size(results) ? json_array_size(results) : 1,
			  sizeof(*d->cases));
	if (!d->cases)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory", path);
	json_array_foreach(results, i, entry) {
		/* Counted as it goes, so that free sees every case begun. */
		d->ncases = i + 1;
		if ((ret = load_case(&l, entry, i, &d->cases[i])))
			return ret;
	}
	l.case_id = NULL;
	return index_cases(&l, d);
}

int kmb_cmp_doc_load(const char *path, struct kmb_cmp_doc *d, struct kmb_err *err)
{
	json_t *root = kmb_read_json(path, err);
	int ret;

	if (!root) {
		memset(d, 0, sizeof(*d));
		return err->code;
	}
	ret = kmb_cmp_doc_from_json(root, path, d, err);
	json_decref(root);
	return ret;
}

const struct kmb_cmp_case *kmb_cmp_doc_find(const struct kmb_cmp_doc *d, const char *id)
{
	size_t lo = 0, hi = d->ncases;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->by_id[mid]->id, id);

		if (c == 0)
			return d->by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void kmb_cmp_doc_free(struct kmb_cmp_doc *d)
{
	for (size_t i = 0; i < d->ncases; i++) {
		for (size_t p = 0; p < d->cases[i].nphases; p++) {
			free(d->cases[i].phases[p].reps);
			free(d->cases[i].phases[p].boots);
		}
		free(d->cases[i].phases);
	}
	free(d->cases);
	free(d->by_id);
	free(d->path);
	json_decref(d->root);
	memset(d, 0, sizeof(*d));
}
