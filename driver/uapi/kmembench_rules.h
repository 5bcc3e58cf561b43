/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The rules for impossible cases that the module and the runner both apply,
 * written once: the module refuses a case that breaks one with -EINVAL, the
 * runner skips it and says which rule it breaks. Included at the end of
 * kmembench.h; not meant to be included on its own.
 */
#ifndef _UAPI_LINUX_KMEMBENCH_RULES_H
#define _UAPI_LINUX_KMEMBENCH_RULES_H

/*
 * The GFP rules both sides apply: the module refuses a case that breaks
 * one with -EINVAL, the runner skips it and names the rule. 0 is no rule
 * broken; the runner's messages follow this order.
 */
enum kmb_gfp_rule {
	KMB_GFP_RULE_OK,
	/* the flag set itself, whatever the API */
	KMB_GFP_RULE_UNKNOWN_BITS,	/* bits past KMB_GFP_BIT_NR */
	KMB_GFP_RULE_NO_BASE,		/* no base set */
	KMB_GFP_RULE_BASES,		/* more than one base set */
	KMB_GFP_RULE_ZONES,		/* more than one zone modifier */
	KMB_GFP_RULE_RETRIES,		/* NORETRY with RETRY_MAYFAIL */
	KMB_GFP_RULE_HIGHUSER_ZONE,	/* HIGHUSER already names a zone */
	/* the flags with an API and a context */
	KMB_GFP_RULE_API_SLEEPS_CTX,	/* an API that sleeps, not in process */
	KMB_GFP_RULE_SLEEPS_CTX,	/* a sleeping set, not in process */
	KMB_GFP_RULE_IRQ_OFF,		/* KMB_APIF_NO_IRQ_OFF with irqs off
					 * (irq-off, hardirq) */
	KMB_GFP_RULE_API_SLEEPS,	/* an API that sleeps, a set that may not */
	KMB_GFP_RULE_NO_GFP,		/* KMB_APIF_NO_GFP, not KERNEL alone */
	KMB_GFP_RULE_FORBIDDEN,		/* bits the API or its family cannot take */
};

#define KMB_GFP_ZONE_MASK	(KMB_GFP(DMA) | KMB_GFP(DMA32) | KMB_GFP(HIGHMEM))
#define KMB_GFP_RETRY_MASK	(KMB_GFP(NORETRY) | KMB_GFP(RETRY_MAYFAIL))
/* Sets whose base may not sleep: the only ones allowed in atomic context. */
#define KMB_GFP_NOSLEEP_BASES	(KMB_GFP(ATOMIC) | KMB_GFP(NOWAIT))

/* Whether the base set of @gfp may sleep (not ATOMIC, not NOWAIT). */
static inline int kmb_gfp_sleeps(__u64 gfp)
{
	return !(gfp & KMB_GFP_NOSLEEP_BASES);
}

/**
 * kmb_gfp_form_rule() - whether @gfp is a well-formed flag set
 * @gfp: KMB_GFP_* bits
 *
 * Return: KMB_GFP_RULE_OK, or the first rule of the flag set it breaks.
 */
static inline enum kmb_gfp_rule kmb_gfp_form_rule(__u64 gfp)
{
	__u64 base = gfp & KMB_GFP_BASE_MASK, zones = gfp & KMB_GFP_ZONE_MASK;

	if (gfp & ~KMB_GFP_VALID_MASK)
		return KMB_GFP_RULE_UNKNOWN_BITS;
	if (!base)
		return KMB_GFP_RULE_NO_BASE;
	if (base & (base - 1))
		return KMB_GFP_RULE_BASES;
	if (zones & (zones - 1))
		return KMB_GFP_RULE_ZONES;
	if ((gfp & KMB_GFP_RETRY_MASK) == KMB_GFP_RETRY_MASK)
		return KMB_GFP_RULE_RETRIES;
	if ((gfp & KMB_GFP(HIGHUSER)) && zones)
		return KMB_GFP_RULE_HIGHUSER_ZONE;
	return KMB_GFP_RULE_OK;
}

/**
 * kmb_gfp_family_forbidden() - the bits no API of @family can take
 * @family: enum kmb_family
 *
 * The slab allocator warns on highmem and DMA32 requests and strips them,
 * __GFP_COMP only means something for compound pages, vmalloc picks its
 * own zones and never returns compound pages, and the DMA API takes its
 * zone from the device's mask and WARNs on __GFP_COMP.
 *
 * Return: KMB_GFP_* bits.
 */
static inline __u64 kmb_gfp_family_forbidden(enum kmb_family family)
{
	switch (family) {
	case KMB_FAMILY_SLAB:
		return KMB_GFP(HIGHUSER) | KMB_GFP(HIGHMEM) | KMB_GFP(DMA32) |
		       KMB_GFP(COMP);
	case KMB_FAMILY_VMALLOC:
		return KMB_GFP_ZONE_MASK | KMB_GFP(HIGHUSER) | KMB_GFP(COMP);
	case KMB_FAMILY_DMA:
		/* the device's mask picks the zone; __GFP_COMP WARNs */
		return KMB_GFP_ZONE_MASK | KMB_GFP(HIGHUSER) | KMB_GFP(COMP);
	default:
		return 0;
	}
}

/**
 * kmb_ctx_irqs_off() - whether @context runs with interrupts off
 * @context: enum kmb_context
 *
 * A hard interrupt runs with them off as irq-off does: an API that turns
 * them back on inside (KMB_APIF_NO_IRQ_OFF) must not run in either.
 *
 * Return: nonzero when interrupts are off around the timed operations.
 */
static inline int kmb_ctx_irqs_off(__u32 context)
{
	return context == KMB_CTX_IRQ_OFF || context == KMB_CTX_HARDIRQ;
}

/**
 * kmb_gfp_api_rule() - whether an API can take well-formed flags in a context
 * @family: the API's enum kmb_family
 * @flags: the API's KMB_APIF_* bits
 * @forbidden: KMB_GFP_* bits the API cannot take on top of its family's
 * @gfp: KMB_GFP_* bits, already accepted by kmb_gfp_form_rule()
 * @context: enum kmb_context
 *
 * A sleeping allocation with preemption or interrupts off, or in a hard or
 * soft interrupt, is a bug, not a benchmark, and an API that takes no flags
 * would run the same whatever was asked.
 *
 * Return: KMB_GFP_RULE_OK, or the first rule it breaks.
 */
static inline enum kmb_gfp_rule kmb_gfp_api_rule(enum kmb_family family,
						 __u32 flags, __u64 forbidden,
						 __u64 gfp, __u32 context)
{
	int sleeps = kmb_gfp_sleeps(gfp);

	if (context != KMB_CTX_PROCESS && (flags & KMB_APIF_SLEEPS))
		return KMB_GFP_RULE_API_SLEEPS_CTX;
	if (context != KMB_CTX_PROCESS && sleeps)
		return KMB_GFP_RULE_SLEEPS_CTX;
	if (kmb_ctx_irqs_off(context) && (flags & KMB_APIF_NO_IRQ_OFF))
		return KMB_GFP_RULE_IRQ_OFF;
	if ((flags & KMB_APIF_SLEEPS) && !sleeps)
		return KMB_GFP_RULE_API_SLEEPS;
	if ((flags & KMB_APIF_NO_GFP) && gfp != KMB_GFP(KERNEL))
		return KMB_GFP_RULE_NO_GFP;
	if (gfp & (forbidden | kmb_gfp_family_forbidden(family)))
		return KMB_GFP_RULE_FORBIDDEN;
	return KMB_GFP_RULE_OK;
}

/**
 * kmb_grow_steps() - krealloc steps from @size to @size_max by doubling
 * @size: the first size (at least 1 for a resizing API)
 * @size_max: the size the chain grows to
 *
 * One rule for both sides: the module sizes its sample buffers with it and
 * the runner its expectations. At most 64, so that no input loops forever.
 *
 * Return: the number of doublings until @size reaches @size_max.
 */
static inline __u32 kmb_grow_steps(__u64 size, __u64 size_max)
{
	__u32 k = 0;

	while (size < size_max && k < 64) {
		size <<= 1;
		k++;
	}
	return k;
}

/*
 * The smallest object an API with KMB_APIF_RCU takes: kfree_rcu() threads
 * the object onto its list through a struct rcu_head inside it, two
 * pointers. A fixed number rather than sizeof, so that a 32-bit runner and
 * a 64-bit module agree; the module checks that an rcu_head fits in it.
 */
#define KMB_RCU_MIN_SIZE	16

/**
 * kmb_rcu_size_ok() - whether a size suits an API's rcu_head rule
 * @flags: the API's KMB_APIF_* bits
 * @size: the smallest object the case allocates, in bytes
 *
 * Return: nonzero when the API has no rcu_head inside its objects or
 * @size holds one.
 */
static inline int kmb_rcu_size_ok(__u32 flags, __u64 size)
{
	return !(flags & KMB_APIF_RCU) || size >= KMB_RCU_MIN_SIZE;
}

/*
 * DMA masks a case may name, in bits (kmb_case.dma_mask_bits): a mask the
 * platform refuses within them is the module's answer, -EIO.
 */
#define KMB_DMA_MASK_BITS_MIN	1
#define KMB_DMA_MASK_BITS_MAX	64

/**
 * kmb_dma_cma_min_size() - the smallest size only CMA can grant
 * @page_size: kmb_info.page_size
 * @max_page_order: kmb_info.max_page_order
 *
 * dma_alloc_coherent() takes sizes above a page from the CMA area when
 * there is one, and falls back to the buddy allocator, whose largest block
 * is 2^max_page_order pages: a case of KMB_APIF_CMA asks for more, so that
 * it measures CMA and nothing else.
 *
 * Return: bytes; a size must be at least this.
 */
static inline __u64 kmb_dma_cma_min_size(__u32 page_size,
					 __u32 max_page_order)
{
	return ((__u64)page_size << max_page_order) + page_size;
}

#endif /* _UAPI_LINUX_KMEMBENCH_RULES_H */
