/*
 * Comparing result documents: a base run against one or more new runs, case
 * by case and phase by phase, with a verdict for each and for the whole.
 * Both documents must be of one clock (time or instructions; clock.h).
 *
 * Per (case, phase) pair, the rule that judges it, from the first that fits:
 *   exact        instructions clock, and on each side every repetition of
 *                every boot within one instruction of the others: the data
 *                has no spread to test, and the verdict follows the
 *                threshold alone (no p-value; not in the correction family).
 *   boots        either document merges several boots (boot_medians): the
 *                boot is the replicate, one value per boot (the median of its
 *                repetition medians), since repetitions of one boot share
 *                that boot's state and pooling them overstates significance.
 *   repetitions  otherwise: each repetition's median is a replicate.
 * On those replicates:
 *   ratio     median(new) / median(base); change is ratio - 1. Lower is
 *             better: every compared phase is in "ns" or "insn".
 *   CI        percentile bootstrap interval (95 %) of that ratio (exact: the
 *             ratio itself).
 *   p         two-sided Mann-Whitney U p-value, new against base.
 *   p_adj     p adjusted over the non-exact pairs of this base/new comparison
 *             (Holm by default; each new file is its own family).
 * Verdict, with T the threshold (5 % by default):
 *   regression   exact, change > +T and more than the exact floor (2 insn by
 *                default: boots of one kernel were seen 1-2 instructions
 *                apart on free paths), or p_adj < alpha and change > +T
 *   improvement  the same, below -T
 *   noisy        not exact, p_adj >= alpha, and the CI reaches beyond
 *                [1 - T, 1 + T]: the data can neither show nor rule out a
 *                change of T.
 *   unchanged    anything else.
 *
 * JSON output (kmb_cmp_report_json), "schema": "kmembench-compare/1":
 * {
 *   "schema": "kmembench-compare/1",
 *   "tool": { "name", "version", "commit" },
 *   "settings": { "threshold_pct", "alpha", "correction": "holm"|"bh"|"none",
 *                 "ci_level", "resamples", "seed", "filters": [..],
 *                 "allow_partial", "exact_floor", "rules": "<the verdict rules in words>" },
 *   "regression": bool,            any comparison found a regression
 *   "base": "BASE.json",
 *   "comparisons": [ {             one per NEW file, in command-line order
 *     "base": RUN, "new": RUN,     RUN = { "file", "kernel": release|null,
 *                                          "suite": name|null, "interrupted" }
 *     "verdict": "regression"|"no regression",
 *     "environment_differences": [ { "field": "system.cpu.model",
 *                                    "base": value|null, "new": value|null,
 *                                    "base_present": bool, "new_present": bool } ],
 *     "summary": { "compared", "regression", "improvement", "unchanged", "noisy",
 *                  "not_compared", "only_in_base", "only_in_new",
 *                  "geomean_ratio": number|null, "underpowered" },
 *     "only_in_base": [ id, .. ], "only_in_new": [ id, .. ],
 *     "not_compared": [ { "id", "phase": name|null, "reason" } ],
 *     "pairs": [ { "id", "phase", "unit", "rule": "exact"|"boots"|"repetitions",
 *                  "base_median", "new_median",
 *                  "base_reps", "new_reps",   replicates under the rule
 *                  "ratio", "change_pct",
 *                  "ci_low", "ci_high",       bounds of the ratio
 *                  "p", "p_adjusted", "exact", "verdict" } ]
 *                  ("exact": the Mann-Whitney p is exact, not approximated)
 *     "counters": [ {              per compared case with kernel counters on
 *                                  either side (counters_cmp.h)
 *                  "id", "cache": first cache read,
 *                  "figures": [ { "name", "base", "new", "moved" } ],
 *                  "base": {..}, "new": {..} }    every figure of each side
 *                | { "id", "missing": "base"|"new", "figures": [] } ],
 *     "counters_missing": sentence on the cases with counters on one side,
 *                  or ""
 *   } ]
 * }
 * Numbers that do not exist (a NaN) are null.
 */
#ifndef KMB_COMPARE_H
#define KMB_COMPARE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "inference.h"
#include "result_read.h"
#include "util.h"

#define KMB_COMPARE_SCHEMA	"kmembench-compare/1"

enum kmb_verdict {
	KMB_VERDICT_REGRESSION,
	KMB_VERDICT_IMPROVEMENT,
	KMB_VERDICT_UNCHANGED,
	KMB_VERDICT_NOISY,
	KMB_NVERDICTS
};

/* "regression", "improvement", "unchanged", "noisy" */
const char *kmb_verdict_name(enum kmb_verdict v);

struct kmb_cmp_opts {
	double threshold;		/* fraction: 0.05 is 5 % */
	double alpha;
	enum kmb_padjust correction;
	double ci_level;
	unsigned int resamples;
	uint64_t seed;
	const char *const *filters;	/* fnmatch patterns on ids; none: all */
	size_t nfilters;
	bool allow_partial;		/* only reported: cmd_compare enforces it */
	double exact_floor;		/* insn a change must exceed under the exact rule */
};

/*
 * Threshold 5 %, alpha 0.05, Holm, 95 % CI, 2000 resamples, seed 1, exact
 * floor 2 instructions.
 */
void kmb_cmp_opts_default(struct kmb_cmp_opts *o);

/* The getopt_long rows of the options every comparing command takes. */
#define KMB_CMP_LONG_OPTIONS \
	{ "threshold", required_argument, NULL, 't' }, \
	{ "alpha", required_argument, NULL, 'a' }, \
	{ "correction", required_argument, NULL, 'c' }, \
	{ "resamples", required_argument, NULL, 'B' }, \
	{ "seed", required_argument, NULL, 'S' }, \
	{ "allow-partial", no_argument, NULL, 'P' }, \
	{ "exact-floor", required_argument, NULL, 'X' }
#define KMB_CMP_SHORT_OPTIONS "t:a:c:B:"

/*
 * Parses option @c (a KMB_CMP_LONG_OPTIONS value) with argument @arg into @o.
 * Returns 0, 1 when @c is not one of them, or 2 after printing a usage error
 * for command @cmd.
 */
int kmb_cmp_opts_parse(int c, const char *arg, const char *cmd, struct kmb_cmp_opts *o);

/* The verdict rules of @o in one sentence, for every output format. */
void kmb_cmp_rules_text(const struct kmb_cmp_opts *o, char *buf, size_t len);

/* How a pair was judged: see the top of this file. */
enum kmb_cmp_rule {
	KMB_RULE_REPETITIONS,
	KMB_RULE_BOOTS,
	KMB_RULE_EXACT,
};

/* "repetitions", "boots", "exact" */
const char *kmb_cmp_rule_name(enum kmb_cmp_rule r);

/* One compared (case, phase) pair. */
struct kmb_cmp_pair {
	const char *id, *phase, *unit;
	enum kmb_cmp_rule rule;
	double base_median, new_median;
	size_t base_reps, new_reps;	/* replicates under the rule */
	double ratio, ci_lo, ci_hi;
	double p, p_adj;		/* NAN under the exact rule */
	bool exact;			/* the Mann-Whitney p is exact */
	enum kmb_verdict verdict;
};

/* A case or phase that could not be compared, and why. */
struct kmb_cmp_skip {
	const char *id;
	const char *phase;		/* NULL: the whole case */
	char reason[256];
};

/* An environment field whose value differs; NULL: field absent. */
struct kmb_cmp_envdiff {
	char field[128];
	const json_t *base, *new;
};

struct kmb_comparison {
	const struct kmb_cmp_doc *base, *new;
	struct kmb_cmp_pair *pairs;
	size_t npairs;
	const char **only_base, **only_new;
	size_t nonly_base, nonly_new;
	struct kmb_cmp_skip *skips;
	size_t nskips;
	struct kmb_cmp_envdiff *env;
	size_t nenv;
	size_t count[KMB_NVERDICTS];
	double geomean;			/* of every pair's ratio; NAN without pairs */
	size_t tested;			/* pairs with a p-value: the correction's family */
	/*
	 * Pairs whose repetitions are too few for any p-value to pass alpha
	 * after adjustment, however large the change: the smallest of their
	 * p floors, and the reps it takes, illustrate it in reports.
	 */
	size_t underpowered;
	double p_floor;
	size_t floor_base_reps, floor_new_reps;
};

/*
 * Compares @base with @new under @o into @c (which the caller frees with
 * kmb_comparison_free, also on failure). Returns 0, 2 when the documents are
 * of different clocks, or 3 when out of memory.
 */
int kmb_compare(const struct kmb_cmp_doc *base, const struct kmb_cmp_doc *new,
		const struct kmb_cmp_opts *o, struct kmb_comparison *c, struct kmb_err *err);
void kmb_comparison_free(struct kmb_comparison *c);

static inline bool kmb_comparison_regressed(const struct kmb_comparison *c)
{
	return c->count[KMB_VERDICT_REGRESSION] > 0;
}

/*
 * The environment fields that differ between two result documents:
 * system.config.* (every CONFIG option), system.cpu.model, system.virt,
 * system.memory.total, system.thp.enabled, system.thp.defrag,
 * system.clocksource, and module.inject (the module's validation knob
 * slowing one API on purpose). The kernel release is expected to differ and
 * is not one of them. Returns 0, or -1 when out of memory.
 */
int kmb_cmp_env_diff(const json_t *base_doc, const json_t *new_doc,
		     struct kmb_cmp_envdiff **out, size_t *n);
/* A value of an envdiff for people: "absent", JSON text, at most @len. */
void kmb_cmp_env_value(const json_t *v, char *buf, size_t len);

/* The reports; each returns 0, or -1 when writing fails. */
int kmb_cmp_report_text(FILE *f, const struct kmb_comparison *c, size_t n,
			const struct kmb_cmp_opts *o, bool colour);
int kmb_cmp_report_markdown(FILE *f, const struct kmb_comparison *c, size_t n,
			    const struct kmb_cmp_opts *o);
/* NULL when out of memory. */
json_t *kmb_cmp_report_json(const struct kmb_comparison *c, size_t n,
			    const struct kmb_cmp_opts *o);

#endif
