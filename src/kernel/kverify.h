/*
 * Verify mode's answer (KMB_RUN_VERIFY): what the module found when it
 * checked a case's objects, as the case's "verify" entry and, when a
 * property did not hold, a message naming the case and the property.
 */
#ifndef KMB_KVERIFY_H
#define KMB_KVERIFY_H

#include <jansson.h>
#include <stdio.h>

#include "kmembench.h"

/* The case's "verify" entry from the module's answer. */
json_t *kmb_kverify_json(const struct kmb_run *run);

/*
 * Names every property @run broke, on @f, one line for case @id; returns
 * how many it broke.
 */
unsigned int kmb_kverify_report(FILE *f, const char *id, const struct kmb_run *run);

#endif
