/* A kernel case's counters around its RUN ioctls (kcounters.c). */
#ifndef KMB_KCOUNTERS_H
#define KMB_KCOUNTERS_H

#include <jansson.h>

#include "case.h"
#include "kspec.h"

struct kmb_ctr_acc;

/*
 * A snapshot for @spec's case (its caches chosen on the first call), or
 * NULL when counters are off or cannot be read. Called right before and
 * right after the ioctl, never between.
 */
json_t *kmb_kcounters_snap(struct kmb_kspec *spec);
/*
 * Adds after - before to the case's sums and rebuilds its "counters" and
 * "footprint" in c->extra (after run.c's own facts, so that
 * extra.objects.peak_live_objects is there). Takes both references; either
 * may be NULL (nothing is added).
 */
void kmb_kcounters_update(struct kmb_bench_case *c, struct kmb_kspec *spec, json_t *before,
			  json_t *after);
void kmb_kcounters_free(struct kmb_ctr_acc *a);
/*
 * The kmalloc caches that serve @spec's sizes with its GFP flags (an
 * array, empty when none can be read) and, in @note, how they were chosen
 * or why there are none.
 */
json_t *kmb_kcounters_kmalloc_caches(const struct kmb_kspec *spec, const char **note);

#endif
