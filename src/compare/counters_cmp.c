/*
 * The kernel counters of a compared case, base against new, beside its
 * timing: what moved with it ("kmalloc-64: slow-path share 3.0 % -> 9.0 %").
 * Only figures both documents have are compared; a case with counters on
 * one side only says so.
 */
#include <math.h>
#include <string.h>

#include "compare.h"
#include "counters.h"
#include "counters_cmp.h"

/*
 * In the order they explain a slab timing: the allocator's paths first.
 * @floor: the smallest difference worth a reader's eye. The meminfo lines
 * move with everything else on the machine (a few pages between boots), so
 * their floor is a fraction of a page per operation, where events per
 * operation need one in a hundred operations.
 */
static const struct {
	const char *key, *label;
	bool share;
	double floor;
} kmb_ctr_figures[] = {
	{ "slow_path_share", "slow-path share", true, 0.005 },
	{ "free_slow_path_share", "free slow-path share", true, 0.005 },
	{ "alloc_refill_per_op", "refills per op", false, 0.01 },
	{ "cpuslab_flush_per_op", "cpu-slab flushes per op", false, 0.01 },
	{ "pgalloc_per_op", "pgalloc per op", false, 0.01 },
	{ "pgfree_per_op", "pgfree per op", false, 0.01 },
	{ "pgfault_per_op", "pgfault per op", false, 0.01 },
	{ "slab_bytes_per_op", "Slab bytes per op", false, 256 },
	{ "vmalloc_bytes_per_op", "VmallocUsed bytes per op", false, 256 },
	{ "bytes_per_object", "bytes per object", false, 1 },
	{ "slabs_at_peak", "slabs at peak", false, 1 },
};

#define KMB_NFIGURES (sizeof(kmb_ctr_figures) / sizeof(kmb_ctr_figures[0]))

static const json_t *case_obj(const struct kmb_cmp_doc *d, const char *id)
{
	const struct kmb_cmp_case *c = kmb_cmp_doc_find(d, id);

	return c ? c->obj : NULL;
}

static bool has_counters(const json_t *o)
{
	return json_object_get(o, "counters") != NULL;
}

/* Worth a reader's eye: past the figure's floor and more than 5 % apart. */
static bool moved(double a, double b, double floor)
{
	if (fabs(a - b) < floor)
		return false;
	return a == 0 || fabs(b - a) / fabs(a) > 0.05;
}

/* The first cache a case read, as its counters name it; "" when none. */
static const char *first_cache(const json_t *o)
{
	const char *s = json_string_value(json_array_get(json_object_get(json_object_get(
		json_object_get(o, "counters"), "slab"), "caches"), 0));

	return s ? s : "";
}

json_t *kmb_cmp_counters_case(const struct kmb_comparison *c, const char *id)
{
	const json_t *b = case_obj(c->base, id), *n = case_obj(c->new, id);
	json_t *fb, *fn, *figs, *o;

	if (!has_counters(b) && !has_counters(n))
		return NULL;
	if (!has_counters(b) || !has_counters(n))
		return json_pack("{s:s, s:s, s:[]}", "id", id, "missing",
				 has_counters(b) ? "new" : "base", "figures");
	fb = kmb_ctr_flat(b);
	fn = kmb_ctr_flat(n);
	figs = json_array();
	for (size_t i = 0; fb && fn && figs && i < KMB_NFIGURES; i++) {
		json_t *x = json_object_get(fb, kmb_ctr_figures[i].key);
		json_t *y = json_object_get(fn, kmb_ctr_figures[i].key);
		double vx = json_number_value(x), vy = json_number_value(y);

		if (!x || !y)
			continue;
		json_array_append_new(figs, json_pack("{s:s, s:f, s:f, s:b}", "name",
			kmb_ctr_figures[i].key, "base", vx, "new", vy, "moved", moved(vx, vy, kmb_ctr_figures[i].floor)));
	}
	o = json_pack("{s:s, s:s, s:o, s:o, s:o}", "id", id, "cache", first_cache(b),
		      "figures", figs ? figs : json_array(), "base", fb ? fb : json_object(),
		      "new", fn ? fn : json_object());
	return o;
}

static void fmt_fig(double v, bool share, char *buf, size_t len)
{
	if (share)
		snprintf(buf, len, "%.1f %%", v * 100);
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.3g", v);
}

static bool is_share(const char *key)
{
	for (size_t i = 0; i < KMB_NFIGURES; i++)
		if (!strcmp(kmb_ctr_figures[i].key, key))
			return kmb_ctr_figures[i].share;
	return false;
}

static const char *label_of(const char *key)
{
	for (size_t i = 0; i < KMB_NFIGURES; i++)
		if (!strcmp(kmb_ctr_figures[i].key, key))
			return kmb_ctr_figures[i].label;
	return key;
}

void kmb_cmp_counters_line(const struct kmb_comparison *c, const char *id, const char *lead,
			   char *buf, size_t len)
{
	json_t *o = kmb_cmp_counters_case(c, id), *figs = json_object_get(o, "figures"), *f;
	const char *missing = json_string_value(json_object_get(o, "missing"));
	const char *cache = json_string_value(json_object_get(o, "cache"));
	size_t n = 0, shown = 0, i;

	buf[0] = '\0';
	if (!o)
		return;
	if (missing) {
		snprintf(buf, len, "%scounters: only in %s (%s has none)", lead,
			 !strcmp(missing, "base") ? "new" : "base", missing);
		json_decref(o);
		return;
	}
	n = (size_t)snprintf(buf, len, "%scounters%s%s:", lead, cache && *cache ? " " : "",
			     cache ? cache : "");
	/* Up to four moved figures; when none moved, the first two as they are. */
	for (int pass = 0; pass < 2 && !shown; pass++) {
		if (pass && n < len)
			n += (size_t)snprintf(buf + n, len - n, " none moved;");
		json_array_foreach(figs, i, f) {
			char a[32], b[32];
			const char *key = json_string_value(json_object_get(f, "name"));

			if ((!pass && !json_is_true(json_object_get(f, "moved"))) ||
			    shown == (pass ? 2u : 4u) || n >= len)
				continue;
			fmt_fig(json_real_value(json_object_get(f, "base")), is_share(key), a,
				sizeof(a));
			fmt_fig(json_real_value(json_object_get(f, "new")), is_share(key), b,
				sizeof(b));
			n += (size_t)snprintf(buf + n, len - n, "%s %s %s -> %s", shown ? "," : "",
					      label_of(key), a, b);
			shown++;
		}
	}
	if (!json_array_size(figs) && n < len)
		snprintf(buf + n, len - n, " no figure both sides have");
	json_decref(o);
}

json_t *kmb_cmp_counters_json(const struct kmb_comparison *c)
{
	json_t *a = json_array();
	const char *prev = NULL;

	for (size_t i = 0; a && i < c->npairs; i++) {
		json_t *o;

		if (prev && !strcmp(prev, c->pairs[i].id))
			continue;
		prev = c->pairs[i].id;
		o = kmb_cmp_counters_case(c, prev);
		if (o)
			json_array_append_new(a, o);
	}
	return a;
}

void kmb_cmp_counters_missing(const struct kmb_comparison *c, char *buf, size_t len)
{
	size_t only[2] = { 0, 0 }, both = 0;
	const char *prev = NULL;

	buf[0] = '\0';
	for (size_t i = 0; i < c->npairs; i++) {
		bool b, n;

		if (prev && !strcmp(prev, c->pairs[i].id))
			continue;
		prev = c->pairs[i].id;
		b = has_counters(case_obj(c->base, prev));
		n = has_counters(case_obj(c->new, prev));
		both += b && n;
		only[0] += b && !n;
		only[1] += n && !b;
	}
	if (only[0] || only[1])
		snprintf(buf, len, "kernel counters: compared for the %zu cases both documents "
			 "have them; %zu cases have them in %s only and %zu in %s only (a runner "
			 "without counters, or run without --counters)", both, only[0], c->base->path,
			 only[1], c->new->path);
}
