// SPDX-License-Identifier: GPL-2.0
/*
 * kmembench's named GFP bits mapped to this kernel's gfp_t values. The ABI
 * never carries a raw gfp_t: its bits move between kernel versions.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "kmb_internal.h"

static const gfp_t kmb_gfp_values[KMB_GFP_BIT_NR] = {
	[KMB_GFP_BIT_KERNEL]		= GFP_KERNEL,
	[KMB_GFP_BIT_ATOMIC]		= GFP_ATOMIC,
	[KMB_GFP_BIT_NOWAIT]		= GFP_NOWAIT,
	[KMB_GFP_BIT_NOIO]		= GFP_NOIO,
	[KMB_GFP_BIT_NOFS]		= GFP_NOFS,
	[KMB_GFP_BIT_USER]		= GFP_USER,
	[KMB_GFP_BIT_HIGHUSER]		= GFP_HIGHUSER,
	[KMB_GFP_BIT_DMA]		= __GFP_DMA,
	[KMB_GFP_BIT_DMA32]		= __GFP_DMA32,
	[KMB_GFP_BIT_HIGHMEM]		= __GFP_HIGHMEM,
	[KMB_GFP_BIT_ZERO]		= __GFP_ZERO,
	[KMB_GFP_BIT_ACCOUNT]		= __GFP_ACCOUNT,
	[KMB_GFP_BIT_NORETRY]		= __GFP_NORETRY,
	[KMB_GFP_BIT_RETRY_MAYFAIL]	= __GFP_RETRY_MAYFAIL,
	[KMB_GFP_BIT_COMP]		= __GFP_COMP,
	[KMB_GFP_BIT_NOWARN]		= __GFP_NOWARN,
};

#define KMB_GFP_ZONE_MASK \
	(KMB_GFP(DMA) | KMB_GFP(DMA32) | KMB_GFP(HIGHMEM))
#define KMB_GFP_RETRY_MASK \
	(KMB_GFP(NORETRY) | KMB_GFP(RETRY_MAYFAIL))
/* Sets whose base may not sleep: the only ones allowed in atomic context. */
#define KMB_GFP_NOSLEEP_BASES \
	(KMB_GFP(ATOMIC) | KMB_GFP(NOWAIT))

/**
 * kmb_gfp_map() - translate kmembench GFP bits into a gfp_t
 * @kmb_gfp: KMB_GFP_* bits
 * @out: the kernel mask
 *
 * Return: 0, or -EINVAL for unknown bits, no or several base sets, several
 * zone modifiers, or NORETRY together with RETRY_MAYFAIL.
 */
int kmb_gfp_map(u64 kmb_gfp, gfp_t *out)
{
	gfp_t gfp = 0;
	unsigned int bit;

	if (kmb_gfp & ~KMB_GFP_VALID_MASK)
		return -EINVAL;
	if (hweight64(kmb_gfp & KMB_GFP_BASE_MASK) != 1)
		return -EINVAL;
	if (hweight64(kmb_gfp & KMB_GFP_ZONE_MASK) > 1)
		return -EINVAL;
	if ((kmb_gfp & KMB_GFP_RETRY_MASK) == KMB_GFP_RETRY_MASK)
		return -EINVAL;
	/* HIGHUSER already names a zone: no second one on top. */
	if ((kmb_gfp & KMB_GFP(HIGHUSER)) && (kmb_gfp & KMB_GFP_ZONE_MASK))
		return -EINVAL;

	for (bit = 0; bit < KMB_GFP_BIT_NR; bit++)
		if (kmb_gfp & BIT_ULL(bit))
			gfp |= kmb_gfp_values[bit];
	*out = gfp;
	return 0;
}

/**
 * kmb_gfp_may_sleep() - whether the base set of @kmb_gfp may sleep
 * @kmb_gfp: KMB_GFP_* bits, already accepted by kmb_gfp_map()
 *
 * Return: true unless the base set is ATOMIC or NOWAIT.
 */
bool kmb_gfp_may_sleep(u64 kmb_gfp)
{
	return !(kmb_gfp & KMB_GFP_NOSLEEP_BASES);
}

/**
 * kmb_gfp_check() - reject flag sets an API or a context cannot take
 * @ops: the allocator
 * @kmb_gfp: KMB_GFP_* bits, already accepted by kmb_gfp_map()
 * @context: enum kmb_context
 *
 * The slab allocator warns on highmem and DMA32 requests and strips them,
 * __GFP_COMP only means something for compound pages, a sleeping
 * allocation with preemption or interrupts off is a bug, not a benchmark,
 * and an API that takes no flags would run the same whatever was asked.
 *
 * Return: 0 or -EINVAL.
 */
int kmb_gfp_check(const struct kmb_allocator *ops, u64 kmb_gfp, u32 context)
{
	bool sleeps = kmb_gfp_may_sleep(kmb_gfp);

	if (context != KMB_CTX_PROCESS && (sleeps || ops->always_sleeps))
		return -EINVAL;
	if (context == KMB_CTX_IRQ_OFF && ops->no_irq_off)
		return -EINVAL;
	if (ops->always_sleeps && !sleeps)
		return -EINVAL;
	if (ops->no_gfp && kmb_gfp != KMB_GFP(KERNEL))
		return -EINVAL;
	if (kmb_gfp & ops->gfp_forbidden)
		return -EINVAL;

	switch (ops->family) {
	case KMB_FAMILY_SLAB:
		if (kmb_gfp & (KMB_GFP(HIGHUSER) | KMB_GFP(HIGHMEM) |
			       KMB_GFP(DMA32) | KMB_GFP(COMP)))
			return -EINVAL;
		break;
	case KMB_FAMILY_VMALLOC:
		/* vmalloc picks its own zones and never returns compound pages */
		if (kmb_gfp & (KMB_GFP_ZONE_MASK | KMB_GFP(HIGHUSER) |
			       KMB_GFP(COMP)))
			return -EINVAL;
		break;
	case KMB_FAMILY_PAGES:
		break;
	}
	return 0;
}
