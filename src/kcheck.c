/*
 * The module's rules for impossible cases (driver/kmb_gfp.c, kmb_engine.c),
 * restated for the runner. Each message names the rule, so that a user who
 * wrote the combination learns why it cannot be.
 */
#include "kcheck.h"

#include <stdarg.h>
#include <stdio.h>

#define GFP_BASE	KMB_GFP_BASE_MASK
#define GFP_ZONES	(KMB_GFP(DMA) | KMB_GFP(DMA32) | KMB_GFP(HIGHMEM))
#define GFP_RETRIES	(KMB_GFP(NORETRY) | KMB_GFP(RETRY_MAYFAIL))
#define GFP_NOSLEEP	(KMB_GFP(ATOMIC) | KMB_GFP(NOWAIT))

/* Bits each family cannot take, whatever the API. */
static const uint64_t kmb_family_forbidden[] = {
	/* slab strips highmem and DMA32 with a warning; COMP is for pages */
	[KMB_FAM_SLAB] = KMB_GFP(HIGHUSER) | KMB_GFP(HIGHMEM) | KMB_GFP(DMA32) |
			 KMB_GFP(COMP),
	/* vmalloc picks its own zones and never returns compound pages */
	[KMB_FAM_VMALLOC] = GFP_ZONES | KMB_GFP(HIGHUSER) | KMB_GFP(COMP),
	[KMB_FAM_PAGES] = 0,
};

static const unsigned int kmb_min_threads[KMB_PATTERN_NR] = {
	[KMB_PATTERN_REMOTE_FREE] = 2,
};

__attribute__((format(printf, 3, 4)))
static int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

int kmb_gfp_form_check(uint64_t gfp, char *why, size_t len)
{
	int bases = __builtin_popcountll(gfp & GFP_BASE);

	if (gfp & ~KMB_GFP_VALID_MASK)
		return fail(why, len, "unknown flag bits");
	if (bases != 1)
		return fail(why, len, "%s base set (KERNEL, ATOMIC, NOWAIT, NOIO, NOFS, USER, "
			    "HIGHUSER): exactly one is needed", bases ? "more than one" : "no");
	if (__builtin_popcountll(gfp & GFP_ZONES) > 1)
		return fail(why, len, "more than one zone modifier (DMA, DMA32, HIGHMEM)");
	if ((gfp & GFP_RETRIES) == GFP_RETRIES)
		return fail(why, len, "NORETRY and RETRY_MAYFAIL contradict each other");
	if ((gfp & KMB_GFP(HIGHUSER)) && (gfp & GFP_ZONES))
		return fail(why, len, "HIGHUSER already names a zone");
	return 0;
}

int kmb_gfp_sleeps(uint64_t gfp)
{
	return !(gfp & GFP_NOSLEEP);
}

unsigned int kmb_pattern_min_threads(unsigned int pattern)
{
	return pattern < KMB_PATTERN_NR && kmb_min_threads[pattern] ? kmb_min_threads[pattern] : 1;
}

unsigned int kmb_grow_steps(uint64_t size, uint64_t size_max)
{
	unsigned int k = 0;

	while (size < size_max && k < 64) {
		size <<= 1;
		k++;
	}
	return k;
}

static int check_gfp(const struct kmb_case *kc, const struct kmb_api_name *api, char *why,
		     size_t len)
{
	const char *ctx = kmb_name_of(kmb_ctx_names, kmb_ctx_names_count, kc->context);
	int sleeps = kmb_gfp_sleeps(kc->gfp);
	uint64_t bad;
	char flags[256];

	if (kmb_gfp_form_check(kc->gfp, why, len))
		return -1;
	kmb_gfp_format(kc->gfp, flags, sizeof(flags));
	if (kc->context != KMB_CTX_PROCESS && (api->flags & KMB_APIF_SLEEPS))
		return fail(why, len, "%s may sleep whatever the flags, so it cannot run %s",
			    api->name, ctx);
	if (kc->context != KMB_CTX_PROCESS && sleeps)
		return fail(why, len, "GFP %s may sleep, so it cannot run %s (use ATOMIC or "
			    "NOWAIT)", flags, ctx);
	if (kc->context == KMB_CTX_IRQ_OFF && (api->flags & KMB_APIF_NO_IRQ_OFF))
		return fail(why, len, "%s must not run with interrupts off (6.1 re-enables "
			    "them inside it)", api->name);
	if ((api->flags & KMB_APIF_SLEEPS) && !sleeps)
		return fail(why, len, "%s sleeps whatever the flags, so GFP %s would lie",
			    api->name, flags);
	if ((api->flags & KMB_APIF_NO_GFP) && kc->gfp != KMB_GFP(KERNEL))
		return fail(why, len, "%s takes no GFP flags (only KERNEL describes it), not %s",
			    api->name, flags);
	bad = kc->gfp & (api->gfp_forbidden | kmb_family_forbidden[api->family]);
	if (bad) {
		kmb_gfp_format(bad, flags, sizeof(flags));
		return fail(why, len, "%s cannot take GFP %s", api->name, flags);
	}
	return 0;
}

int kmb_kcase_check(const struct kmb_case *kc, const struct kmb_api_name *api, char *why,
		    size_t len)
{
	const char *pattern = kmb_name_of(kmb_pattern_names, kmb_pattern_names_count,
					  kc->pattern);
	int ranged = kc->pattern == KMB_PATTERN_RANDOM_SIZE || (api->flags & KMB_APIF_RESIZE);

	if (api->patterns && !(api->patterns & (1u << kc->pattern)))
		return fail(why, len, "%s cannot run the %s pattern", api->name, pattern);
	if (kc->threads < kmb_pattern_min_threads(kc->pattern))
		return fail(why, len, "the %s pattern needs at least %u threads", pattern,
			    kmb_pattern_min_threads(kc->pattern));
	if ((api->flags & KMB_APIF_ORDER0) && kc->order)
		return fail(why, len, "%s allocates order 0 only", api->name);
	if (ranged && kc->size_max < kc->size)
		return fail(why, len, "size_max %llu is below the size %llu",
			    (unsigned long long)kc->size_max, (unsigned long long)kc->size);
	return check_gfp(kc, api, why, len);
}
