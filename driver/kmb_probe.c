// SPDX-License-Identifier: GPL-2.0
/*
 * Max-size probes (KMB_IOC_PROBE): the module answers one question per call
 * so that the runner can search for the largest allocation each API grants.
 * What differs between APIs is in their hooks (kmb_probe_hooks.c), reached
 * through the allocator table; the rules common to all of them are here
 * and, for the checks a CAPACITY fill makes too, in kmb_probe_hooks.c.
 *
 * Safety rules, whatever the runner asks:
 * - every attempt carries __GFP_NOWARN; sleeping sets also get
 *   __GFP_NORETRY for vmalloc, kvmalloc and costly sizes, so that a failing
 *   attempt fails instead of reclaiming hard or calling the OOM killer;
 * - no attempt may take more than the available memory minus a reserve;
 * - an attempt is freed before the call returns; only FRAGMENT holds
 *   memory across calls (kmb_frag.c), in chunks of the costly order so that
 *   no request that may call the OOM killer goes without, and closing the
 *   device releases it;
 * - non-sleeping sets (ATOMIC, NOWAIT) allocate with preemption disabled,
 *   so that an allocation that slept would show up as a bug, not as a
 *   result; APIs that always sleep (vmalloc) are refused for them;
 * - calls that the kernel answers with a WARN by design (vmalloc(0)) are
 *   made only when asked for explicitly (KMB_PROBE_ALLOW_WARN);
 * - no address leaves the module, only its category (NULL, ZERO_SIZE_PTR).
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kfence.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "kmb_internal.h"

/*
 * LIMITS: the search range for @p->api with @p->gfp. @p->probe_max stops
 * one step past @p->limit where that step fails cleanly under NOWARN (a
 * kmalloc or an order above the limit), so that the runner sees the first
 * failing size; it stops at @p->limit where it would not (a kmem_cache too
 * big for a slab dumps a stack) and at @p->cap for memory-sized APIs.
 */
static int kmb_probe_limits(struct kmb_probe *p)
{
	const struct kmb_allocator *ops;
	gfp_t gfp;
	u64 bits;
	int ret = kmb_probe_check(p, 0, &gfp, &bits);

	if (ret)
		return ret;
	ops = kmb_probe_api(p);
	kmb_probe_headroom(p);
	p->probe_min = 1;
	p->granule = 1;
	ops->probe->range(p, kmb_gfp_may_sleep(p->gfp));
	p->gfp_used = kmb_probe_gfp_bits(ops->probe, p->gfp,
					 kmb_probe_bytes(ops->family,
							 p->probe_max));
	return 0;
}

static void kmb_probe_free(const struct kmb_probe_hooks *h,
			   struct kmb_probe_obj *o)
{
	if (o->ptr)
		h->free(o);
	if (o->cache)
		kmem_cache_destroy(o->cache);
	o->ptr = NULL;
	o->cache = NULL;
}

/* Describes a live allocation: its category, backing and usable size. */
static void kmb_probe_describe(struct kmb_probe *p, enum kmb_family family,
			       const void *ptr)
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
	if (family == KMB_FAMILY_PAGES) {
		p->backing = KMB_PROBE_BACKING_PAGES;
		p->usable = PAGE_SIZE << p->size;
	} else if (family == KMB_FAMILY_DMA) {
		/* whole pages; ksize() knows nothing of them */
		p->backing = KMB_PROBE_BACKING_PAGES;
		p->usable = PAGE_ALIGN(p->size);
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
	const struct kmb_allocator *ops = kmb_probe_api(p);
	const struct kmb_probe_hooks *h;
	struct kmb_probe_obj o = { };
	u64 bytes, bits, t0;
	bool sleeps;
	gfp_t gfp;
	int ret;

	if (!ops)
		return -EOPNOTSUPP;
	h = ops->probe;
	bytes = kmb_probe_bytes(ops->family, p->size);
	ret = kmb_probe_check(p, bytes, &gfp, &bits);
	if (ret)
		return ret;
	kmb_probe_headroom(p);
	p->gfp_used = bits;
	sleeps = kmb_gfp_may_sleep(bits);

	if (ops->family == KMB_FAMILY_PAGES ?
	    p->size > KMB_MAX_PAGE_ORDER + 1 : bytes > (u64)LONG_MAX)
		return -EINVAL;
	if (ops->cache && (!bytes || bytes > KMB_CACHE_MAX_SIZE)) {
		/* kmem_cache_create() dumps a stack when it cannot comply */
		p->status = KMB_PROBE_REFUSED;
		return 0;
	}
	if ((h->zero_warns && !bytes && !(p->flags & KMB_PROBE_ALLOW_WARN)) ||
	    bytes > p->mem_available - min(p->mem_available, p->reserve / 2)) {
		p->status = KMB_PROBE_REFUSED;
		return 0;
	}
	if (signal_pending(current))
		return -EINTR;

	if (ops->flags & KMB_APIF_DMA) {
		o.dev = kmb_dma_device(p->dma_mask_bits);
		if (IS_ERR(o.dev))
			return PTR_ERR(o.dev);
	}
	if (h->prepare) {
		ret = h->prepare(&o, bytes);
		if (ret)
			return ret;
	}
	/*
	 * A set that may not sleep allocates with preemption off: were the
	 * allocator to sleep anyway, the kernel would report it.
	 */
	if (!sleeps)
		preempt_disable();
	t0 = ktime_get_ns();
	o.ptr = h->alloc(&o, p->size, gfp);
	p->alloc_ns = ktime_get_ns() - t0;
	if (!sleeps)
		preempt_enable();

	kmb_probe_describe(p, ops->family, o.ptr);
	p->status = o.ptr ? KMB_PROBE_OK : KMB_PROBE_FAILED;
	if (p->ptr == KMB_PROBE_PTR_VALID)
		kmb_live_add(1, p->usable);
	kmb_probe_free(h, &o);
	if (p->ptr == KMB_PROBE_PTR_VALID)
		kmb_live_sub(1, p->usable);
	return 0;
}

/**
 * kmb_probe_ioctl() - KMB_IOC_PROBE: one step of a max-size probe
 * @file: the open device (owner of a FRAGMENT hold)
 * @uarg: struct kmb_probe in user memory
 *
 * Return: 0 (a failed or refused allocation is a result, see
 * kmb_probe.status, a CAPACITY fill's end kmb_probe.capacity_stop), -EINVAL
 * for a malformed request or GFP flags that do not fit the API,
 * -EOPNOTSUPP for an API the probe does not cover, -EINTR
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
	    in.op >= KMB_PROBE_OP_NR ||
	    (in.op >= KMB_PROBE_FRAGMENT && in.dma_mask_bits) ||
	    (in.op != KMB_PROBE_CAPACITY && in.time_limit_ms))
		return -EINVAL;
	/* Only the inputs go on: nothing stale comes back out. */
	p.probe_size = in.probe_size;
	p.op = in.op;
	p.api = in.api;
	p.flags = in.flags;
	p.gfp = in.gfp;
	p.size = in.size;
	p.share_permille = in.share_permille;
	p.dma_mask_bits = in.dma_mask_bits;
	p.time_limit_ms = in.time_limit_ms;

	switch (p.op) {
	case KMB_PROBE_LIMITS:
		ret = kmb_probe_limits(&p);
		break;
	case KMB_PROBE_TRY:
		ret = kmb_probe_try(&p);
		break;
	case KMB_PROBE_FRAGMENT:
		ret = kmb_frag_hold(file, &p);
		break;
	case KMB_PROBE_CAPACITY:
		ret = kmb_capacity(&p);
		break;
	default:
		ret = kmb_frag_restore(file, &p);
		break;
	}
	if (ret)
		return ret;
	return copy_to_user(uarg, &p, sizeof(p)) ? -EFAULT : 0;
}
