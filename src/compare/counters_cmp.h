/* A compared case's kernel counters, base against new (counters_cmp.c). */
#ifndef KMB_COUNTERS_CMP_H
#define KMB_COUNTERS_CMP_H

#include <jansson.h>
#include <stddef.h>

#include "compare.h"

/*
 * Case @id's counters on both sides: {"id", "cache", "figures": [{"name",
 * "base", "new", "moved"}], "base": {..}, "new": {..}} with the figures
 * both have (kmb_ctr_flat), or {"id", "missing": "base"|"new",
 * "figures": []}; NULL when neither side has counters.
 */
json_t *kmb_cmp_counters_case(const struct kmb_comparison *c, const char *id);
/* Every compared case's, in pair order. */
json_t *kmb_cmp_counters_json(const struct kmb_comparison *c);
/*
 * One line for people, led by @lead: "counters kmalloc-64: slow-path share
 * 3.0 % -> 9.0 %, pgalloc per op 0.006 -> 0.022"; empty when neither side
 * has counters.
 */
void kmb_cmp_counters_line(const struct kmb_comparison *c, const char *id, const char *lead,
			   char *buf, size_t len);
/* A sentence on the cases whose counters one side lacks; empty when none. */
void kmb_cmp_counters_missing(const struct kmb_comparison *c, char *buf, size_t len);

#endif
