/*
 * What a timing in a result document may be (plausible.c): the rule the
 * loader (read.c) applies to every timed value of a phase, so that compare,
 * merge, report and export never compute on a value no run can produce.
 */
#ifndef KMB_RESULT_PLAUSIBLE_H
#define KMB_RESULT_PLAUSIBLE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The largest plausible value per operation, in any unit: one hour,
 * 3.6e12 ns. Under the instructions clock (QEMU -icount shift=0) the
 * guest's clock advances one nanosecond per executed instruction, so
 * 3.6e12 insn is that same hour as the guest saw it; the costliest phase
 * measured (get_zeroed_page, about 4.7e3 insn; vmalloc of megabytes, a few
 * ms) sits nine orders of magnitude below either.
 */
#define KMB_PLAUSIBLE_MAX	3.6e12

/* One timed statistic of a phase (results/schema.json, $defs/stats). */
struct kmb_timing_field {
	const char *key;
	bool zero_ok;		/* 0 is a legitimate value (see plausible.c) */
};

/* The statistics of a phase that are timings, ended by a NULL key. */
extern const struct kmb_timing_field kmb_timing_fields[];

/*
 * Checks @v, a value in @unit: positive (or, with @zero_ok, 0 or more),
 * finite and at most KMB_PLAUSIBLE_MAX. Returns true when it is; else false
 * with the reason in @why ("-5 is not a positive finite time").
 */
bool kmb_timing_plausible(double v, const char *unit, bool zero_ok, char *why, size_t len);

#endif
