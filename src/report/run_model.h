/*
 * One result document seen per API, for the faces that describe a single
 * run: the summary of 'kmembench run' and 'kmembench summary', and the
 * single-run report. An "API" is the first two components of a case id
 * (kernel/kmalloc, user/malloc); a case's x is its size in bytes or its
 * page order; its variant is the rest of its id (gfp, pattern, threads...).
 */
#ifndef KMB_RUN_MODEL_H
#define KMB_RUN_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define KMB_RUN_MAX_PHASES	8

struct kmb_run_case {
	json_t *json;			/* its results[] entry (borrowed) */
	const char *id;
	const char *skipped, *error;	/* NULL unless the result says so */
	bool has_x, by_order;
	double x;			/* bytes, or page order */
	char variant[256];		/* the id without the API and size/order */
};

struct kmb_run_api {
	char name[128];			/* "kernel/kmalloc" */
	char slug[128];			/* "kernel-kmalloc": file names, anchors */
	bool by_order;			/* its x is a page order */
	struct kmb_run_case **cases;	/* in document order */
	size_t ncases, skipped, errors;
	uint64_t failures;		/* summed over cases and phases */
	const char *phases[KMB_RUN_MAX_PHASES];	/* in order of first appearance */
	size_t nphases;
	const char *unit;		/* of its first phase */
	const char *ref_variant;	/* the variant with the most sizes */
	double xmin, xmax;		/* NAN without sizes */
};

struct kmb_run_model {
	json_t *root;			/* borrowed */
	struct kmb_run_case *cases;
	size_t ncases;
	struct kmb_run_api *apis;
	size_t napis;
};

/* 0, or 3 (out of memory). */
int kmb_run_model_build(json_t *root, struct kmb_run_model *m, struct kmb_err *err);
void kmb_run_model_free(struct kmb_run_model *m);

/* Not skipped, no error, and some phase measured. */
bool kmb_run_measured(const struct kmb_run_case *c);
/* A phase's statistic ("median", "p90", "failures"...), NAN when absent. */
double kmb_run_stat(const struct kmb_run_case *c, const char *phase, const char *stat);
/* The phase object, or NULL. */
json_t *kmb_run_phase(const struct kmb_run_case *c, const char *phase);
/* A case's params.NAME as a number, NAN when absent. */
double kmb_run_param(const struct kmb_run_case *c, const char *name);
/*
 * The measured cases of @a's variant @variant that have an x, sorted by x,
 * into @out (room for a->ncases). Returns how many.
 */
size_t kmb_run_variant_cases(const struct kmb_run_api *a, const char *variant,
			     const struct kmb_run_case **out);
/* "64 B", "4 KiB", "order 3". */
void kmb_run_fmt_x(double x, bool by_order, char *buf, size_t len);
/* A compact number: "140", "9.1k", "2.35M". */
void kmb_run_fmt_num(double v, char *buf, size_t len);

#endif
