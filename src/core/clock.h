/*
 * The clock a run is measured with, chosen per run and named in its document.
 *
 *   time          the ordered cycle counter converted to ns (and the user
 *                 workloads' CLOCK_MONOTONIC): the truth on hardware and KVM.
 *   instructions  QEMU TCG with -icount shift=0,sleep=off: the guest's TSC,
 *                 and with it the guest's idea of a nanosecond, advances one
 *                 tick per executed guest instruction. Counts code paths,
 *                 not caches, TLB misses, contention or bandwidth.
 *
 * scripts/vm-run --clock NAME puts kmembench_clock=NAME on the guest's
 * kernel command line; the runner reads it from there, so a document can
 * never claim a clock its guest did not run with. Documents without the
 * "clock" field are "time" (they predate it). Phases of an instructions run
 * are in "insn", whole numbers; documents of different clocks are never
 * compared or merged.
 */
#ifndef KMB_CLOCK_H
#define KMB_CLOCK_H

#include <jansson.h>

#include "util.h"

enum kmb_clock {
	KMB_CLOCK_TIME,
	KMB_CLOCK_INSTRUCTIONS,
	KMB_NCLOCKS
};

struct kmb_clock_def {
	const char *name;	/* "time", "instructions" */
	const char *unit;	/* of every timed phase: "ns", "insn" */
	const char *what;	/* one sentence for documents and reports */
};

const struct kmb_clock_def *kmb_clock_def(enum kmb_clock c);

/* The clock named @name; -1 when it is none of them. */
int kmb_clock_by_name(const char *name);

/* "time, instructions", for messages. */
const char *kmb_clock_choices(void);

/* This run's clock, from kmembench_clock= on /proc/cmdline (default time). */
enum kmb_clock kmb_clock_current(void);

/*
 * The clock of result document @doc (its "clock" field, "time" when absent).
 * An unknown or mistyped value is exit 2 naming @path.
 */
int kmb_doc_clock(const json_t *doc, const char *path, enum kmb_clock *out,
		  struct kmb_err *err);

/*
 * Refuses (exit 2) to put documents of different clocks side by side:
 * @verb is what the caller does ("compare", "merge", ...).
 */
int kmb_clock_same(enum kmb_clock a, const char *path_a, enum kmb_clock b,
		   const char *path_b, const char *verb, struct kmb_err *err);

/* A phase unit that is a whole count ("insn", "insn/page"): no decimals. */
int kmb_unit_is_count(const char *unit);

/*
 * The unit a workload's "ns" or "ns/..." figure has under this run's clock:
 * itself under time, "insn" or "insn/..." under instructions.
 */
const char *kmb_clock_unit(const char *unit);

/*
 * A measured value as people read it, @sep between number and unit:
 * "170.2 ns", "12.35 us" for ns; "161 insn", "71.6k insn", "2.35M insn"
 * for instructions; "n/a" when not finite.
 */
void kmb_fmt_measure(double v, const char *unit, const char *sep, char *buf, size_t len);

/*
 * Rounds the numbers of phase object @o (its statistics and arrays, not
 * ops_per_sec) to whole numbers, for a phase in a count unit.
 */
void kmb_round_counts(json_t *o);

#endif
