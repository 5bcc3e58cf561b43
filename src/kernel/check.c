/*
 * Which kernel cases the runner skips, and why. The GFP rules are the
 * module's own (kmembench_rules.h) and the API traits its table's rows
 * (kmembench_tables.h); what is here is the runner's side: a message for
 * each rule, so that a user who wrote the combination learns why it cannot
 * be, and the checks of a case's shape.
 */
#include "kcheck.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#define MIN_THREADS(ID, run, name, min_threads, holds_batch) [KMB_PATTERN_##ID] = min_threads,
#define HOLDS_BATCH(ID, run, name, min_threads, holds_batch) [KMB_PATTERN_##ID] = holds_batch,

/* The module's own figures, from KMB_PATTERNS. */
static const unsigned int kmb_min_threads[KMB_PATTERN_NR] = { KMB_PATTERNS(MIN_THREADS) };
static const bool kmb_holds_batch[KMB_PATTERN_NR] = { KMB_PATTERNS(HOLDS_BATCH) };

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
	switch (kmb_gfp_form_rule(gfp)) {
	case KMB_GFP_RULE_OK:
		return 0;
	case KMB_GFP_RULE_UNKNOWN_BITS:
		return fail(why, len, "unknown flag bits");
	case KMB_GFP_RULE_NO_BASE:
	case KMB_GFP_RULE_BASES:
		return fail(why, len, "%s base set (KERNEL, ATOMIC, NOWAIT, NOIO, NOFS, USER, "
			    "HIGHUSER): exactly one is needed",
			    gfp & KMB_GFP_BASE_MASK ? "more than one" : "no");
	case KMB_GFP_RULE_ZONES:
		return fail(why, len, "more than one zone modifier (DMA, DMA32, HIGHMEM)");
	case KMB_GFP_RULE_RETRIES:
		return fail(why, len, "NORETRY and RETRY_MAYFAIL contradict each other");
	default:
		return fail(why, len, "HIGHUSER already names a zone");
	}
}

unsigned int kmb_pattern_min_threads(unsigned int pattern)
{
	return pattern < KMB_PATTERN_NR && kmb_min_threads[pattern] ? kmb_min_threads[pattern] : 1;
}

bool kmb_pattern_holds_batch(unsigned int pattern)
{
	return pattern < KMB_PATTERN_NR && kmb_holds_batch[pattern];
}

static int check_gfp(const struct kmb_case *kc, const struct kmb_api_name *api, char *why,
		     size_t len)
{
	const char *ctx = kmb_name_of(kmb_ctx_names, kmb_ctx_names_count, kc->context);
	char flags[256];

	if (kmb_gfp_form_check(kc->gfp, why, len))
		return -1;
	kmb_gfp_format(kc->gfp, flags, sizeof(flags));
	switch (kmb_gfp_api_rule(api->family, api->flags, api->gfp_forbidden, kc->gfp,
				 kc->context)) {
	case KMB_GFP_RULE_OK:
		return 0;
	case KMB_GFP_RULE_API_SLEEPS_CTX:
		return fail(why, len, "%s may sleep whatever the flags, so it cannot run %s%s",
			    api->name, KMB_CTX_IN_IRQ(kc->context) ? "in " : "", ctx);
	case KMB_GFP_RULE_SLEEPS_CTX:
		return fail(why, len, "GFP %s may sleep, so it cannot run %s%s (use ATOMIC or "
			    "NOWAIT)", flags, KMB_CTX_IN_IRQ(kc->context) ? "in " : "", ctx);
	case KMB_GFP_RULE_IRQ_OFF:
		return fail(why, len, "%s must not run with interrupts off, as %s has them (%s)",
			    api->name, ctx, api->family == KMB_FAMILY_DMA ?
			    "dma_free_coherent() WARNs when they are" :
			    "6.1 re-enables them inside it");
	case KMB_GFP_RULE_API_SLEEPS:
		return fail(why, len, "%s sleeps whatever the flags, so GFP %s would lie",
			    api->name, flags);
	case KMB_GFP_RULE_NO_GFP:
		return fail(why, len, "%s takes no GFP flags (only KERNEL describes it), not %s",
			    api->name, flags);
	default:
		kmb_gfp_format(kc->gfp & (api->gfp_forbidden |
					  kmb_gfp_family_forbidden(api->family)),
			       flags, sizeof(flags));
		return fail(why, len, "%s cannot take GFP %s", api->name, flags);
	}
}

int kmb_kcase_check(const struct kmb_case *kc, const struct kmb_api_name *api, char *why,
		    size_t len)
{
	const char *pattern = kmb_name_of(kmb_pattern_names, kmb_pattern_names_count,
					  kc->pattern);
	int ranged = kc->pattern == KMB_PATTERN_RANDOM_SIZE || (api->flags & KMB_APIF_RESIZE);

	if (!(api->patterns & (1u << kc->pattern)))
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
