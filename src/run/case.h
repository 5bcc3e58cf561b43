/*
 * A benchmark case as the runner schedules it, whatever its group: kernel
 * cases go through the module, user cases run in the runner. Each group is
 * one row of kmb_groups[] (groups.c) with its own expand and run functions.
 */
#ifndef KMB_CASE_H
#define KMB_CASE_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "kclient.h"
#include "phase.h"
#include "util.h"

#define KMB_MAX_PHASES	6
#define KMB_ID_MAX	256
/* More cases than this is a sweep gone wrong, not a benchmark. */
#define KMB_MAX_CASES	100000

struct kmb_bench_case;
struct kmb_progress;

/* What a case sees while it runs. */
struct kmb_run_ctx {
	struct kmb_kclient *kc;		/* open device, or NULL */
	volatile sig_atomic_t *stop;	/* set by SIGINT/SIGTERM */
	uint64_t seed;			/* per run; cases derive their own */
	unsigned int rep;		/* repetition index, from 0 */
	bool amortised;			/* kernel cases: also time by chunks */
	bool verify;			/* kernel cases: check their objects first */
	unsigned int *verify_failed;	/* cases whose objects broke a check */
	struct kmb_progress *progress;	/* cleared before a case prints a line */
};

struct kmb_case_list {
	struct kmb_bench_case **v;
	size_t n, cap;
};

struct kmb_group_ops {
	const char *group;		/* suite key and id prefix */
	bool needs_module;
	/*
	 * Expands one suite entry (a cartesian product) into cases. @where
	 * names the entry in errors, e.g. "bench/quick.json: kernel[2]".
	 */
	int (*expand)(json_t *entry, const char *where, struct kmb_case_list *out,
		      struct kmb_err *err);
	/*
	 * Runs one repetition and adds it to the case's phases. A case that
	 * cannot run here sets c->skip_reason and returns 0.
	 */
	int (*run_rep)(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err);
	void (*free_priv)(void *priv);
};

struct kmb_bench_case {
	char id[KMB_ID_MAX];
	const struct kmb_group_ops *ops;
	json_t *params;			/* the case's parameters, for the result */
	void *priv;			/* the group's own description of the case */
	struct kmb_phase_data phases[KMB_MAX_PHASES];
	size_t nphases;
	json_t *extra;			/* group facts for the result (timer, ...) */
	char *skip_reason;		/* set when the case cannot run here */
	char *error;			/* set when a repetition failed */
	unsigned int reps_done;
	char stopped[16];		/* why the last repetition ended early */
};

/* A new case with @id (printf format); NULL when out of memory. */
struct kmb_bench_case *kmb_case_new(const struct kmb_group_ops *ops, json_t *params,
				    void *priv, const char *idfmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Adds a phase named @name (a static string); returns it. */
struct kmb_phase_data *kmb_case_phase(struct kmb_bench_case *c, const char *name, const char *unit);
void kmb_case_skip(struct kmb_bench_case *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kmb_case_free(struct kmb_bench_case *c);
/* The case's entry in results[]. */
json_t *kmb_case_json(struct kmb_bench_case *c);

/* Appends @c; -1 when out of memory or past KMB_MAX_CASES. */
int kmb_case_list_push(struct kmb_case_list *l, struct kmb_bench_case *c);
void kmb_case_list_free(struct kmb_case_list *l);

#endif
