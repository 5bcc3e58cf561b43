/*
 * Expansion of a "user" suite entry: each dimension of the workload becomes
 * a list of values, their product gives the cases, and each case's id names
 * the workload and every dimension's value in the workload's order, so that
 * an id stays the same whatever else the entry sweeps.
 */
#include <inttypes.h>
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "suite.h"
#include "workload.h"

#define KMB_USER_MAX_DIMS	8
#define KMB_USER_MAX_CASES	100000
#define KMB_USER_MAX_NODE	1023

static int names_list(const char *const *names, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; names[i]; i++)
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s", i ? ", " : "",
				 names[i]);
	return 0;
}

static int array_has(json_t *arr, json_t *v)
{
	size_t i;
	json_t *it;

	json_array_foreach(arr, i, it)
		if (json_equal(it, v))
			return 1;
	return 0;
}

static json_t *dim_names(json_t *entry, const struct kmb_dim *d, const char *where,
			 struct kmb_err *err)
{
	json_t *given = kmb_spec_strings(entry, d->key, d->dflt, where, err), *out, *it;
	size_t i;

	if (!given)
		return NULL;
	out = json_array();
	json_array_foreach(given, i, it) {
		size_t k;

		for (k = 0; d->names[k]; k++)
			if (strcmp(d->names[k], json_string_value(it)) == 0)
				break;
		if (!d->names[k]) {
			char list[512];

			names_list(d->names, list, sizeof(list));
			kmb_fail(err, KMB_EXIT_USAGE, "%s: %s '%s' is unknown (known: %s)", where,
				 d->key, json_string_value(it), list);
			json_decref(given);
			json_decref(out);
			return NULL;
		}
		if (!array_has(out, it))
			json_array_append(out, it);
	}
	json_decref(given);
	return out;
}

static json_t *uints_json(const uint64_t *v, size_t n)
{
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, json_integer((json_int_t)v[i]));
	return out;
}

/* The nodes this process may place memory on; node 0 without NUMA support. */
static json_t *nodes_with_memory(void)
{
	json_t *out = json_array();
	struct bitmask *mems;

	if (numa_available() < 0) {
		json_array_append_new(out, json_integer(0));
		return out;
	}
	mems = numa_get_mems_allowed();
	for (int n = 0; mems && n <= numa_max_node(); n++)
		if (numa_bitmask_isbitset(mems, (unsigned int)n))
			json_array_append_new(out, json_integer(n));
	if (mems)
		numa_bitmask_free(mems);
	if (json_array_size(out) == 0)
		json_array_append_new(out, json_integer(0));
	return out;
}

static json_t *dim_values(json_t *entry, const struct kmb_dim *d, const char *where,
			  struct kmb_err *err)
{
	json_t *given = json_object_get(entry, d->key), *out;
	uint64_t *vals = NULL, dflt = 0;
	size_t n = 0;

	if (!given && !d->dflt) {
		kmb_fail(err, KMB_EXIT_USAGE, "%s: field '%s' is required", where, d->key);
		return NULL;
	}
	switch (d->kind) {
	case KMB_DIM_NAMES:
		return dim_names(entry, d, where, err);
	case KMB_DIM_NODES:
		if (!given)
			given = json_string(d->dflt);
		else
			json_incref(given);
		if (json_is_string(given)) {
			if (strcmp(json_string_value(given), "all") != 0) {
				kmb_fail(err, KMB_EXIT_USAGE, "%s: '%s' must be \"all\", a node "
					 "number or an array of node numbers", where, d->key);
				json_decref(given);
				return NULL;
			}
			json_decref(given);
			return nodes_with_memory();
		}
		json_decref(given);
		if (kmb_spec_uints(entry, d->key, 0, 0, KMB_USER_MAX_NODE, &vals, &n, where, err))
			return NULL;
		break;
	case KMB_DIM_SIZES:
		if (!given) {
			if (kmb_parse_size(d->dflt, &dflt)) {
				kmb_fail(err, KMB_EXIT_USAGE, "%s: bad default for '%s'", where, d->key);
				return NULL;
			}
			return uints_json(&dflt, 1);
		}
		if (kmb_spec_sizes(entry, d->key, d->min, d->max, &vals, &n, where, err))
			return NULL;
		break;
	case KMB_DIM_UINTS:
		if (d->dflt && kmb_parse_uint(d->dflt, UINT64_MAX, &dflt)) {
			kmb_fail(err, KMB_EXIT_USAGE, "%s: bad default for '%s'", where, d->key);
			return NULL;
		}
		if (kmb_spec_uints(entry, d->key, dflt, d->min, d->max, &vals, &n, where, err))
			return NULL;
		break;
	}
	out = uints_json(vals, n);
	free(vals);
	return out;
}

static int settings_params(json_t *entry, const struct kmb_setting *s, json_t *params,
			   const char *where, struct kmb_err *err)
{
	for (; s && s->key; s++) {
		json_t *v = json_object_get(entry, s->key);
		uint64_t x;

		if (s->kind == KMB_SETTING_UINT) {
			if (kmb_spec_uint(entry, s->key, s->dflt, s->min, s->max, &x, where, err))
				return err->code;
			json_object_set_new(params, s->key, json_integer((json_int_t)x));
			continue;
		}
		if (v && (!json_is_string(v) || json_string_length(v) == 0))
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: field '%s' must be a non-empty "
					"string", where, s->key);
		if (v)
			json_object_set(params, s->key, v);
		else if (s->dflt_str)
			json_object_set_new(params, s->key, json_string(s->dflt_str));
	}
	return 0;
}

static int allowed_keys(const struct kmb_workload *w, const char **keys, size_t cap)
{
	size_t n = 0;

	keys[n++] = "workload";
	for (const struct kmb_dim *d = w->dims; d->key && n < cap - 1; d++)
		keys[n++] = d->key;
	for (const struct kmb_setting *s = w->settings; s && s->key && n < cap - 1; s++)
		keys[n++] = s->key;
	keys[n] = NULL;
	return 0;
}

/* "/param=value" for the id. */
static void id_append(char *id, size_t len, const char *param, json_t *v)
{
	size_t used = strlen(id);

	if (json_is_integer(v))
		snprintf(id + used, len - used, "/%s=%" JSON_INTEGER_FORMAT, param,
			 json_integer_value(v));
	else
		snprintf(id + used, len - used, "/%s=%s", param, json_string_value(v));
}

static int add_case(const struct kmb_workload *w, json_t *base, json_t **values,
		    const size_t *pick, size_t ndims, struct kmb_case_list *out,
		    const char *where, struct kmb_err *err)
{
	char id[KMB_ID_MAX + 1], cwhere[KMB_ID_MAX + 600];
	json_t *params = json_deep_copy(base);
	struct kmb_bench_case *c;

	if (!params)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	snprintf(id, sizeof(id), "user/%s", w->name);
	for (size_t i = 0; i < ndims; i++) {
		json_t *v = json_array_get(values[i], pick[i]);

		json_object_set(params, w->dims[i].param, v);
		id_append(id, sizeof(id), w->dims[i].param, v);
	}
	if (w->id_extra)
		w->id_extra(params, id, sizeof(id));
	if (strlen(id) >= KMB_ID_MAX) {
		json_decref(params);
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: case id '%.80s...' is longer than %d "
				"characters", where, id, KMB_ID_MAX - 1);
	}
	snprintf(cwhere, sizeof(cwhere), "%s (%s)", where, id);
	if (w->check && w->check(params, cwhere, err)) {
		json_decref(params);
		return err->code;
	}
	/* The workload table is static: the case only points at its row. */
	c = kmb_case_new(&kmb_user_group, params, (void *)w, "%s", id);
	if (!c) {
		json_decref(params);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	if (kmb_case_list_push(out, c)) {
		kmb_case_free(c);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	return 0;
}

/* Walks the product of @values like an odometer, last dimension fastest. */
static int add_product(const struct kmb_workload *w, json_t *base, json_t **values,
		       size_t ndims, struct kmb_case_list *out, const char *where,
		       struct kmb_err *err)
{
	size_t pick[KMB_USER_MAX_DIMS] = { 0 }, total = 1;

	for (size_t i = 0; i < ndims; i++) {
		total *= json_array_size(values[i]);
		if (total > KMB_USER_MAX_CASES)
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: the entry expands to more than "
					"%d cases", where, KMB_USER_MAX_CASES);
	}
	for (size_t k = 0; k < total; k++) {
		size_t i = ndims;

		if (add_case(w, base, values, pick, ndims, out, where, err))
			return err->code;
		while (i > 0) {
			i--;
			if (++pick[i] < json_array_size(values[i]))
				break;
			pick[i] = 0;
		}
	}
	return 0;
}

int kmb_user_expand(json_t *entry, const char *where, struct kmb_case_list *out,
		    struct kmb_err *err)
{
	const char *keys[2 * KMB_USER_MAX_DIMS + 8];
	json_t *values[KMB_USER_MAX_DIMS] = { 0 }, *name = json_object_get(entry, "workload");
	json_t *base = NULL;
	const struct kmb_workload *w;
	size_t ndims = 0;
	int ret;

	if (!json_is_string(name)) {
		char list[512];

		kmb_workload_names(list, sizeof(list));
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: field 'workload' is required: one of %s",
				where, list);
	}
	w = kmb_workload_by_name(json_string_value(name));
	if (!w) {
		char list[512];

		kmb_workload_names(list, sizeof(list));
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: workload '%s' is unknown (known: %s)",
				where, json_string_value(name), list);
	}
	allowed_keys(w, keys, sizeof(keys) / sizeof(keys[0]));
	ret = kmb_spec_check_keys(entry, keys, where, err);
	if (ret)
		return ret;
	base = json_pack("{s:s}", "workload", w->name);
	ret = settings_params(entry, w->settings, base, where, err);
	for (; !ret && w->dims[ndims].key; ndims++) {
		if (ndims == KMB_USER_MAX_DIMS) {
			ret = kmb_fail(err, KMB_EXIT_ENV, "%s: workload '%s' has too many dimensions",
				       where, w->name);
			break;
		}
		values[ndims] = dim_values(entry, &w->dims[ndims], where, err);
		if (!values[ndims])
			ret = err->code;
	}
	if (!ret)
		ret = add_product(w, base, values, ndims, out, where, err);
	for (size_t i = 0; i < KMB_USER_MAX_DIMS; i++)
		json_decref(values[i]);
	json_decref(base);
	return ret;
}
