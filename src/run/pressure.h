/*
 * Memory pressure for `kmembench run --pressure PCT`: a child process (the
 * hog) takes and holds PCT % of the available memory while the cases run,
 * so that they measure the allocators near their low watermarks (ATOMIC
 * and NOWAIT failures show in each phase's "failures").
 */
#ifndef KMB_PRESSURE_H
#define KMB_PRESSURE_H

#include <jansson.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

/* Memory the hog always leaves available, so the OOM killer stays away. */
#define KMB_PRESSURE_RESERVE_MIN	(64ULL << 20)
/* ...or this share of the total, in percent, if that is more. */
#define KMB_PRESSURE_RESERVE_PCT	3
/* The hog grows in steps of this much, looking at MemAvailable before each. */
#define KMB_PRESSURE_CHUNK		(16ULL << 20)

/* Why the hog stopped growing. */
enum kmb_hog_limit {
	KMB_HOG_TARGET,		/* it holds what was asked */
	KMB_HOG_RESERVE,	/* one more step would eat into the reserve */
	KMB_HOG_MAP_FAILED,	/* mmap refused more */
};

/* How the hog made its memory resident. */
enum kmb_hog_method {
	KMB_HOG_MLOCK,		/* mlock(): resident and never swapped */
	KMB_HOG_POPULATE,	/* madvise(MADV_POPULATE_WRITE) */
	KMB_HOG_TOUCH,		/* one write per page */
};

/* What the hog tells the runner once it holds its memory. */
struct kmb_hog_report {
	uint64_t held;			/* bytes mapped and resident */
	uint64_t available;		/* MemAvailable then */
	uint32_t limit;			/* enum kmb_hog_limit */
	uint32_t method;		/* enum kmb_hog_method of the last step */
};

struct kmb_pressure {
	unsigned int percent;		/* 0: no pressure */
	pid_t pid;			/* the hog while it lives, else 0 */
	uint64_t total;			/* MemTotal */
	uint64_t available_before;	/* MemAvailable before the hog */
	uint64_t target;		/* percent of available_before */
	uint64_t reserve;
	struct kmb_hog_report report;
	int reported;			/* report is filled */
	int runner_protected;		/* the runner's oom_score_adj is -1000 */
	int hog_adj;			/* the hog's oom_score_adj, read back */
	char end[96];			/* how the hog ended, once it has */
};

/*
 * Protects the runner from the OOM killer (oom_score_adj -1000; without
 * the right to, says so on stderr and goes on), starts the hog with
 * oom_score_adj 1000 and waits until it holds its memory. *@stop set by a
 * signal handler ends the wait (the hog is then reaped, and 0 returned so
 * that the run writes its interrupted result). KMB_EXIT_ENV when the hog
 * cannot be started or dies before it holds anything.
 */
int kmb_pressure_start(struct kmb_pressure *p, unsigned int percent,
		       const volatile sig_atomic_t *stop, struct kmb_err *err);

/* Kills and reaps the hog, noting how it ended; harmless when none runs. */
void kmb_pressure_stop(struct kmb_pressure *p);

/* run.pressure of the result document. */
json_t *kmb_pressure_json(const struct kmb_pressure *p);

/* The hog's body, in the forked child: never returns. */
void kmb_hog_main(int report_fd, pid_t parent, uint64_t target, uint64_t reserve)
	__attribute__((noreturn));

/* MemAvailable (or MemTotal) in bytes from /proc/meminfo, 0 if unknown. */
uint64_t kmb_meminfo(const char *key);

#endif
