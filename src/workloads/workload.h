/*
 * The user-space workloads of the "user" group. Each workload is one file
 * and one row of kmb_workloads[] (user_group.c): it declares the dimensions
 * a suite entry sweeps (their product gives the cases, and each dimension
 * is named in the case id) and the settings that do not name a case, and it
 * runs one repetition of a case from the case's params.
 */
#ifndef KMB_WORKLOAD_H
#define KMB_WORKLOAD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "case.h"

enum kmb_dim_kind {
	KMB_DIM_SIZES,		/* sizes as kmb_spec_sizes reads them */
	KMB_DIM_NAMES,		/* one of the dimension's names */
	KMB_DIM_UINTS,		/* integers in [min, max] */
	KMB_DIM_NODES,		/* NUMA node numbers, or "all": the nodes with memory */
};

struct kmb_dim {
	const char *key;		/* in the suite entry, e.g. "sizes" */
	const char *param;		/* in params and in the id, e.g. "size" */
	enum kmb_dim_kind kind;
	const char *const *names;	/* KMB_DIM_NAMES: NULL-terminated */
	const char *dflt;		/* when the key is absent; NULL: required */
	uint64_t min, max;		/* KMB_DIM_SIZES and KMB_DIM_UINTS */
};

enum kmb_setting_kind {
	KMB_SETTING_UINT,
	KMB_SETTING_STRING,
};

/* A scalar of the entry that goes into params but not into the id. */
struct kmb_setting {
	const char *key;
	enum kmb_setting_kind kind;
	uint64_t dflt, min, max;	/* KMB_SETTING_UINT */
	const char *dflt_str;		/* KMB_SETTING_STRING; NULL: left out when absent */
};

struct kmb_workload {
	const char *name;		/* "workload" value and second id part */
	const struct kmb_dim *dims;	/* in id order; ends with a NULL key */
	const struct kmb_setting *settings;	/* ends with a NULL key; may be NULL */
	/*
	 * Checks one case's params across fields (each field has already been
	 * checked alone); NULL when there is nothing to check.
	 */
	int (*check)(json_t *params, const char *where, struct kmb_err *err);
	/* Appends to @id settings that change what a case measures; may be NULL. */
	void (*id_extra)(json_t *params, char *id, size_t len);
	/* As kmb_group_ops.run_rep; the case's params are the workload's input. */
	int (*run_rep)(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err);
};

/*
 * The workloads, one row each, in the order --help and errors list them:
 * X(id) names the struct kmb_workload kmb_workload_<id> that the
 * workload's own file defines. Adding a workload is its file and a row.
 */
#define KMB_WORKLOADS(X)	\
	X(malloc)		\
	X(mlock)		\
	X(fault_anon)		\
	X(fault_cow)		\
	X(fault_populate)	\
	X(fault_file)		\
	X(numa)			\
	X(io_uring)

#define KMB_WORKLOAD_EXTERN(id) extern const struct kmb_workload kmb_workload_##id;
KMB_WORKLOADS(KMB_WORKLOAD_EXTERN)
#undef KMB_WORKLOAD_EXTERN

/* The workload called @name, or NULL. */
const struct kmb_workload *kmb_workload_by_name(const char *name);
/* "malloc, mlock, ..." for error messages. */
void kmb_workload_names(char *buf, size_t len);

/*
 * Expands one suite entry of the "user" group into cases (the product of
 * the workload's dimensions); errors name @where and the field.
 */
int kmb_user_expand(json_t *entry, const char *where, struct kmb_case_list *out,
		    struct kmb_err *err);

#endif
