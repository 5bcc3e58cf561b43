#include "suite.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"

#define KMB_SUITE_SCHEMA	"kmembench-suite/1"
#define KMB_MAX_SIZES		4096
#define KMB_MAX_REPETITIONS	1000

int kmb_spec_check_keys(json_t *entry, const char *const *allowed, const char *where,
			struct kmb_err *err)
{
	const char *key;
	json_t *v;

	json_object_foreach(entry, key, v) {
		size_t i;

		for (i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (!allowed[i]) {
			char list[512] = "";

			for (i = 0; allowed[i]; i++)
				kmb_list_append(list, sizeof(list), allowed[i]);
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: unknown field '%s' (known: %s)",
					where, key, list);
		}
	}
	return 0;
}

json_t *kmb_spec_strings(json_t *entry, const char *key, const char *dflt, const char *where,
			 struct kmb_err *err)
{
	json_t *v = json_object_get(entry, key), *arr;
	size_t i;
	json_t *it;

	if (!v) {
		if (!dflt) {
			kmb_fail(err, KMB_EXIT_USAGE, "%s: field '%s' is required", where, key);
			return NULL;
		}
		return json_pack("[s]", dflt);
	}
	if (json_is_string(v))
		return json_pack("[O]", v);
	if (!json_is_array(v) || json_array_size(v) == 0) {
		kmb_fail(err, KMB_EXIT_USAGE, "%s: field '%s' must be a string or a non-empty array "
			 "of strings", where, key);
		return NULL;
	}
	json_array_foreach(v, i, it) {
		if (!json_is_string(it)) {
			kmb_fail(err, KMB_EXIT_USAGE, "%s: field '%s'[%zu] must be a string", where,
				 key, i);
			return NULL;
		}
	}
	arr = json_copy(v);
	return arr;
}

/* A number or size string as a uint64; -1 when it is neither. */
static int json_size(json_t *v, uint64_t *out)
{
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return -1;
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v))
		return kmb_parse_size(json_string_value(v), out);
	return -1;
}

int kmb_spec_uint(json_t *entry, const char *key, uint64_t dflt, uint64_t min, uint64_t max,
		  uint64_t *out, const char *where, struct kmb_err *err)
{
	json_t *v = json_object_get(entry, key);

	if (!v) {
		*out = dflt;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < (json_int_t)min ||
	    (uint64_t)json_integer_value(v) > max)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: field '%s' must be an integer from %" PRIu64
				" to %" PRIu64, where, key, min, max);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/* Sorts and removes duplicates. */
static size_t sort_unique(uint64_t *v, size_t n)
{
	size_t w = 0;

	qsort(v, n, sizeof(*v), kmb_cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (w == 0 || v[w - 1] != v[i])
			v[w++] = v[i];
	return w;
}

static int push_size(uint64_t *v, size_t *n, uint64_t x, uint64_t min, uint64_t max)
{
	if (x < min || x > max)
		return 0;
	if (*n == KMB_MAX_SIZES)
		return -1;
	v[(*n)++] = x;
	return 0;
}

static int sizes_range(json_t *r, uint64_t min, uint64_t max, uint64_t *v, size_t *n,
		       const char *where, const char *key, struct kmb_err *err)
{
	static const char *const keys[] = { "from", "to", "scale", "step", NULL };
	char w[512];
	uint64_t from, to, step = 0;
	const char *scale = "pow2";
	json_t *s;

	snprintf(w, sizeof(w), "%s: %s", where, key);
	if (kmb_spec_check_keys(r, keys, w, err))
		return err->code;
	if (json_size(json_object_get(r, "from"), &from) ||
	    json_size(json_object_get(r, "to"), &to) || from > to || from == 0)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: 'from' and 'to' must be sizes with "
				"0 < from <= to", w);
	s = json_object_get(r, "scale");
	if (s) {
		if (!json_is_string(s))
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: 'scale' must be a string", w);
		scale = json_string_value(s);
	}
	if (strcmp(scale, "linear") == 0) {
		if (json_size(json_object_get(r, "step"), &step) || step == 0)
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: a linear range needs 'step' > 0",
					w);
		for (uint64_t x = from; x <= to; x += step)
			if (push_size(v, n, x, min, max) || x > UINT64_MAX - step)
				break;
	} else if (strcmp(scale, "pow2") == 0 || strcmp(scale, "pow2-edges") == 0) {
		int edges = scale[4] == '-';

		for (uint64_t x = from; x <= to; x *= 2) {
			if (push_size(v, n, x, min, max))
				break;
			if (edges && (push_size(v, n, x - 1, min, max) ||
				      push_size(v, n, x + 1, min, max)))
				break;
			if (x > UINT64_MAX / 2)
				break;
		}
	} else {
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: scale '%s' is not one of pow2, "
				"pow2-edges, linear", w, scale);
	}
	if (*n == KMB_MAX_SIZES)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: more than %d sizes", w, KMB_MAX_SIZES);
	return 0;
}

int kmb_spec_sizes(json_t *entry, const char *key, uint64_t min, uint64_t max,
		   uint64_t **out, size_t *n, const char *where, struct kmb_err *err)
{
	json_t *v = json_object_get(entry, key), *it;
	uint64_t *sizes;
	size_t i, cnt = 0;

	if (!v)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: field '%s' is required", where, key);
	sizes = calloc(KMB_MAX_SIZES, sizeof(*sizes));
	if (!sizes)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	if (json_is_object(v)) {
		if (sizes_range(v, min, max, sizes, &cnt, where, key, err))
			goto fail;
	} else if (json_is_array(v) && json_array_size(v) > 0) {
		json_array_foreach(v, i, it) {
			uint64_t x;

			if (json_is_object(it)) {
				if (sizes_range(it, min, max, sizes, &cnt, where, key, err))
					goto fail;
				continue;
			}
			if (json_size(it, &x) || x < min || x > max) {
				kmb_fail(err, KMB_EXIT_USAGE, "%s: %s[%zu] must be a size from %" PRIu64
					 " to %" PRIu64 " (a number or a string like \"4K\")", where,
					 key, i, min, max);
				goto fail;
			}
			if (push_size(sizes, &cnt, x, min, max)) {
				kmb_fail(err, KMB_EXIT_USAGE, "%s: more than %d sizes", where,
					 KMB_MAX_SIZES);
				goto fail;
			}
		}
	} else {
		uint64_t x;

		if (json_size(v, &x) || x < min || x > max) {
			kmb_fail(err, KMB_EXIT_USAGE, "%s: '%s' must be a size from %" PRIu64 " to %"
				 PRIu64 ", a list of sizes or a range object", where, key, min, max);
			goto fail;
		}
		sizes[cnt++] = x;
	}
	if (cnt == 0) {
		kmb_fail(err, KMB_EXIT_USAGE, "%s: '%s' gives no size in %" PRIu64 "..%" PRIu64,
			 where, key, min, max);
		goto fail;
	}
	*n = sort_unique(sizes, cnt);
	*out = sizes;
	return 0;
fail:
	free(sizes);
	return err->code;
}

int kmb_spec_uints(json_t *entry, const char *key, uint64_t dflt, uint64_t min, uint64_t max,
		   uint64_t **out, size_t *n, const char *where, struct kmb_err *err)
{
	json_t *v = json_object_get(entry, key), *it;
	uint64_t *vals;
	size_t i, cnt = 0;

	if (!v) {
		vals = malloc(sizeof(*vals));
		if (!vals)
			return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		vals[0] = dflt;
		*out = vals;
		*n = 1;
		return 0;
	}
	if (json_is_integer(v))
		v = json_pack("[O]", v);
	else if (json_is_array(v) && json_array_size(v) > 0)
		json_incref(v);
	else
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: '%s' must be an integer or a non-empty "
				"array of integers", where, key);
	vals = calloc(json_array_size(v), sizeof(*vals));
	if (!vals) {
		json_decref(v);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	json_array_foreach(v, i, it) {
		if (!json_is_integer(it) || json_integer_value(it) < (json_int_t)min ||
		    (uint64_t)json_integer_value(it) > max) {
			json_decref(v);
			free(vals);
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: %s[%zu] must be an integer from %"
					PRIu64 " to %" PRIu64, where, key, i, min, max);
		}
		vals[cnt++] = (uint64_t)json_integer_value(it);
	}
	json_decref(v);
	*n = sort_unique(vals, cnt);
	*out = vals;
	return 0;
}

static int cmp_case_id(const void *a, const void *b)
{
	const struct kmb_bench_case *x = *(struct kmb_bench_case *const *)a;
	const struct kmb_bench_case *y = *(struct kmb_bench_case *const *)b;

	return strcmp(x->id, y->id);
}

/* Overlapping entries would make two results with one id: compare needs unique ids. */
static int check_ids_unique(struct kmb_suite *s, struct kmb_err *err)
{
	struct kmb_bench_case **sorted = malloc(s->cases.n * sizeof(*sorted));
	int ret = 0;

	if (!sorted)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	memcpy(sorted, s->cases.v, s->cases.n * sizeof(*sorted));
	qsort(sorted, s->cases.n, sizeof(*sorted), cmp_case_id);
	for (size_t i = 1; i < s->cases.n && !ret; i++)
		if (strcmp(sorted[i - 1]->id, sorted[i]->id) == 0)
			ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: case '%s' appears twice; entries "
				       "overlap", s->path, sorted[i]->id);
	free(sorted);
	return ret;
}

int kmb_suite_load(const char *path, struct kmb_suite *s, struct kmb_err *err)
{
	json_t *doc;
	int ret;

	memset(s, 0, sizeof(*s));
	doc = kmb_read_json(path, err);
	if (!doc)
		return err->code;
	ret = kmb_suite_from_json(doc, path, s, err);
	json_decref(doc);
	return ret;
}

int kmb_suite_from_json(json_t *doc, const char *path, struct kmb_suite *s, struct kmb_err *err)
{
	static const char *const top_keys[] = { "schema", "name", "description",
						"repetitions", "seed", "kernel", "user",
						NULL };
	json_t *v;
	const char *key;
	uint64_t reps = 0, seed = 0;
	int ret;

	memset(s, 0, sizeof(*s));
	s->path = strdup(path);
	if (!s->path)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	if (!json_is_object(doc)) {
		ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: a suite is a JSON object", path);
		goto out;
	}
	ret = kmb_spec_check_keys(doc, top_keys, path, err);
	if (ret)
		goto out;
	v = json_object_get(doc, "schema");
	if (!json_is_string(v) || strcmp(json_string_value(v), KMB_SUITE_SCHEMA) != 0) {
		ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: field 'schema' must be \"%s\"", path,
			       KMB_SUITE_SCHEMA);
		goto out;
	}
	v = json_object_get(doc, "name");
	if (!json_is_string(v) || !json_string_length(v) ||
	    strspn(json_string_value(v), "abcdefghijklmnopqrstuvwxyz0123456789-_.") !=
	    json_string_length(v)) {
		ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: field 'name' must be a non-empty string of "
			       "lower-case letters, digits, '-', '_' and '.'", path);
		goto out;
	}
	s->name = strdup(json_string_value(v));
	ret = kmb_spec_uint(doc, "repetitions", 5, 1, KMB_MAX_REPETITIONS, &reps, path, err);
	if (!ret)
		ret = kmb_spec_uint(doc, "seed", 1, 0, UINT32_MAX, &seed, path, err);
	if (ret)
		goto out;
	s->repetitions = (unsigned int)reps;
	s->seed = seed;

	json_object_foreach(doc, key, v) {
		const struct kmb_group_ops *g = kmb_group_by_name(key);
		size_t i;
		json_t *entry;

		if (!g)
			continue;
		if (!json_is_array(v)) {
			ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: field '%s' must be an array of "
				       "entries", path, key);
			goto out;
		}
		json_array_foreach(v, i, entry) {
			char where[512];

			snprintf(where, sizeof(where), "%s: %s[%zu]", path, key, i);
			if (!json_is_object(entry)) {
				ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: an entry is a JSON object",
					       where);
				goto out;
			}
			ret = g->expand(entry, where, &s->cases, err);
			if (ret)
				goto out;
		}
	}
	if (s->cases.n == 0) {
		ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: the suite has no cases", path);
		goto out;
	}
	ret = check_ids_unique(s, err);
out:
	if (ret)
		kmb_suite_free(s);
	return ret;
}

void kmb_suite_free(struct kmb_suite *s)
{
	kmb_case_list_free(&s->cases);
	free(s->path);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

int kmb_suite_needs_module(const struct kmb_suite *s)
{
	for (size_t i = 0; i < s->cases.n; i++)
		if (s->cases.v[i]->ops->needs_module)
			return 1;
	return 0;
}
