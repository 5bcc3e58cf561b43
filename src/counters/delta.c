/*
 * A case's counters summed over its repetitions, and the "counters" and
 * "footprint" objects of its result (results/schema.json).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"

/* Geometry is a property of the cache, not something the case did. */
static const char *const kmb_ctr_geometry[] = {
	"object_size", "slab_size", "objs_per_slab", "order", "aliases", NULL,
};

static bool is_geometry(const char *k)
{
	for (size_t i = 0; kmb_ctr_geometry[i]; i++)
		if (!strcmp(kmb_ctr_geometry[i], k))
			return true;
	return false;
}

/* A SLUB_STATS counter: neither geometry nor population. */
static bool is_stat(const char *k)
{
	return !is_geometry(k) && strcmp(k, "objects") && strcmp(k, "slabs");
}

int kmb_ctr_add_delta(json_t *sum, const json_t *before, const json_t *after)
{
	const char *k;
	json_t *a;

	json_object_foreach((json_t *)after, k, a) {
		json_t *b = json_object_get(before, k), *s = json_object_get(sum, k);

		if (!b)
			continue;
		if (json_is_object(a) && json_is_object(b)) {
			if (!s) {
				s = json_object();
				if (json_object_set_new(sum, k, s))
					return -1;
			}
			if (kmb_ctr_add_delta(s, b, a))
				return -1;
		} else if (json_is_integer(a) && json_is_integer(b) && !is_geometry(k)) {
			json_int_t d = json_integer_value(a) - json_integer_value(b);

			if (json_object_set_new(sum, k, json_integer(d + json_integer_value(s))))
				return -1;
		}
	}
	return 0;
}

void kmb_ctr_acc_clear(struct kmb_ctr_acc *a)
{
	json_decref(a->sum);
	json_decref(a->last);
	json_decref(a->noise);
	json_decref(a->caches);
	memset(a, 0, sizeof(*a));
}

static json_t *per_op(double v, uint64_t ops)
{
	return ops ? json_real(v / (double)ops) : json_null();
}

/* Every wanted pattern or key that matched nothing in @have, as "FILE KEY". */
static void add_absent(json_t *absent, const char *file, const char *const *keys,
		       const json_t *have)
{
	for (size_t i = 0; keys[i]; i++) {
		const char *k;
		json_t *v;
		bool found = false;
		char name[96];
		size_t plen = strcspn(keys[i], "*");

		json_object_foreach((json_t *)have, k, v)
			found |= keys[i][plen] ? !strncmp(k, keys[i], plen) : !strcmp(k, keys[i]);
		if (found)
			continue;
		snprintf(name, sizeof(name), "%s %s", file, keys[i]);
		json_array_append_new(absent, json_string(name));
	}
}

/*
 * The caches' SLUB_STATS deltas summed: a merged cache read under two names
 * is one folder, counted once.
 */
static json_t *slab_stats(const struct kmb_ctr_acc *a, uint64_t ops, double *fast, double *slow,
			  double *ffast, double *fslow)
{
	json_t *sums = json_object(), *seen = json_object(), *out = json_object(), *c;
	const json_t *caches = json_object_get(a->sum, "caches");
	const char *name, *k;
	json_t *v;

	json_object_foreach((json_t *)caches, name, c) {
		const char *dir = json_string_value(json_object_get(
			json_object_get(json_object_get(a->last, "caches"), name), "dir"));

		if (dir && json_object_get(seen, dir))
			continue;
		if (dir)
			json_object_set_new(seen, dir, json_true());
		for (size_t i = 0; kmb_ctr_slab_files[i]; i++) {
			json_t *d = json_object_get(c, kmb_ctr_slab_files[i]);

			if (d && is_stat(kmb_ctr_slab_files[i]))
				json_object_set_new(sums, kmb_ctr_slab_files[i], json_integer(
					json_integer_value(d) + json_integer_value(
						json_object_get(sums, kmb_ctr_slab_files[i]))));
		}
	}
	json_object_foreach(sums, k, v) {
		double d = (double)json_integer_value(v);

		json_object_set_new(out, k, json_pack("{s:O, s:o}", "delta", v, "per_op",
						       per_op(d, ops)));
	}
	*fast = (double)json_integer_value(json_object_get(sums, "alloc_fastpath"));
	*slow = (double)json_integer_value(json_object_get(sums, "alloc_slowpath"));
	*ffast = (double)json_integer_value(json_object_get(sums, "free_fastpath"));
	*fslow = (double)json_integer_value(json_object_get(sums, "free_slowpath"));
	json_decref(sums);
	json_decref(seen);
	if (json_object_size(out))
		return out;
	json_decref(out);
	return NULL;
}

static json_t *share(double part, double whole)
{
	return whole > 0 ? json_real(part / whole) : json_null();
}

static json_t *slab_json(const struct kmb_ctr_acc *a, uint64_t ops)
{
	double fast = 0, slow = 0, ffast = 0, fslow = 0;
	json_t *stats = json_array_size(a->caches) ?
			slab_stats(a, ops, &fast, &slow, &ffast, &fslow) : NULL;
	json_t *o = json_pack("{s:o, s:s}", "caches",
			      a->caches ? json_incref(a->caches) : json_array(),
			      "note", a->cache_note ? a->cache_note : "");

	if (!o)
		return NULL;
	if (!stats) {
		json_object_set_new(o, "stats", json_string(
			json_array_size(a->caches) ? "absent: no CONFIG_SLUB_STATS "
			"(no /sys/kernel/slab/<cache>/alloc_fastpath) or the cache was not there "
			"before and after the run" : "absent: no cache to read"));
		return o;
	}
	json_object_set_new(o, "stats", stats);
	json_object_set_new(o, "slow_path_share", share(slow, fast + slow));
	json_object_set_new(o, "free_slow_path_share", share(fslow, ffast + fslow));
	return o;
}

/* Non-zero deltas of the back-to-back snapshots: what the reading itself moved. */
static json_t *nonzero(const json_t *o)
{
	json_t *out = json_object(), *v;
	const char *k;

	json_object_foreach((json_t *)o, k, v) {
		json_t *sub = json_is_object(v) ? nonzero(v) : NULL;

		if (sub && json_object_size(sub))
			json_object_set_new(out, k, sub);
		else
			json_decref(sub);
		if (json_is_integer(v) && json_integer_value(v))
			json_object_set(out, k, v);
	}
	return out;
}

json_t *kmb_ctr_counters_json(const struct kmb_ctr_acc *a, uint64_t ops, const char *ops_phase)
{
	json_t *vm = json_object(), *mem = json_object(), *absent = json_array(), *v, *o;
	const json_t *last = a->last;
	const char *k;

	json_object_foreach(json_object_get(a->sum, "vmstat"), k, v)
		json_object_set_new(vm, k, json_pack("{s:O, s:o}", "delta", v, "per_op",
			per_op((double)json_integer_value(v), ops)));
	json_object_foreach(json_object_get(a->sum, "meminfo"), k, v)
		json_object_set_new(mem, k, json_pack("{s:O, s:o}", "delta_kb", v, "per_op_bytes",
			per_op((double)json_integer_value(v) * 1024, ops)));
	add_absent(absent, "vmstat", kmb_ctr_vmstat_keys, json_object_get(last, "vmstat"));
	add_absent(absent, "meminfo", kmb_ctr_meminfo_keys, json_object_get(last, "meminfo"));
	o = json_pack("{s:s, s:I, s:I, s:s, s:o, s:o, s:o, s:o}",
		"what", "kernel counters read before and after each repetition's RUN ioctl (never "
		"inside it) and summed over the repetitions: they include the run's setup (threads, "
		"warm-up, sample buffers) besides the timed operations. per_op: divided by ops, "
		"the operations of phase ops_phase (a pair: one allocation and its free). vmstat: "
		"events; meminfo: change in kB; slab: the SLUB_STATS counters (CONFIG_SLUB_STATS) "
		"of the caches named, summed; reading_itself: what two snapshots back to back "
		"moved (not subtracted)",
		"repetitions", (json_int_t)a->reps, "ops", (json_int_t)ops,
		"ops_phase", ops_phase ? ops_phase : "", "vmstat", vm, "meminfo", mem,
		"absent", absent, "slab", slab_json(a, ops));
	if (o && a->noise)
		json_object_set_new(o, "reading_itself", nonzero(a->noise));
	return o;
}

static json_int_t geom(const json_t *c, const char *k)
{
	json_t *v = json_object_get(c, k);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

json_t *kmb_ctr_footprint_json(const struct kmb_ctr_acc *a, double peak_objects,
			       long page_size)
{
	json_t *arr = json_array(), *absent = json_array(), *o, *v;
	json_int_t per_slab = -1, order = -1;
	bool same = true;
	size_t i;

	json_array_foreach(a->caches, i, v) {
		const char *name = json_string_value(v);
		const json_t *c = json_object_get(json_object_get(a->last, "caches"), name);
		const json_t *d = json_object_get(json_object_get(a->sum, "caches"), name);
		json_int_t ops = geom(c, "objs_per_slab"), ord = geom(c, "order");
		json_t *one;

		if (!json_object_get(c, "dir")) {
			json_array_append_new(absent, json_string(name));
			continue;
		}
		one = json_pack("{s:s, s:O, s:b}", "name", name, "dir", json_object_get(c, "dir"),
				"merged", json_is_true(json_object_get(c, "link")) ||
					  geom(c, "aliases") > 0);
		for (size_t g = 0; kmb_ctr_geometry[g]; g++)
			if (geom(c, kmb_ctr_geometry[g]) >= 0)
				json_object_set_new(one, kmb_ctr_geometry[g],
						    json_integer(geom(c, kmb_ctr_geometry[g])));
		if (ops > 0 && ord >= 0) {
			double slab = (double)page_size * (double)(1LL << ord);

			json_object_set_new(one, "slab_bytes", json_integer((json_int_t)slab));
			json_object_set_new(one, "bytes_per_object", json_real(slab / (double)ops));
		}
		if (geom(c, "objects") >= 0)
			json_object_set_new(one, "objects", json_integer(geom(c, "objects")));
		if (geom(c, "slabs") >= 0)
			json_object_set_new(one, "slabs", json_integer(geom(c, "slabs")));
		if (json_object_get(d, "objects"))
			json_object_set(one, "objects_delta", json_object_get(d, "objects"));
		if (json_object_get(d, "slabs"))
			json_object_set(one, "slabs_delta", json_object_get(d, "slabs"));
		json_array_append_new(arr, one);
		if (per_slab >= 0 && (ops != per_slab || ord != order))
			same = false;
		per_slab = ops;
		order = ord;
	}
	o = json_pack("{s:s, s:o, s:o}",
		"what", "the geometry of the case's slab caches (/sys/kernel/slab/<cache>/) after "
		"its last repetition; slab_size is one object's stride with its metadata, "
		"bytes_per_object the slab's pages over objs_per_slab; objects_delta and "
		"slabs_delta: change over the repetitions (the case frees what it allocated, so "
		"this is what the cache kept); merged: the cache is a link to, or has, aliases; "
		"slabs_at_peak and bytes_at_peak are computed from the geometry and the module's "
		"peak_live_objects, not read",
		"caches", arr, "absent", absent);
	if (o && peak_objects >= 0 && per_slab > 0 && order >= 0 && same) {
		double slabs = ceil(peak_objects / (double)per_slab);

		json_object_set_new(o, "peak_live_objects", json_integer((json_int_t)peak_objects));
		json_object_set_new(o, "slabs_at_peak", json_integer((json_int_t)slabs));
		json_object_set_new(o, "bytes_at_peak", json_integer(
			(json_int_t)(slabs * (double)page_size * (double)(1LL << order))));
	}
	return o;
}
