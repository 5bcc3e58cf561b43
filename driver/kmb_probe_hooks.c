// SPDX-License-Identifier: GPL-2.0
/*
 * What KMB_IOC_PROBE needs of each API it covers: the range a search
 * spans (LIMITS), one allocation and its free (TRY). An API's row in
 * kmb_alloc.c points at its hooks; kmb_probe.c holds the rules common to
 * them all (the memory guard, the description), save the checks of an
 * API and its flags that the capacity fill (kmb_capacity.c) makes as well,
 * which are at the end of this file.
 */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "kmb_internal.h"

/* Makes kmem_cache names unique, so that no two caches ever share one. */
static atomic_t kmb_probe_cache_seq = ATOMIC_INIT(0);

/* kmalloc and kzalloc: KMALLOC_MAX_SIZE, and one byte past it fails. */
static void kmb_probe_range_kmalloc(struct kmb_probe *p, bool sleeps)
{
	p->limit = KMALLOC_MAX_SIZE;
	p->limit_bound = KMB_PROBE_BOUND_KMALLOC_MAX_SIZE;
	p->probe_max = min(p->limit + 1, p->cap);
}

/*
 * SLUB needs the object to fit in one slab of the top order, with room for
 * its debugging metadata: KMB_CACHE_MAX_SIZE. Past it kmem_cache_create()
 * dumps a stack, so the range stops at the limit.
 */
static void kmb_probe_range_cache(struct kmb_probe *p, bool sleeps)
{
	p->limit = KMB_CACHE_MAX_SIZE;
	p->limit_bound = KMB_PROBE_BOUND_MAX_PAGE_ORDER;
	p->probe_max = min(p->limit, p->cap);
}

static void kmb_probe_range_kvmalloc(struct kmb_probe *p, bool sleeps)
{
	if (!sleeps) {
		/* no vmalloc fallback without sleeping: kmalloc only */
		kmb_probe_range_kmalloc(p, sleeps);
		return;
	}
	p->limit = INT_MAX;
	p->limit_bound = KMB_PROBE_BOUND_INT_MAX;
	p->granule = PAGE_SIZE;
	p->probe_max = min_t(u64, (u64)INT_MAX + 1,
			     round_down(p->cap, PAGE_SIZE));
}

static void kmb_probe_range_vmalloc(struct kmb_probe *p, bool sleeps)
{
	u64 ram = (u64)totalram_pages() << PAGE_SHIFT;
	u64 vmalloc_total = (u64)(VMALLOC_END - VMALLOC_START) + 1;

	p->limit = min(ram, vmalloc_total);
	p->limit_bound = ram <= vmalloc_total ? KMB_PROBE_BOUND_TOTAL_RAM :
						KMB_PROBE_BOUND_VMALLOC_TOTAL;
	p->probe_min = PAGE_SIZE;
	p->granule = PAGE_SIZE;
	p->probe_max = min(p->limit, round_down(p->cap, PAGE_SIZE));
}

/* Orders: one past the top order fails cleanly; none past the cap. */
static void kmb_probe_range_pages(struct kmb_probe *p, bool sleeps)
{
	p->probe_min = 0;
	p->limit = KMB_MAX_PAGE_ORDER;
	p->limit_bound = KMB_PROBE_BOUND_MAX_PAGE_ORDER;
	p->probe_max = p->limit + 1;
	while (p->probe_max &&
	       kmb_probe_bytes(KMB_FAMILY_PAGES, p->probe_max) > p->cap)
		p->probe_max--;
}

static void *kmb_probe_kmalloc_alloc(struct kmb_probe_obj *o, u64 size,
				     gfp_t gfp)
{
	return kmalloc(size, gfp);
}

static void *kmb_probe_kzalloc_alloc(struct kmb_probe_obj *o, u64 size,
				     gfp_t gfp)
{
	return kzalloc(size, gfp);
}

/* kfree() and kvfree() take ZERO_SIZE_PTR like NULL. */
static void kmb_probe_kfree(struct kmb_probe_obj *o)
{
	kfree(o->ptr);
}

static void *kmb_probe_kvmalloc_alloc(struct kmb_probe_obj *o, u64 size,
				      gfp_t gfp)
{
	return kvmalloc(size, gfp);
}

static void kmb_probe_kvfree(struct kmb_probe_obj *o)
{
	kvfree(o->ptr);
}

/* vmalloc and __vmalloc both probe __vmalloc(size, gfp). */
static void *kmb_probe_vmalloc_alloc(struct kmb_probe_obj *o, u64 size,
				     gfp_t gfp)
{
	return __vmalloc(size, gfp);
}

static void kmb_probe_vfree(struct kmb_probe_obj *o)
{
	vfree(o->ptr);
}

static void *kmb_probe_pages_alloc(struct kmb_probe_obj *o, u64 size,
				   gfp_t gfp)
{
	o->order = size;
	return alloc_pages(gfp, o->order);
}

static void kmb_probe_pages_free(struct kmb_probe_obj *o)
{
	__free_pages(o->ptr, o->order);
}

/* Process-context preparation: a kmem_cache of @size-byte objects. */
static int kmb_probe_cache_prepare(struct kmb_probe_obj *o, u64 size)
{
	char name[32];

	snprintf(name, sizeof(name), "kmb_probe_%u",
		 (unsigned int)atomic_inc_return(&kmb_probe_cache_seq));
	/*
	 * A usercopy region (and SLAB_NO_MERGE where it exists) keeps the
	 * cache from being merged into an existing one, so the TRY measures
	 * a cache of exactly this size and its sysfs name goes with it.
	 */
	o->cache = kmem_cache_create_usercopy(name, (unsigned int)size, 0,
#ifdef SLAB_NO_MERGE
					      SLAB_NO_MERGE,
#else
					      0,
#endif
					      0, (unsigned int)size, NULL);
	return o->cache ? 0 : -ENOMEM;
}

static void *kmb_probe_cache_alloc(struct kmb_probe_obj *o, u64 size,
				   gfp_t gfp)
{
	return kmem_cache_alloc(o->cache, gfp);
}

static void kmb_probe_cache_free(struct kmb_probe_obj *o)
{
	kmem_cache_free(o->cache, o->ptr);
}

const struct kmb_probe_hooks kmb_probe_kmalloc = {
	.range = kmb_probe_range_kmalloc,
	.alloc = kmb_probe_kmalloc_alloc, .free = kmb_probe_kfree,
};

const struct kmb_probe_hooks kmb_probe_kzalloc = {
	.range = kmb_probe_range_kmalloc,
	.alloc = kmb_probe_kzalloc_alloc, .free = kmb_probe_kfree,
};

const struct kmb_probe_hooks kmb_probe_kvmalloc = {
	.may_vmalloc = true,
	.range = kmb_probe_range_kvmalloc,
	.alloc = kmb_probe_kvmalloc_alloc, .free = kmb_probe_kvfree,
};

const struct kmb_probe_hooks kmb_probe_vmalloc = {
	.may_vmalloc = true, .zero_warns = true,
	.range = kmb_probe_range_vmalloc,
	.alloc = kmb_probe_vmalloc_alloc, .free = kmb_probe_vfree,
};

const struct kmb_probe_hooks kmb_probe_alloc_pages = {
	.range = kmb_probe_range_pages,
	.alloc = kmb_probe_pages_alloc, .free = kmb_probe_pages_free,
};

const struct kmb_probe_hooks kmb_probe_kmem_cache = {
	.range = kmb_probe_range_cache, .prepare = kmb_probe_cache_prepare,
	.alloc = kmb_probe_cache_alloc, .free = kmb_probe_cache_free,
};

/*
 * The flags a probe of @bytes really uses: NOWARN always, because failing
 * is the expected outcome at the top of every search; NORETRY for sleeping
 * sets where a failure would otherwise mean hard reclaim or the OOM killer.
 * RETRY_MAYFAIL already rules the OOM killer out and excludes NORETRY.
 */
u64 kmb_probe_gfp_bits(const struct kmb_probe_hooks *h, u64 gfp, u64 bytes)
{
	gfp |= KMB_GFP(NOWARN);
	if (kmb_gfp_may_sleep(gfp) && !(gfp & KMB_GFP(RETRY_MAYFAIL)) &&
	    (h->may_vmalloc || bytes > (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)))
		gfp |= KMB_GFP(NORETRY);
	return gfp;
}

/*
 * The API of @p with its probe hooks, or NULL. A probe checks flags against
 * the API's family and whether it always sleeps, not against its other
 * traits: vmalloc probes __vmalloc(size, gfp), which takes flags. The
 * flags its row forbids stay forbidden: a kmem_cache made without
 * SLAB_CACHE_DMA drops GFP_DMA and hands out DMA32 or Normal memory.
 */
const struct kmb_allocator *kmb_probe_api(const struct kmb_probe *p)
{
	const struct kmb_allocator *ops = kmb_allocator_get(p->api);

	return ops && ops->probe ? ops : NULL;
}

/*
 * Checks @p->api and @p->gfp as a TRY would use them, for @bytes: the mapped
 * flags in @gfp, kmembench's in @bits. 0, -EOPNOTSUPP or -EINVAL.
 */
int kmb_probe_check(const struct kmb_probe *p, u64 bytes, gfp_t *gfp,
		    u64 *bits)
{
	const struct kmb_allocator *ops = kmb_probe_api(p);
	struct kmb_allocator as = { };
	int ret;

	if (!ops)
		return -EOPNOTSUPP;
	if ((ops->flags & KMB_APIF_CMA) && !IS_ENABLED(CONFIG_DMA_CMA))
		return -EOPNOTSUPP;
	if ((ops->flags & KMB_APIF_DMA) ?
	    p->dma_mask_bits < KMB_DMA_MASK_BITS_MIN ||
	    p->dma_mask_bits > KMB_DMA_MASK_BITS_MAX : p->dma_mask_bits)
		return -EINVAL;
	as.family = ops->family;
	as.flags = ops->flags & KMB_APIF_SLEEPS;
	as.gfp_forbidden = ops->gfp_forbidden;
	*bits = kmb_probe_gfp_bits(ops->probe, p->gfp, bytes);
	ret = kmb_gfp_map(*bits, gfp);
	if (ret)
		return ret;
	return kmb_gfp_check(&as, *bits, KMB_CTX_PROCESS);
}
