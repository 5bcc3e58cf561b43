/*
 * The "user" group: workloads that run in the runner itself, one row each
 * in KMB_WORKLOADS (workload.h).
 */
#include <stdio.h>
#include <string.h>

#include "groups.h"
#include "workload.h"

#define KMB_WORKLOAD_ROW(id) &kmb_workload_##id,

static const struct kmb_workload *const kmb_workloads[] = { KMB_WORKLOADS(KMB_WORKLOAD_ROW) };

#define KMB_NWORKLOADS (sizeof(kmb_workloads) / sizeof(kmb_workloads[0]))

const struct kmb_workload *kmb_workload_by_name(const char *name)
{
	for (size_t i = 0; i < KMB_NWORKLOADS; i++)
		if (strcmp(kmb_workloads[i]->name, name) == 0)
			return kmb_workloads[i];
	return NULL;
}

void kmb_workload_names(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < KMB_NWORKLOADS; i++)
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s", i ? ", " : "",
				 kmb_workloads[i]->name);
}

static int user_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	const struct kmb_workload *w = c->priv;

	return w->run_rep(c, ctx, err);
}

const struct kmb_group_ops kmb_user_group = {
	.group = "user",
	.needs_module = false,
	.expand = kmb_user_expand,
	.run_rep = user_run_rep,
	.free_priv = NULL,
};
