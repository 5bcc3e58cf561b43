/*
 * Which kernel cases can run at all. The module rejects impossible
 * combinations (a sleeping flag with interrupts off, flags for an API that
 * takes none, ...) with EINVAL; the runner knows the same rules so that a
 * sweep skips those combinations instead of failing on them.
 */
#ifndef KMB_KCHECK_H
#define KMB_KCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kmembench.h"
#include "names.h"

/*
 * Whether @gfp is a well-formed flag set whatever the API: one base set,
 * at most one zone, not NORETRY with RETRY_MAYFAIL. Returns 0, or -1 with
 * the reason in @why.
 */
int kmb_gfp_form_check(uint64_t gfp, char *why, size_t len);

/*
 * Whether the module can run @kc (with @api its API) at all, whatever the
 * kernel: 0, or -1 with the reason in @why. Kernel-dependent limits (the
 * largest order, KMALLOC_MAX_SIZE) are checked at run time against INFO.
 */
int kmb_kcase_check(const struct kmb_case *kc, const struct kmb_api_name *api, char *why,
		    size_t len);

/* The least threads @pattern needs (remote-free frees on another CPU). */
unsigned int kmb_pattern_min_threads(unsigned int pattern);
/* Whether each thread of @pattern holds up to kmb_case.batch objects. */
bool kmb_pattern_holds_batch(unsigned int pattern);

/* kmb_grow_steps(), kmb_gfp_sleeps(): kmembench_rules.h, the module's own. */

#endif
