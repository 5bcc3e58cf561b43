// SPDX-License-Identifier: GPL-2.0
/*
 * Max-size probes (KMB_IOC_PROBE): the module answers one question per call
 * so that the runner can search for the largest allocation each API grants.
 *
 * Safety rules, whatever the runner asks:
 * - every attempt carries __GFP_NOWARN; sleeping sets also get
 *   __GFP_NORETRY for vmalloc, kvmalloc and costly sizes, so that a failing
 *   attempt fails instead of reclaiming hard or calling the OOM killer;
 * - no attempt may take more than the available memory minus a reserve;
 * - an attempt is freed before the call returns; only FRAGMENT holds
 *   memory across calls, in chunks of the costly order so that no request
 *   that may call the OOM killer goes without, and closing the device
 *   releases it;
 * - non-sleeping sets (ATOMIC, NOWAIT) allocate with preemption disabled,
 *   so that an allocation that slept would show up as a bug, not as a
 *   result; APIs that always sleep (vmalloc) are refused for them;
 * - calls that the kernel answers with a WARN by design (vmalloc(0)) are
 *   made only when asked for explicitly (KMB_PROBE_ALLOW_WARN);
 * - no address leaves the module, only its category (NULL, ZERO_SIZE_PTR).
 */
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kfence.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "kmb_internal.h"

/* A probe leaves an eighth of available memory free, and at least this. */
#define KMB_PROBE_RESERVE_MIN	(64ULL << 20)
#define KMB_PROBE_RESERVE_DIV	8

/* RESTORE: chunks freed between two chances to reschedule. */
#define KMB_FRAG_CHUNK		256

/*
 * What kmb_gfp_check() needs to know of each probed API: its family and
 * whether it sleeps whatever the flags say.
 */
static const struct kmb_allocator kmb_probe_slab_ops = {
	.name = "probe-slab", .family = KMB_FAMILY_SLAB,
};

/* kvmalloc falls back to vmalloc, which takes no zone modifiers. */
static const struct kmb_allocator kmb_probe_kvmalloc_ops = {
	.name = "probe-kvmalloc", .family = KMB_FAMILY_VMALLOC,
};

static const struct kmb_allocator kmb_probe_vmalloc_ops = {
	.name = "probe-vmalloc", .family = KMB_FAMILY_VMALLOC,
	.always_sleeps = true,
};

static const struct kmb_allocator kmb_probe_pages_ops = {
	.name = "probe-pages", .family = KMB_FAMILY_PAGES,
};

static const struct kmb_allocator *kmb_probe_ops(u32 api)
{
	switch (api) {
	case KMB_API_KMALLOC:
	case KMB_API_KZALLOC:
	case KMB_API_KMEM_CACHE:
		return &kmb_probe_slab_ops;
	case KMB_API_KVMALLOC:
		return &kmb_probe_kvmalloc_ops;
	case KMB_API_VMALLOC:
	case KMB_API_VMALLOC_GFP:
		return &kmb_probe_vmalloc_ops;
	case KMB_API_ALLOC_PAGES:
		return &kmb_probe_pages_ops;
	default:
		return NULL;
	}
}

/* FRAGMENT holds and frees chunks of this order, see kmb_probe.frag_order. */
#define KMB_FRAG_ORDER		PAGE_ALLOC_COSTLY_ORDER

/**
 * struct kmb_frag - the chunks FRAGMENT holds
 * @lock: serialises FRAGMENT, RESTORE and release
 * @owner: the open file that made the hold, released with it
 * @chunks: first page of every held chunk (split: order-0 pages)
 * @nr: entries in @chunks
 * @max: room in @chunks
 */
struct kmb_frag {
	struct mutex lock;
	struct file *owner;
	struct page **chunks;
	unsigned long nr;
	unsigned long max;
};

static struct kmb_frag kmb_frag = {
	.lock = __MUTEX_INITIALIZER(kmb_frag.lock),
};

/* Makes kmem_cache names unique, so that no two caches ever share one. */
static atomic_t kmb_probe_cache_seq = ATOMIC_INIT(0);

static u64 kmb_probe_available(void)
{
	long pages = si_mem_available();

	return pages > 0 ? (u64)pages << PAGE_SHIFT : 0;
}

static u64 kmb_probe_reserve(u64 avail)
{
	return max_t(u64, avail / KMB_PROBE_RESERVE_DIV, KMB_PROBE_RESERVE_MIN);
}

/* Fills the memory fields every answer carries. */
static void kmb_probe_headroom(struct kmb_probe *p)
{
	p->mem_available = kmb_probe_available();
	p->reserve = kmb_probe_reserve(p->mem_available);
	p->cap = p->mem_available > p->reserve ?
		 p->mem_available - p->reserve : 0;
}

/* Bytes a request of @size takes (@size is an order for page APIs). */
static u64 kmb_probe_bytes(u32 api, u64 size)
{
	if (api == KMB_API_ALLOC_PAGES)
		return size < BITS_PER_LONG - PAGE_SHIFT ?
		       PAGE_SIZE << size : U64_MAX;
	return size;
}

static bool kmb_probe_is_vmalloc(u32 api)
{
	return api == KMB_API_VMALLOC || api == KMB_API_VMALLOC_GFP;
}

/*
 * The flags a probe of @bytes really uses: NOWARN always, because failing
 * is the expected outcome at the top of every search; NORETRY for sleeping
 * sets where a failure would otherwise mean hard reclaim or the OOM killer.
 * RETRY_MAYFAIL already rules the OOM killer out and excludes NORETRY.
 */
static u64 kmb_probe_gfp_bits(u32 api, u64 gfp, u64 bytes)
{
	gfp |= KMB_GFP(NOWARN);
	if (kmb_gfp_may_sleep(gfp) && !(gfp & KMB_GFP(RETRY_MAYFAIL)) &&
	    (kmb_probe_is_vmalloc(api) || api == KMB_API_KVMALLOC ||
	     bytes > (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)))
		gfp |= KMB_GFP(NORETRY);
	return gfp;
}

/*
 * LIMITS: the search range for @p->api with @p->gfp. @p->probe_max stops
 * one step past @p->limit where that step fails cleanly under NOWARN (a
 * kmalloc or an order above the limit), so that the runner sees the first
 * failing size; it stops at @p->limit where it would not (a kmem_cache too
 * big for a slab dumps a stack) and at @p->cap for memory-sized APIs.
 */
static void kmb_probe_range(struct kmb_probe *p)
{
	u64 cap = p->cap;
	u64 ram = (u64)totalram_pages() << PAGE_SHIFT;
	u64 vmalloc_total = (u64)(VMALLOC_END - VMALLOC_START) + 1;
	bool sleeps = kmb_gfp_may_sleep(p->gfp);

	p->probe_min = 1;
	p->granule = 1;
	switch (p->api) {
	case KMB_API_KMALLOC:
	case KMB_API_KZALLOC:
		p->limit = KMALLOC_MAX_SIZE;
		p->limit_bound = KMB_PROBE_BOUND_KMALLOC_MAX_SIZE;
		p->probe_max = min(p->limit + 1, cap);
		break;
	case KMB_API_KMEM_CACHE:
		/*
		 * SLUB needs the object to fit in one slab of the top order,
		 * with room for its debugging metadata: KMB_CACHE_MAX_SIZE.
		 */
		p->limit = KMB_CACHE_MAX_SIZE;
		p->limit_bound = KMB_PROBE_BOUND_MAX_PAGE_ORDER;
		p->probe_max = min(p->limit, cap);
		break;
	case KMB_API_KVMALLOC:
		if (!sleeps) {
			/* no vmalloc fallback without sleeping: kmalloc only */
			p->limit = KMALLOC_MAX_SIZE;
			p->limit_bound = KMB_PROBE_BOUND_KMALLOC_MAX_SIZE;
			p->probe_max = min(p->limit + 1, cap);
			break;
		}
		p->limit = INT_MAX;
		p->limit_bound = KMB_PROBE_BOUND_INT_MAX;
		p->granule = PAGE_SIZE;
		p->probe_max = min_t(u64, (u64)INT_MAX + 1,
				     round_down(cap, PAGE_SIZE));
		break;
	case KMB_API_VMALLOC:
	case KMB_API_VMALLOC_GFP:
		p->limit = min(ram, vmalloc_total);
		p->limit_bound = ram <= vmalloc_total ?
				 KMB_PROBE_BOUND_TOTAL_RAM :
				 KMB_PROBE_BOUND_VMALLOC_TOTAL;
		p->probe_min = PAGE_SIZE;
		p->granule = PAGE_SIZE;
		p->probe_max = min(p->limit, round_down(cap, PAGE_SIZE));
		break;
	case KMB_API_ALLOC_PAGES:
		p->probe_min = 0;
		p->limit = KMB_MAX_PAGE_ORDER;
		p->limit_bound = KMB_PROBE_BOUND_MAX_PAGE_ORDER;
		p->probe_max = p->limit + 1;
		while (p->probe_max && kmb_probe_bytes(p->api, p->probe_max) > cap)
			p->probe_max--;
		break;
	}
	p->gfp_used = kmb_probe_gfp_bits(p->api, p->gfp,
					 kmb_probe_bytes(p->api, p->probe_max));
}

/* Checks @p->api and @p->gfp as a TRY would use them, for @bytes. */
static int kmb_probe_check(const struct kmb_probe *p, u64 bytes, gfp_t *gfp,
			   u64 *bits)
{
	const struct kmb_allocator *ops = kmb_probe_ops(p->api);
	int ret;

	if (!ops)
		return -EOPNOTSUPP;
	*bits = kmb_probe_gfp_bits(p->api, p->gfp, bytes);
	ret = kmb_gfp_map(*bits, gfp);
	if (ret)
		return ret;
	return kmb_gfp_check(ops, *bits, KMB_CTX_PROCESS);
}

static int kmb_probe_limits(struct kmb_probe *p)
{
	gfp_t gfp;
	u64 bits;
	int ret = kmb_probe_check(p, 0, &gfp, &bits);

	if (ret)
		return ret;
	kmb_probe_headroom(p);
	kmb_probe_range(p);
	return 0;
}

/**
 * struct kmb_probe_obj - one TRY's allocation
 * @ptr: what the API returned (for pages: the struct page)
 * @cache: the kmem_cache made for a KMEM_CACHE TRY
 * @order: the order of a page TRY
 */
struct kmb_probe_obj {
	void *ptr;
	struct kmem_cache *cache;
	unsigned int order;
};

/* Process-context preparation: a kmem_cache of @size-byte objects. */
static int kmb_probe_prepare(u32 api, u64 size, struct kmb_probe_obj *o)
{
	char name[32];

	if (api != KMB_API_KMEM_CACHE)
		return 0;
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

/* Allocates @size bytes, or pages of order @size for ALLOC_PAGES. */
static void *kmb_probe_alloc(u32 api, u64 size, gfp_t gfp,
			     struct kmb_probe_obj *o)
{
	switch (api) {
	case KMB_API_KMALLOC:
		return kmalloc(size, gfp);
	case KMB_API_KZALLOC:
		return kzalloc(size, gfp);
	case KMB_API_KVMALLOC:
		return kvmalloc(size, gfp);
	case KMB_API_VMALLOC:
	case KMB_API_VMALLOC_GFP:
		return __vmalloc(size, gfp);
	case KMB_API_KMEM_CACHE:
		return kmem_cache_alloc(o->cache, gfp);
	case KMB_API_ALLOC_PAGES:
		o->order = size;
		return alloc_pages(gfp, o->order);
	}
	return NULL;
}

static void kmb_probe_free(u32 api, struct kmb_probe_obj *o)
{
	if (o->ptr) {
		switch (api) {
		case KMB_API_KMALLOC:
		case KMB_API_KZALLOC:
			kfree(o->ptr);
			break;
		case KMB_API_KVMALLOC:
			kvfree(o->ptr);
			break;
		case KMB_API_VMALLOC:
		case KMB_API_VMALLOC_GFP:
			vfree(o->ptr);
			break;
		case KMB_API_KMEM_CACHE:
			kmem_cache_free(o->cache, o->ptr);
			break;
		case KMB_API_ALLOC_PAGES:
			__free_pages(o->ptr, o->order);
			break;
		}
	}
	if (o->cache)
		kmem_cache_destroy(o->cache);
	o->ptr = NULL;
	o->cache = NULL;
}

/* Describes a live allocation: its category, backing and usable size. */
static void kmb_probe_describe(struct kmb_probe *p, const void *ptr)
{
	if (!ptr) {
		p->ptr = KMB_PROBE_PTR_NULL;
		p->backing = KMB_PROBE_BACKING_NONE;
		return;
	}
	if (ptr == ZERO_SIZE_PTR) {
		p->ptr = KMB_PROBE_PTR_ZERO_SIZE;
		p->backing = KMB_PROBE_BACKING_NONE;
		return;
	}
	p->ptr = KMB_PROBE_PTR_VALID;
	if (p->api == KMB_API_ALLOC_PAGES) {
		p->backing = KMB_PROBE_BACKING_PAGES;
		p->usable = PAGE_SIZE << p->size;
	} else if (is_vmalloc_addr(ptr)) {
		p->backing = KMB_PROBE_BACKING_VMALLOC;
		p->usable = PAGE_ALIGN(p->size);
	} else {
		if (is_kfence_address(ptr))
			p->backing = KMB_PROBE_BACKING_KFENCE;
		else if (PageSlab(virt_to_head_page(ptr)))
			p->backing = KMB_PROBE_BACKING_SLAB;
		else
			p->backing = KMB_PROBE_BACKING_PAGES;
		p->usable = ksize(ptr);
	}
}

/*
 * TRY: one allocation of @p->size, described and freed at once. Sizes past
 * the memory guard are refused rather than attempted; vmalloc(0), which
 * WARNs by design, only runs with KMB_PROBE_ALLOW_WARN.
 */
static int kmb_probe_try(struct kmb_probe *p)
{
	struct kmb_probe_obj o = { };
	u64 bytes = kmb_probe_bytes(p->api, p->size), bits, t0;
	bool sleeps;
	gfp_t gfp;
	int ret;

	ret = kmb_probe_check(p, bytes, &gfp, &bits);
	if (ret)
		return ret;
	kmb_probe_headroom(p);
	p->gfp_used = bits;
	sleeps = kmb_gfp_may_sleep(bits);

	if (p->api == KMB_API_ALLOC_PAGES ? p->size > KMB_MAX_PAGE_ORDER + 1 :
	    bytes > (u64)LONG_MAX)
		return -EINVAL;
	if (p->api == KMB_API_KMEM_CACHE &&
	    (!bytes || bytes > KMB_CACHE_MAX_SIZE)) {
		/* kmem_cache_create() dumps a stack when it cannot comply */
		p->status = KMB_PROBE_REFUSED;
		return 0;
	}
	if ((kmb_probe_is_vmalloc(p->api) && !bytes &&
	     !(p->flags & KMB_PROBE_ALLOW_WARN)) ||
	    bytes > p->mem_available - min(p->mem_available, p->reserve / 2)) {
		p->status = KMB_PROBE_REFUSED;
		return 0;
	}
	if (signal_pending(current))
		return -EINTR;

	ret = kmb_probe_prepare(p->api, bytes, &o);
	if (ret)
		return ret;
	/*
	 * A set that may not sleep allocates with preemption off: were the
	 * allocator to sleep anyway, the kernel would report it.
	 */
	if (!sleeps)
		preempt_disable();
	t0 = ktime_get_ns();
	o.ptr = kmb_probe_alloc(p->api, p->size, gfp, &o);
	p->alloc_ns = ktime_get_ns() - t0;
	if (!sleeps)
		preempt_enable();

	kmb_probe_describe(p, o.ptr);
	p->status = o.ptr ? KMB_PROBE_OK : KMB_PROBE_FAILED;
	if (p->ptr == KMB_PROBE_PTR_VALID) {
		atomic64_inc(&kmb_live_objects);
		atomic64_add(p->usable, &kmb_live_bytes);
	}
	/* kfree() and kvfree() take ZERO_SIZE_PTR like NULL */
	kmb_probe_free(p->api, &o);
	if (p->ptr == KMB_PROBE_PTR_VALID) {
		atomic64_dec(&kmb_live_objects);
		atomic64_sub(p->usable, &kmb_live_bytes);
	}
	return 0;
}

static void kmb_frag_free_chunk(struct page *head)
{
	unsigned int i;

	for (i = 0; i < 1U << KMB_FRAG_ORDER; i++)
		__free_page(nth_page(head, i));
}

/* Frees every chunk the hold has; call with kmb_frag.lock held. */
static unsigned long kmb_frag_release_locked(void)
{
	unsigned long i, freed = kmb_frag.nr << KMB_FRAG_ORDER;

	for (i = 0; i < kmb_frag.nr; i++) {
		kmb_frag_free_chunk(kmb_frag.chunks[i]);
		if (i % KMB_FRAG_CHUNK == 0)
			cond_resched();
	}
	atomic64_sub(freed, &kmb_live_objects);
	atomic64_sub((u64)freed << PAGE_SHIFT, &kmb_live_bytes);
	kvfree(kmb_frag.chunks);
	kmb_frag.chunks = NULL;
	kmb_frag.nr = 0;
	kmb_frag.max = 0;
	kmb_frag.owner = NULL;
	return freed;
}

/*
 * Splits an order-@order block into order-0 pages and keeps every other
 * chunk, while there is room; frees the rest. A freed chunk's buddy of the
 * same order is a held chunk, so the buddy allocator cannot merge it
 * further.
 */
static void kmb_frag_split(struct page *page, unsigned int order)
{
	unsigned long c, nr_chunks = 1UL << (order - KMB_FRAG_ORDER);

	split_page(page, order);
	for (c = 0; c < nr_chunks; c++) {
		struct page *head = nth_page(page, c << KMB_FRAG_ORDER);

		if (c % 2 == 0 && kmb_frag.nr < kmb_frag.max) {
			kmb_frag.chunks[kmb_frag.nr++] = head;
			atomic64_add(1U << KMB_FRAG_ORDER, &kmb_live_objects);
			atomic64_add(PAGE_SIZE << KMB_FRAG_ORDER, &kmb_live_bytes);
		} else {
			kmb_frag_free_chunk(head);
		}
	}
}

/*
 * Takes the largest blocks it can get, from the top order down, and splits
 * each; stops when the hold is full, no block above KMB_FRAG_ORDER is
 * left, available memory reaches @reserve, or a signal comes.
 */
static int kmb_frag_take(u64 reserve, struct kmb_probe *p)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY;
	unsigned int order = KMB_MAX_PAGE_ORDER;

	while (kmb_frag.nr < kmb_frag.max && order > KMB_FRAG_ORDER) {
		struct page *page;

		if (signal_pending(current))
			return -EINTR;
		/* others may be allocating too: keep the reserve */
		if (kmb_probe_available() < reserve + (PAGE_SIZE << order))
			break;
		cond_resched();
		page = alloc_pages(gfp, order);
		if (!page) {
			order--;
			continue;
		}
		p->frag_top_order = max(p->frag_top_order, order);
		p->pages_taken += 1UL << order;
		kmb_frag_split(page, order);
	}
	return 0;
}

/*
 * FRAGMENT: hold up to @p->share_permille of available memory (never past
 * the reserve) as every other chunk of the largest free blocks.
 */
static int kmb_probe_fragment(struct file *file, struct kmb_probe *p)
{
	u64 t0 = ktime_get_ns(), bytes;
	int ret;

	if (!p->share_permille ||
	    p->share_permille > KMB_PROBE_FRAG_MAX_PERMILLE)
		return -EINVAL;

	mutex_lock(&kmb_frag.lock);
	if (kmb_frag.owner) {
		ret = -EBUSY;
		goto out_unlock;
	}
	kmb_probe_headroom(p);
	bytes = min(div_u64(p->mem_available * p->share_permille, 1000),
		    p->cap);
	kmb_frag.max = bytes >> (PAGE_SHIFT + KMB_FRAG_ORDER);
	kmb_frag.chunks = kvmalloc_array(max(kmb_frag.max, 1UL),
					 sizeof(struct page *),
					 GFP_KERNEL | __GFP_NOWARN);
	if (!kmb_frag.chunks) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	kmb_frag.owner = file;
	p->frag_order = KMB_FRAG_ORDER;
	ret = kmb_frag_take(p->reserve, p);
	if (ret) {
		kmb_frag_release_locked();
		goto out_unlock;
	}
	p->pages_held = kmb_frag.nr << KMB_FRAG_ORDER;
	p->alloc_ns = ktime_get_ns() - t0;
	kmb_probe_headroom(p);
out_unlock:
	mutex_unlock(&kmb_frag.lock);
	return ret;
}

static int kmb_probe_restore(struct file *file, struct kmb_probe *p)
{
	mutex_lock(&kmb_frag.lock);
	if (kmb_frag.owner == file)
		p->pages_held = kmb_frag_release_locked();
	mutex_unlock(&kmb_frag.lock);
	kmb_probe_headroom(p);
	return 0;
}

/**
 * kmb_probe_release() - free what a closing file still holds
 * @file: the file being released
 *
 * A runner killed between FRAGMENT and RESTORE leaves no pages behind.
 */
void kmb_probe_release(struct file *file)
{
	mutex_lock(&kmb_frag.lock);
	if (kmb_frag.owner == file)
		kmb_frag_release_locked();
	mutex_unlock(&kmb_frag.lock);
}

/**
 * kmb_probe_ioctl() - KMB_IOC_PROBE: one step of a max-size probe
 * @file: the open device (owner of a FRAGMENT hold)
 * @uarg: struct kmb_probe in user memory
 *
 * Return: 0 (a failed or refused allocation is a result, see
 * kmb_probe.status), -EINVAL for a malformed request or GFP flags that do
 * not fit the API, -EOPNOTSUPP for an API the probe does not cover, -EINTR
 * when a signal is pending, -EBUSY for a second FRAGMENT, -ENOMEM when the
 * module's own bookkeeping cannot be allocated, -EFAULT for bad pointers.
 */
long kmb_probe_ioctl(struct file *file, struct kmb_probe __user *uarg)
{
	struct kmb_probe in, p = { };
	int ret;

	if (copy_from_user(&in, uarg, sizeof(in)))
		return -EFAULT;
	if (in.probe_size != sizeof(in) || in.flags & ~KMB_PROBE_VALID_FLAGS ||
	    in.reserved || in.op >= KMB_PROBE_OP_NR)
		return -EINVAL;
	/* Only the inputs go on: nothing stale comes back out. */
	p.probe_size = in.probe_size;
	p.op = in.op;
	p.api = in.api;
	p.flags = in.flags;
	p.gfp = in.gfp;
	p.size = in.size;
	p.share_permille = in.share_permille;

	switch (p.op) {
	case KMB_PROBE_LIMITS:
		ret = kmb_probe_limits(&p);
		break;
	case KMB_PROBE_TRY:
		ret = kmb_probe_try(&p);
		break;
	case KMB_PROBE_FRAGMENT:
		ret = kmb_probe_fragment(file, &p);
		break;
	default:
		ret = kmb_probe_restore(file, &p);
		break;
	}
	if (ret)
		return ret;
	return copy_to_user(uarg, &p, sizeof(p)) ? -EFAULT : 0;
}
