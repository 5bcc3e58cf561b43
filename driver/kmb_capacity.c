// SPDX-License-Identifier: GPL-2.0
/*
 * Capacity probes (KMB_PROBE_CAPACITY): how much memory objects of one size
 * hold in total when an API allocates them with one GFP set and keeps them,
 * and which zones that memory came from. GFP_DMA fills the DMA zone and
 * says how big it is to a driver; GFP_KERNEL runs into the memory guard.
 *
 * The rails are those of the other probes (kmb_probe.c): NOWARN always,
 * NORETRY for sleeping sets (a fill that reclaimed hard or woke the OOM
 * killer would measure that, not the allocator), available memory never
 * below the probe reserve, non-sleeping sets with preemption off. Besides,
 * the fill has a time limit, stops for any signal, and frees everything
 * it holds before the call returns.
 */
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "kmb_internal.h"

static_assert(KMB_ZONE_NR <= KMB_PROBE_ZONES);

/* Held bytes, and objects, between two looks at the guard and the clock. */
#define KMB_CAPACITY_CHECK_BYTES	(1ULL << 20)
#define KMB_CAPACITY_CHECK_OBJECTS	4096
/* Objects freed between two looks at the scheduler. */
#define KMB_CAPACITY_FREE_BATCH		1024

/**
 * struct kmb_fill - the objects a fill holds
 * @pages: page blocks, linked through their struct page's lru
 * @chain: other objects, each holding the address of the next in its
 *	first bytes
 * @o: the API's probe state (the cache of a kmem_cache fill, an order)
 * @h: the API's probe hooks
 * @usable: usable bytes of one object
 */
struct kmb_fill {
	struct list_head pages;
	void *chain;
	struct kmb_probe_obj o;
	const struct kmb_probe_hooks *h;
	u64 usable;
};

/* Usable bytes of one object, as kmb_probe_describe() counts them. */
static u64 kmb_fill_usable(enum kmb_family family, u64 size, const void *ptr)
{
	if (family == KMB_FAMILY_PAGES)
		return PAGE_SIZE << size;
	return ksize(ptr);
}

static void kmb_fill_hold(struct kmb_fill *f, enum kmb_family family,
			  void *ptr)
{
	if (family == KMB_FAMILY_PAGES) {
		list_add(&((struct page *)ptr)->lru, &f->pages);
		return;
	}
	*(void **)ptr = f->chain;
	f->chain = ptr;
}

static struct page *kmb_fill_page(enum kmb_family family, void *ptr)
{
	return family == KMB_FAMILY_PAGES ? ptr : virt_to_page(ptr);
}

/* Frees everything @f holds; returns how many objects it freed. */
static u64 kmb_fill_release(struct kmb_fill *f)
{
	struct page *page, *next;
	u64 n = 0;

	list_for_each_entry_safe(page, next, &f->pages, lru) {
		list_del(&page->lru);
		f->o.ptr = page;
		f->h->free(&f->o);
		if (!(++n % KMB_CAPACITY_FREE_BATCH))
			cond_resched();
	}
	while (f->chain) {
		f->o.ptr = f->chain;
		f->chain = *(void **)f->chain;
		f->h->free(&f->o);
		if (!(++n % KMB_CAPACITY_FREE_BATCH))
			cond_resched();
	}
	f->o.ptr = NULL;
	return n;
}

/* Why the fill must stop now, or KMB_CAPACITY_STOP_NR to go on. */
static u32 kmb_fill_stop(const struct kmb_probe *p, u64 deadline)
{
	if (kmb_mem_available() <= p->reserve)
		return KMB_CAPACITY_GUARD;
	if (ktime_get_ns() >= deadline)
		return KMB_CAPACITY_TIME;
	if (signal_pending(current))
		return KMB_CAPACITY_SIGNAL;
	return KMB_CAPACITY_STOP_NR;
}

/* The allocations of the fill, until one of the stops; fills @p's counts. */
static void kmb_fill_run(struct kmb_probe *p, struct kmb_fill *f,
			 enum kmb_family family, gfp_t gfp, bool sleeps)
{
	u64 t0 = ktime_get_ns();
	u64 deadline = t0 + (u64)p->time_limit_ms * NSEC_PER_MSEC;
	u64 bytes_since = 0, objects_since = 0;
	u32 stop = kmb_fill_stop(p, deadline);

	while (stop == KMB_CAPACITY_STOP_NR) {
		void *ptr;

		if (!sleeps)
			preempt_disable();
		ptr = f->h->alloc(&f->o, p->size, gfp);
		if (!sleeps)
			preempt_enable();
		if (!ptr) {
			stop = KMB_CAPACITY_FAILED;
			break;
		}
		f->usable = kmb_fill_usable(family, p->size, ptr);
		p->zone_bytes[kmb_zone_of(kmb_fill_page(family, ptr))] +=
			f->usable;
		kmb_fill_hold(f, family, ptr);
		p->objects++;
		p->usable += f->usable;
		bytes_since += f->usable;
		objects_since++;
		if (bytes_since >= KMB_CAPACITY_CHECK_BYTES ||
		    objects_since >= KMB_CAPACITY_CHECK_OBJECTS) {
			/* The live counters are shared: one update per stretch. */
			kmb_live_add(objects_since, bytes_since);
			bytes_since = 0;
			objects_since = 0;
			cond_resched();
			stop = kmb_fill_stop(p, deadline);
		}
	}
	kmb_live_add(objects_since, bytes_since);
	p->alloc_ns = ktime_get_ns() - t0;
	p->capacity_stop = stop;
}

/**
 * kmb_capacity() - KMB_PROBE_CAPACITY: fill memory with @p->size objects
 * @p: the request (api, gfp, size, time_limit_ms), and the answer
 *
 * Return: 0 (how the fill ended is @p->capacity_stop), -EOPNOTSUPP for an
 * API without KMB_APIF_CAPACITY, -EINVAL for a size, time limit or GFP set
 * the API cannot take, or what preparing the API's state returned.
 */
int kmb_capacity(struct kmb_probe *p)
{
	const struct kmb_allocator *ops = kmb_allocator_get(p->api);
	struct kmb_fill f = { .pages = LIST_HEAD_INIT(f.pages) };
	u64 bits, bytes;
	bool sleeps;
	gfp_t gfp;
	int ret;

	if (!ops || !ops->probe || !(ops->flags & KMB_APIF_CAPACITY))
		return -EOPNOTSUPP;
	if (!p->time_limit_ms || p->time_limit_ms > KMB_PROBE_CAPACITY_MAX_MS ||
	    p->dma_mask_bits)
		return -EINVAL;
	if (ops->family == KMB_FAMILY_PAGES ? p->size > KMB_MAX_PAGE_ORDER :
	    p->size < sizeof(void *) || p->size > KMALLOC_MAX_SIZE ||
	    (ops->cache && p->size > KMB_CACHE_MAX_SIZE))
		return -EINVAL;
	bytes = kmb_probe_bytes(ops->family, p->size);
	ret = kmb_probe_check(p, bytes, &gfp, &bits);
	if (ret)
		return ret;
	sleeps = kmb_gfp_may_sleep(bits);
	if (sleeps && !(bits & KMB_GFP(RETRY_MAYFAIL))) {
		bits |= KMB_GFP(NORETRY);
		ret = kmb_gfp_map(bits, &gfp);
		if (ret)
			return ret;
	}
	p->gfp_used = bits;
	kmb_probe_headroom(p);

	f.h = ops->probe;
	if (f.h->prepare) {
		ret = f.h->prepare(&f.o, bytes);
		if (ret)
			return ret;
	}
	kmb_fill_run(p, &f, ops->family, gfp, sleeps);
	kmb_fill_release(&f);
	kmb_live_sub(p->objects, p->usable);
	if (f.o.cache)
		kmem_cache_destroy(f.o.cache);
	return 0;
}
