/*
 * A kernel case's counters (src/counters/): which slab caches it uses, and
 * a snapshot on each side of every RUN ioctl. The snapshots are taken by
 * run.c right before the ioctl and right after it returns, so that nothing
 * is read while the module times, and nothing the runner does with the
 * samples afterwards (sorting them touches its own memory) is counted.
 */
#include <stdlib.h>
#include <unistd.h>

#include "counters.h"
#include "kcounters.h"

void kmb_kcounters_free(struct kmb_ctr_acc *a)
{
	if (!a)
		return;
	kmb_ctr_acc_clear(a);
	free(a);
}

json_t *kmb_kcounters_kmalloc_caches(const struct kmb_kspec *spec, const char **note)
{
	const struct kmb_case *kc = &spec->kcase;
	uint64_t hi = kc->size_max > kc->size ? kc->size_max : kc->size;
	const char *type = kc->gfp & KMB_GFP(DMA) ? "dma" : kc->gfp & KMB_GFP(ACCOUNT) ? "cg" : "";
	json_t *caches = kmb_ctr_kmalloc_caches("", type, kc->size, hi);

	*note = !*type ? "the kmalloc size classes from size to size_max "
			 "(kmalloc-rnd-* copies included)" :
		*type == 'c' ? "__GFP_ACCOUNT: the kmalloc-cg-* classes" :
			       "__GFP_DMA: the dma-kmalloc-* classes";
	if (caches && !json_array_size(caches))
		*note = "above the largest kmalloc class: the page allocator serves it";
	if (!caches) {
		*note = "/sys/kernel/slab cannot be read";
		caches = json_array();
	}
	return caches;
}

/* The caches a case allocates from, and how they were chosen. */
static void pick_caches(const struct kmb_kspec *spec, struct kmb_ctr_acc *a)
{
	unsigned int f = spec->api->flags;

	if (f & KMB_APIF_CREATE) {
		a->caches = json_array();
		a->cache_note = "the case creates and destroys caches: none to read";
	} else if (f & KMB_APIF_CACHE) {
		/*
		 * Created at the start of each run and destroyed before the ioctl
		 * returns. Unmerged, it is gone before and after; merged, SLUB
		 * keeps its name as a link to the cache it joined (alias links
		 * are never removed), so from the second repetition on the
		 * counters are that cache's.
		 */
		a->caches = json_pack("[s]", "kmembench");
		a->cache_note = "kmem_cache_create(\"kmembench\", size) by the module inside each "
				"run: unmerged, it is destroyed with the run and absent outside it; "
				"merged, its name stays a link to the cache it joined, read from the "
				"second repetition on";
	} else if (spec->api->family == KMB_FAMILY_SLAB || spec->api->api == KMB_API_KVMALLOC ||
		   spec->api->api == KMB_API_KVFREE_RCU) {
		a->caches = kmb_kcounters_kmalloc_caches(spec, &a->cache_note);
	} else {
		a->caches = json_array();
		a->cache_note = "not a slab API: vmstat and meminfo tell its story";
	}
}

json_t *kmb_kcounters_snap(struct kmb_kspec *spec)
{
	if (!kmb_counters_enabled)
		return NULL;
	if (!spec->ctr) {
		spec->ctr = calloc(1, sizeof(*spec->ctr));
		if (!spec->ctr)
			return NULL;
		pick_caches(spec, spec->ctr);
		spec->ctr->sum = json_object();
	}
	return kmb_ctr_snapshot("", spec->ctr->caches ? spec->ctr->caches : json_array());
}

/* Two snapshots back to back: what reading alone moves. */
static json_t *reading_noise(const json_t *caches)
{
	json_t *a = kmb_ctr_snapshot("", caches), *b = kmb_ctr_snapshot("", caches);
	json_t *d = json_object();

	if (!a || !b || !d || kmb_ctr_add_delta(d, a, b)) {
		json_decref(d);
		d = NULL;
	}
	json_decref(a);
	json_decref(b);
	return d;
}

void kmb_kcounters_update(struct kmb_bench_case *c, struct kmb_kspec *spec, json_t *before,
			  json_t *after)
{
	struct kmb_ctr_acc *a = spec->ctr;
	const json_t *peak;
	uint64_t now = c->nphases ? c->phases[0].ops : 0;

	if (!a)
		goto out;
	/* Only the repetitions both snapshots cover count, in ops as in deltas. */
	now -= a->ops_seen;
	a->ops_seen += now;
	if (!before || !after || kmb_ctr_add_delta(a->sum, before, after))
		goto out;
	a->ops += now;
	a->reps++;
	json_decref(a->last);
	a->last = json_incref(after);
	if (!a->noise && a->caches)
		a->noise = reading_noise(a->caches);
	peak = json_object_get(json_object_get(c->extra, "objects"), "peak_live_objects");
	json_object_set_new(c->extra, "counters", kmb_ctr_counters_json(
		a, a->ops, c->nphases ? c->phases[0].name : NULL));
	json_object_set_new(c->extra, "footprint", kmb_ctr_footprint_json(
		a, json_is_number(peak) ? json_number_value(peak) : -1, sysconf(_SC_PAGESIZE)));
out:
	json_decref(before);
	json_decref(after);
}
