/*
 * Merging the result documents of one suite run in several boots of one
 * kernel into one document, so that compare sees every repetition of every
 * boot (boot-to-boot variation is part of what a kernel costs).
 *
 * Per phase (and its "cycles" statistics), over the boots that measured it:
 *   rep_medians             concatenated in input order
 *   boot_medians            one per boot: the median of its rep_medians (the
 *                           replicate compare uses for a merge)
 *   n, ops, failures        summed
 *   min, max                exact: the smallest and largest
 *   mean                    n-weighted mean (exact)
 *   stddev                  pooled exactly from each boot's n, mean, stddev
 *   wall_ns_per_op          ops-weighted mean (exact)
 *   ops_per_sec             1e9 / merged mean, as the runner defines it
 *   median, p50, p90, p99,  the median of the per-boot values: quantiles of
 *   p99_9                   the pooled samples cannot be recovered from
 *                           summaries, so these are NOT pooled quantiles
 *   anything else           the first such boot's value
 * Per case: repetitions summed, "boots" the number of boots merged; the
 * other fields (params, timer, per_thread, ...) from the first boot that
 * measured it. system, limits, module and tool come from the first input;
 * run gets the earliest start, the latest end, the summed repetitions and
 * "merged": { "boots", "quantiles", "rules", "inputs": [ { "file", "start",
 * "end", "repetitions", "seed", "interrupted" } ], "tool" }.
 */
#ifndef KMB_MERGE_H
#define KMB_MERGE_H

#include <jansson.h>

#include "util.h"

#define KMB_MERGE_QUANTILES	"median of the per-boot values"

/*
 * Merges @n statistics objects (n, mean, median, stddev, min, max, p50, p90,
 * p99, p99_9, ...) by the rules above into a new object; NULL when out of
 * memory. Objects that are not objects are ignored.
 */
json_t *kmb_merge_stats(json_t *const *stats, size_t n);

/* The same for phases: also rep_medians, ops_per_sec, wall_ns_per_op, cycles. */
json_t *kmb_merge_phase(json_t *const *phases, size_t n);

/*
 * Merges @n documents read from @paths (for messages) into *@out.
 * Refused with exit 2 and a message naming the file and field: a document
 * compare could not read, different kernel releases (system.kernel.release),
 * different suites (run.suite), different clocks, a phase whose unit differs
 * between boots, an input that is already a merge (run.merged). Out of
 * memory: 3.
 */
int kmb_merge_docs(json_t *const *docs, const char *const *paths, size_t n, json_t **out,
		   struct kmb_err *err);

#endif
