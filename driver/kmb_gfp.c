// SPDX-License-Identifier: GPL-2.0
/*
 * kmembench's named GFP bits mapped to this kernel's gfp_t values. The ABI
 * never carries a raw gfp_t: its bits move between kernel versions.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>

#include "kmb_internal.h"

#define KMB_GFP_VALUE(name, kernel_value) [KMB_GFP_BIT_##name] = kernel_value,

static const gfp_t kmb_gfp_values[KMB_GFP_BIT_NR] = {
	KMB_GFP_BITS(KMB_GFP_VALUE)
};

/**
 * kmb_gfp_map() - translate kmembench GFP bits into a gfp_t
 * @kmb_gfp: KMB_GFP_* bits
 * @out: the kernel mask
 *
 * Return: 0, or -EINVAL for a set that breaks a rule of kmb_gfp_form_rule():
 * unknown bits, no or several base sets, several zone modifiers, NORETRY
 * together with RETRY_MAYFAIL, HIGHUSER with a zone.
 */
int kmb_gfp_map(u64 kmb_gfp, gfp_t *out)
{
	gfp_t gfp = 0;
	unsigned int bit;

	if (kmb_gfp_form_rule(kmb_gfp) != KMB_GFP_RULE_OK)
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
	return kmb_gfp_sleeps(kmb_gfp);
}

/**
 * kmb_gfp_check() - reject flag sets an API or a context cannot take
 * @ops: the allocator
 * @kmb_gfp: KMB_GFP_* bits, already accepted by kmb_gfp_map()
 * @context: enum kmb_context
 *
 * The rules are kmb_gfp_api_rule()'s (uapi/kmembench_rules.h), which the
 * runner applies too.
 *
 * Return: 0 or -EINVAL.
 */
int kmb_gfp_check(const struct kmb_allocator *ops, u64 kmb_gfp, u32 context)
{
	return kmb_gfp_api_rule(ops->family, ops->flags, ops->gfp_forbidden,
				kmb_gfp, context) == KMB_GFP_RULE_OK ?
	       0 : -EINVAL;
}

/**
 * kmb_zone_of() - the zone @page belongs to, as the ABI names zones
 * @page: any page
 *
 * The kernel's zone numbers depend on its configuration (no ZONE_DMA32
 * without CONFIG_ZONE_DMA32, and so on); the ABI's never move.
 *
 * Return: the KMB_ZONE_* of @page's zone.
 */
enum kmb_zone kmb_zone_of(const struct page *page)
{
	switch (page_zonenum(page)) {
#ifdef CONFIG_ZONE_DMA
	case ZONE_DMA:
		return KMB_ZONE_DMA;
#endif
#ifdef CONFIG_ZONE_DMA32
	case ZONE_DMA32:
		return KMB_ZONE_DMA32;
#endif
#ifdef CONFIG_HIGHMEM
	case ZONE_HIGHMEM:
		return KMB_ZONE_HIGHMEM;
#endif
	case ZONE_MOVABLE:
		return KMB_ZONE_MOVABLE;
#ifdef CONFIG_ZONE_DEVICE
	case ZONE_DEVICE:
		return KMB_ZONE_DEVICE;
#endif
	default:
		return KMB_ZONE_NORMAL;
	}
}
