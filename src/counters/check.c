/*
 * A result case's "counters" and "footprint" read back: checked for the
 * loader (result/read.c), and flattened into the few figures compare,
 * report and export show.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"

static bool number_or_null(const json_t *v)
{
	return !v || json_is_number(v) || json_is_null(v);
}

/* Every member of @o an object whose members are numbers or null. */
static int check_table(const json_t *o, const char *path, char *field, size_t len)
{
	const char *k, *k2;
	json_t *v, *x;

	if (!o)
		return 0;
	if (!json_is_object(o)) {
		snprintf(field, len, "%s", path);
		return -1;
	}
	json_object_foreach((json_t *)o, k, v) {
		if (!json_is_object(v)) {
			snprintf(field, len, "%s.%s", path, k);
			return -1;
		}
		json_object_foreach(v, k2, x)
			if (!number_or_null(x)) {
				snprintf(field, len, "%s.%s.%s", path, k, k2);
				return -1;
			}
	}
	return 0;
}

static int check_counters(const json_t *c, char *field, size_t len)
{
	const json_t *slab = json_object_get(c, "slab"), *stats = json_object_get(slab, "stats");
	static const char *const shares[] = { "slow_path_share", "free_slow_path_share" };

	if (!json_is_object(c))
		return snprintf(field, len, "counters"), -1;
	if (json_object_get(c, "ops") && !json_is_integer(json_object_get(c, "ops")))
		return snprintf(field, len, "counters.ops"), -1;
	if (check_table(json_object_get(c, "vmstat"), "counters.vmstat", field, len) ||
	    check_table(json_object_get(c, "meminfo"), "counters.meminfo", field, len))
		return -1;
	if (slab && !json_is_object(slab))
		return snprintf(field, len, "counters.slab"), -1;
	if (json_is_object(stats) && check_table(stats, "counters.slab.stats", field, len))
		return -1;
	for (size_t i = 0; i < 2; i++)
		if (!number_or_null(json_object_get(slab, shares[i])))
			return snprintf(field, len, "counters.slab.%s", shares[i]), -1;
	return 0;
}

static int check_footprint(const json_t *f, char *field, size_t len)
{
	const json_t *caches = json_object_get(f, "caches"), *c;
	const char *k;
	json_t *v;
	size_t i;

	if (!json_is_object(f))
		return snprintf(field, len, "footprint"), -1;
	if (caches && !json_is_array(caches))
		return snprintf(field, len, "footprint.caches"), -1;
	json_array_foreach(caches, i, c) {
		if (!json_is_object(c))
			return snprintf(field, len, "footprint.caches[%zu]", i), -1;
		json_object_foreach((json_t *)c, k, v)
			if (strcmp(k, "name") && strcmp(k, "dir") && strcmp(k, "merged") &&
			    !number_or_null(v))
				return snprintf(field, len, "footprint.caches[%zu].%s", i, k), -1;
	}
	json_object_foreach((json_t *)f, k, v)
		if (!strcmp(k, "peak_live_objects") || !strcmp(k, "slabs_at_peak") ||
		    !strcmp(k, "bytes_at_peak"))
			if (!number_or_null(v))
				return snprintf(field, len, "footprint.%s", k), -1;
	return 0;
}

int kmb_ctr_check(const json_t *case_obj, char *field, size_t len)
{
	const json_t *c = json_object_get(case_obj, "counters");
	const json_t *f = json_object_get(case_obj, "footprint");

	if (c && check_counters(c, field, len))
		return -1;
	return f ? check_footprint(f, field, len) : 0;
}

static double num(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static void put(json_t *o, const char *k, double v)
{
	if (isfinite(v))
		json_object_set_new(o, k, json_real(v));
}

json_t *kmb_ctr_flat(const json_t *case_obj)
{
	const json_t *c = json_object_get(case_obj, "counters");
	const json_t *f = json_object_get(case_obj, "footprint");
	const json_t *vm = json_object_get(c, "vmstat"), *mem = json_object_get(c, "meminfo");
	const json_t *slab = json_object_get(c, "slab"), *stats = json_object_get(slab, "stats");
	const json_t *first = json_array_get(json_object_get(f, "caches"), 0);
	json_t *o = json_object(), *v;
	double ops = num(json_object_get(c, "ops")), pgalloc = 0;
	bool any = false;
	const char *k;

	if (!o)
		return NULL;
	json_object_foreach((json_t *)vm, k, v)
		if (!strncmp(k, "pgalloc_", 8)) {
			pgalloc += num(json_object_get(v, "delta"));
			any = true;
		}
	if (any && ops > 0)
		put(o, "pgalloc_per_op", pgalloc / ops);
	/* each flat figure: its name, where it sits (object, key, field) */
	const struct {
		const char *name;
		const json_t *in;
		const char *key, *field;
	} figures[] = {
		{ "pgfree_per_op", vm, "pgfree", "per_op" },
		{ "pgfault_per_op", vm, "pgfault", "per_op" },
		{ "slab_bytes_per_op", mem, "Slab", "per_op_bytes" },
		{ "vmalloc_bytes_per_op", mem, "VmallocUsed", "per_op_bytes" },
		{ "slow_path_share", slab, "slow_path_share", NULL },
		{ "free_slow_path_share", slab, "free_slow_path_share", NULL },
		{ "alloc_slowpath_per_op", stats, "alloc_slowpath", "per_op" },
		{ "alloc_refill_per_op", stats, "alloc_refill", "per_op" },
		{ "cpuslab_flush_per_op", stats, "cpuslab_flush", "per_op" },
		{ "bytes_per_object", first, "bytes_per_object", NULL },
		{ "slabs_delta", first, "slabs_delta", NULL },
		{ "slabs_at_peak", f, "slabs_at_peak", NULL },
		{ "bytes_at_peak", f, "bytes_at_peak", NULL },
	};

	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		const json_t *at = json_is_object(figures[i].in) ?
				   json_object_get(figures[i].in, figures[i].key) : NULL;

		put(o, figures[i].name,
		    num(figures[i].field ? json_object_get(at, figures[i].field) : at));
	}
	return o;
}
