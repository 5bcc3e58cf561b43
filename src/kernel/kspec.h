/*
 * A kernel case as the runner keeps it between expansion (cases.c) and
 * its repetitions (run.c), both in src/kernel/
 */
#ifndef KMB_KSPEC_H
#define KMB_KSPEC_H

#include <stdbool.h>
#include <stdint.h>

#include "case.h"
#include "kmembench.h"
#include "names.h"

struct kmb_kacc;
struct kmb_ctr_acc;
struct kmb_rcu_backlog;

struct kmb_kspec {
	struct kmb_case kcase;
	const struct kmb_api_name *api;
	uint32_t *cpus;		/* kcase.threads CPU numbers, or NULL: the module picks */
	struct kmb_kacc *acc;	/* what the repetitions so far measured (run.c) */
	struct kmb_ctr_acc *ctr;	/* the kernel's counters around them (kcounters.c) */
	struct kmb_rcu_backlog *rcu;	/* kfree_rcu's queue after them (rcu_backlog.c) */
};

/*
 * Set by `kmembench run --unchecked` (a hidden option, for tests of the
 * module's own checks): cases the runner's rules reject are expanded and
 * sent to the module anyway.
 */
extern bool kmb_kcases_unchecked;

/* Runs one repetition of a kernel case through the module. */
int kmb_kernel_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err);

void kmb_kspec_free(void *priv);
void kmb_kacc_free(struct kmb_kacc *acc);

#endif
