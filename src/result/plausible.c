/*
 * The plausibility of a phase's timings (result_plausible.h). A hand-made
 * or damaged document once had negative, zero and 1e308 ns medians; the
 * comparison then dropped pairs silently or printed a table without
 * columns. Every reader goes through the loader, so the rule is here once.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "result_plausible.h"

/*
 * Every value of a phase is a cost per operation, so 0 is not a cost any
 * median or mean can have: the module clamps a sample to 0 only when it was
 * no longer than the timer's own overhead (kmb_pattern.c subtracts it), and
 * an operation is not free in most of its samples. Two fields may be 0:
 * stddev (every sample equal: the rule under the instructions clock,
 * where most phases repeat to the instruction) and min (one sample clamped
 * to 0 under time; under instructions, a phase whose fastest path ran
 * within the subtracted overhead). null is the writer's "no sample" (NaN)
 * and is accepted by the loader before this rule is asked.
 */
const struct kmb_timing_field kmb_timing_fields[] = {
	{ "mean", false },
	{ "median", false },
	{ "stddev", true },
	{ "min", true },
	{ "max", false },
	{ "p50", false },
	{ "p90", false },
	{ "p99", false },
	{ "p99_9", false },
	{ NULL, false },
};

/* What a value in @unit is, for messages. */
static const char *kind_of(const char *unit)
{
	if (kmb_unit_is_count(unit))
		return "instruction count";
	if (strncmp(unit, "ns", 2) == 0 && (unit[2] == '\0' || unit[2] == '/'))
		return "time";
	return "value";
}

bool kmb_timing_plausible(double v, const char *unit, bool zero_ok, char *why, size_t len)
{
	/* NaN fails every comparison: it lands in the first test. */
	if (!(zero_ok ? v >= 0 : v > 0) || !isfinite(v)) {
		snprintf(why, len, "%g is not a %s finite %s", v, zero_ok ? "non-negative" :
			 "positive", kind_of(unit));
		return false;
	}
	if (v > KMB_PLAUSIBLE_MAX) {
		snprintf(why, len, "%g %s is not a plausible %s: more than %g %s (%s) per "
			 "operation", v, unit, kind_of(unit), KMB_PLAUSIBLE_MAX, unit,
			 kmb_unit_is_count(unit) ? "an hour of guest time at one instruction "
			 "per ns" : "an hour");
		return false;
	}
	return true;
}
