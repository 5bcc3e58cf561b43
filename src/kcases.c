/*
 * The "kernel" group: suite entries that the module runs, one KMB_IOC_RUN
 * per case and repetition.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "names.h"
#include "suite.h"

/* Sample buffer per thread and phase: enough for a distribution's tail. */
#define KMB_SAMPLES_PER_PHASE	(256u * 1024)
#define KMB_MAX_THREADS		256

static const char *const kmb_phase_names[KMB_PHASE_NR] = {
	[KMB_PHASE_ALLOC] = "alloc",
	[KMB_PHASE_FREE] = "free",
};

struct kmb_kspec {
	struct kmb_case kcase;
};

static int kernel_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx,
			  struct kmb_err *err)
{
	struct kmb_kspec *spec = c->priv;
	struct kmb_run run;
	uint32_t threads = spec->kcase.threads;
	uint32_t cap = spec->kcase.iterations < KMB_SAMPLES_PER_PHASE ?
		       spec->kcase.iterations : KMB_SAMPLES_PER_PHASE;
	struct kmb_phase_result *res = calloc((size_t)threads * KMB_PHASE_NR, sizeof(*res));
	uint64_t *samples = calloc((size_t)threads * KMB_PHASE_NR * cap, sizeof(*samples));
	double *ns = malloc(cap * sizeof(*ns)), *cyc = malloc(cap * sizeof(*cyc));
	double ns_per_cycle;
	int ret = 0;

	if (!res || !samples || !ns || !cyc) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
		goto out;
	}
	memset(&run, 0, sizeof(run));
	run.flags = KMB_RUN_SUBTRACT_OVERHEAD;
	run.kcase = spec->kcase;
	run.kcase.seed = ctx->seed * 1000003u + ctx->rep;
	run.samples_ptr = (uintptr_t)samples;
	run.samples_cap = cap;
	run.max_threads = threads;
	run.result_ptr = (uintptr_t)res;
	ret = kmb_kclient_run(ctx->kc, &run, err);
	if (ret) {
		/* Name the case: the client's message names only the API. */
		char msg[sizeof(err->msg)];

		memcpy(msg, err->msg, sizeof(msg));
		kmb_fail(err, ret, "%s: %.700s", c->id, msg);
		goto out;
	}
	ns_per_cycle = run.calib_cycles ? (double)run.calib_ns / (double)run.calib_cycles : 0;
	for (uint32_t t = 0; t < threads; t++) {
		for (unsigned int p = 0; p < KMB_PHASE_NR; p++) {
			const struct kmb_phase_result *r = &res[t * KMB_PHASE_NR + p];
			const uint64_t *s = samples + ((size_t)t * KMB_PHASE_NR + p) * run.samples_cap;
			struct kmb_phase_data *ph;
			size_t n = r->samples;

			if (!r->ops && !r->failures)
				continue;
			ph = kmb_case_phase(c, kmb_phase_names[p], "ns");
			for (size_t i = 0; i < n; i++) {
				cyc[i] = (double)s[i];
				ns[i] = cyc[i] * ns_per_cycle;
			}
			if (kmb_phase_add_rep(ph, ns, cyc, n, r->ops, r->failures,
					      (double)r->batch_ns)) {
				ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
				goto out;
			}
		}
	}
	json_object_set_new(c->extra, "timer", json_pack(
		"{s:I, s:f, s:b, s:f}",
		"overhead_cycles", (json_int_t)run.timer_overhead_cycles,
		"overhead_ns", run.timer_overhead_cycles * ns_per_cycle,
		"subtracted", 1,
		"ns_per_cycle", ns_per_cycle));
	if (run.stopped == KMB_STOP_BUDGET)
		snprintf(c->stopped, sizeof(c->stopped), "budget");
	else if (run.stopped == KMB_STOP_SIGNAL)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
out:
	free(res);
	free(samples);
	free(ns);
	free(cyc);
	return ret;
}

/* One case of the product; takes nothing from the caller on failure. */
static int add_case(const struct kmb_case *kc, const struct kmb_api_name *api,
		    struct kmb_case_list *out, struct kmb_err *err)
{
	struct kmb_kspec *spec = malloc(sizeof(*spec));
	struct kmb_bench_case *c;
	char gfp[256], dim[64];
	const char *pattern = kmb_name_of(kmb_pattern_names, kmb_pattern_names_count,
					  kc->pattern);
	const char *ctxname = kmb_name_of(kmb_ctx_names, kmb_ctx_names_count, kc->context);
	json_t *params;

	if (!spec)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	spec->kcase = *kc;
	kmb_gfp_format(kc->gfp, gfp, sizeof(gfp));
	if (api->size_kind == KMB_SIZE_ORDER)
		snprintf(dim, sizeof(dim), "order=%u", kc->order);
	else
		snprintf(dim, sizeof(dim), "size=%llu", (unsigned long long)kc->size);
	params = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i}",
			   "api", api->name, "gfp", gfp, "pattern", pattern, "ctx", ctxname,
			   "threads", kc->threads, "iterations", kc->iterations,
			   "warmup", kc->warmup);
	if (api->size_kind == KMB_SIZE_ORDER)
		json_object_set_new(params, "order", json_integer(kc->order));
	else
		json_object_set_new(params, "size", json_integer((json_int_t)kc->size));
	if (kc->pattern != KMB_PATTERN_PAIR)
		json_object_set_new(params, "batch", json_integer(kc->batch));
	c = kmb_case_new(&kmb_kernel_group, params, spec,
			 "kernel/%s/%s/gfp=%s/pattern=%s/ctx=%s/threads=%u", api->name, dim, gfp,
			 pattern, ctxname, kc->threads);
	if (!c) {
		json_decref(params);
		free(spec);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	if (kc->pattern != KMB_PATTERN_PAIR) {
		size_t len = strlen(c->id);

		snprintf(c->id + len, sizeof(c->id) - len, "/batch=%u", kc->batch);
	}
	if (kmb_case_list_push(out, c)) {
		kmb_case_free(c);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	return 0;
}

/* The values of one named dimension of an entry, looked up in @table. */
static int expand_names(json_t *entry, const char *key, const char *dflt,
			const struct kmb_name *table, size_t count, uint64_t **out, size_t *n,
			const char *where, struct kmb_err *err)
{
	json_t *names = kmb_spec_strings(entry, key, dflt, where, err), *it;
	size_t i;

	if (!names)
		return err->code;
	*n = json_array_size(names);
	*out = calloc(*n, sizeof(**out));
	if (!*out) {
		json_decref(names);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	json_array_foreach(names, i, it) {
		int v = kmb_name_lookup(table, count, json_string_value(it));

		if (v < 0) {
			char list[512];

			kmb_names_list(table, count, list, sizeof(list));
			kmb_fail(err, KMB_EXIT_USAGE, "%s: %s '%s' is unknown (known: %s)", where,
				 key, json_string_value(it), list);
			json_decref(names);
			return err->code;
		}
		(*out)[i] = (uint64_t)v;
	}
	json_decref(names);
	return 0;
}

static int expand_gfps(json_t *entry, uint64_t **out, size_t *n, const char *where,
		       struct kmb_err *err)
{
	json_t *sets = kmb_spec_strings(entry, "gfp", "KERNEL", where, err), *it;
	size_t i;

	if (!sets)
		return err->code;
	*n = json_array_size(sets);
	*out = calloc(*n, sizeof(**out));
	if (!*out) {
		json_decref(sets);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	json_array_foreach(sets, i, it) {
		char bad[64], list[512];

		if (kmb_gfp_parse(json_string_value(it), &(*out)[i], bad, sizeof(bad)) == 0)
			continue;
		kmb_names_list(kmb_gfp_names, kmb_gfp_names_count, list, sizeof(list));
		kmb_fail(err, KMB_EXIT_USAGE, "%s: gfp '%s': unknown flag '%s' (known: %s)", where,
			 json_string_value(it), bad, list);
		json_decref(sets);
		return err->code;
	}
	json_decref(sets);
	return 0;
}

static int expand_apis(json_t *entry, const struct kmb_api_name ***out, size_t *n,
		       const char *where, struct kmb_err *err)
{
	json_t *names = kmb_spec_strings(entry, "api", NULL, where, err), *it;
	size_t i;

	if (!names)
		return err->code;
	*n = json_array_size(names);
	*out = calloc(*n, sizeof(**out));
	if (!*out) {
		json_decref(names);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	json_array_foreach(names, i, it) {
		char list[1024];
		size_t used = 0;

		(*out)[i] = kmb_api_by_name(json_string_value(it));
		if ((*out)[i])
			continue;
		list[0] = '\0';
		for (size_t j = 0; j < kmb_api_names_count; j++)
			used += snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0,
					 "%s%s", j ? ", " : "", kmb_api_names[j].name);
		kmb_fail(err, KMB_EXIT_USAGE, "%s: api '%s' is unknown (known: %s)", where,
			 json_string_value(it), list);
		json_decref(names);
		return err->code;
	}
	json_decref(names);
	return 0;
}

/* Sizes for byte APIs, orders for page APIs; the other key is an error. */
static int expand_dims(json_t *entry, const struct kmb_api_name *api, uint64_t **out,
		       size_t *n, const char *where, struct kmb_err *err)
{
	int orders = api->size_kind == KMB_SIZE_ORDER;
	const char *wrong = orders ? "sizes" : "orders";

	if (json_object_get(entry, wrong))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: api '%s' takes '%s', not '%s'", where,
				api->name, orders ? "orders" : "sizes", wrong);
	if (orders)
		return kmb_spec_uints(entry, "orders", 0, 0, 20, out, n, where, err);
	return kmb_spec_sizes(entry, "sizes", 1, 1ULL << 40, out, n, where, err);
}

/* The dimensions of one entry, each parsed and checked before any case. */
struct kernel_dims {
	const struct kmb_api_name **apis;
	uint64_t *gfps, *patterns, *ctxs, *threads;
	size_t napis, ngfps, npatterns, nctxs, nthreads;
};

static void kernel_dims_free(struct kernel_dims *d)
{
	free(d->apis);
	free(d->gfps);
	free(d->patterns);
	free(d->ctxs);
	free(d->threads);
}

static int kernel_product(const struct kernel_dims *d, const struct kmb_api_name *api,
			  const uint64_t *dims, size_t ndims, struct kmb_case base,
			  struct kmb_case_list *out, struct kmb_err *err)
{
	int ret = 0;

	base.api = api->api;
	for (size_t j = 0; j < ndims; j++)
		for (size_t g = 0; g < d->ngfps; g++)
			for (size_t p = 0; p < d->npatterns; p++)
				for (size_t c = 0; c < d->nctxs; c++)
					for (size_t t = 0; t < d->nthreads && !ret; t++) {
						struct kmb_case kc = base;

						if (api->size_kind == KMB_SIZE_ORDER)
							kc.order = (uint32_t)dims[j];
						else
							kc.size = dims[j];
						kc.gfp = d->gfps[g];
						kc.pattern = (uint32_t)d->patterns[p];
						kc.context = (uint32_t)d->ctxs[c];
						kc.threads = (uint32_t)d->threads[t];
						ret = add_case(&kc, api, out, err);
					}
	return ret;
}

static int kernel_expand(json_t *entry, const char *where, struct kmb_case_list *out,
			 struct kmb_err *err)
{
	static const char *const keys[] = { "api", "sizes", "orders", "gfp", "pattern", "ctx",
					    "threads", "batch", "iterations", "warmup",
					    "budget_ms", NULL };
	struct kernel_dims d = { 0 };
	uint64_t batch, iterations, warmup, budget;
	struct kmb_case base = { .node = KMB_NODE_ANY };
	int ret;

	if ((ret = kmb_spec_check_keys(entry, keys, where, err)) ||
	    (ret = expand_apis(entry, &d.apis, &d.napis, where, err)) ||
	    (ret = expand_gfps(entry, &d.gfps, &d.ngfps, where, err)) ||
	    (ret = expand_names(entry, "pattern", "pair", kmb_pattern_names,
				kmb_pattern_names_count, &d.patterns, &d.npatterns, where, err)) ||
	    (ret = expand_names(entry, "ctx", "process", kmb_ctx_names, kmb_ctx_names_count,
				&d.ctxs, &d.nctxs, where, err)) ||
	    (ret = kmb_spec_uints(entry, "threads", 1, 1, KMB_MAX_THREADS, &d.threads,
				  &d.nthreads, where, err)) ||
	    (ret = kmb_spec_uint(entry, "batch", 64, 1, 1u << 20, &batch, where, err)) ||
	    (ret = kmb_spec_uint(entry, "iterations", 10000, 1, 10000000, &iterations, where,
				 err)) ||
	    (ret = kmb_spec_uint(entry, "warmup", 1000, 0, 10000000, &warmup, where, err)) ||
	    (ret = kmb_spec_uint(entry, "budget_ms", 10000, 1, 600000, &budget, where, err)))
		goto out;
	base.batch = (uint32_t)batch;
	base.iterations = (uint32_t)iterations;
	base.warmup = (uint32_t)warmup;
	base.budget_ms = (uint32_t)budget;

	for (size_t i = 0; i < d.napis && !ret; i++) {
		uint64_t *dims = NULL;
		size_t ndims = 0;

		ret = expand_dims(entry, d.apis[i], &dims, &ndims, where, err);
		if (!ret)
			ret = kernel_product(&d, d.apis[i], dims, ndims, base, out, err);
		free(dims);
	}
out:
	kernel_dims_free(&d);
	return ret;
}

const struct kmb_group_ops kmb_kernel_group = {
	.group = "kernel",
	.needs_module = true,
	.expand = kernel_expand,
	.run_rep = kernel_run_rep,
	.free_priv = free,
};
