/*
 * The "kernel" group: a suite entry (bench/README.md, "kernel entries") is
 * a cartesian product of its dimensions; this file expands it into cases
 * with stable ids, skipping the combinations the module cannot run.
 * Running a case is run.c's job.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "groups.h"
#include "kcheck.h"
#include "kcounters.h"
#include "kspec.h"
#include "names.h"
#include "rcu_backlog.h"
#include "suite.h"

bool kmb_kcases_unchecked;

#define KMB_MAX_THREADS	256
#define KMB_MAX_CPU	65535
#define KMB_MAX_NODE	1023

/* The dimensions of one entry, each parsed and checked before any case. */
struct kernel_dims {
	const struct kmb_api_name **apis;
	uint64_t *sizes, *orders, *gfps, *patterns, *ctxs, *threads, *nodes, *batches, *cpus;
	uint64_t *dma_masks;
	size_t napis, nsizes, norders, ngfps, npatterns, nctxs, nthreads, nnodes, nbatches, ncpus;
	size_t ndma_masks;
	uint64_t size_max;	/* 0: the API's default */
	/* Page APIs given 'sizes': each becomes the smallest order that holds it. */
	int pages_in_bytes;
	struct kmb_case base;
	const char *where;	/* the entry, for messages */
};

/* The largest page order a suite may name; the module refuses past its own. */
#define KMB_SPEC_MAX_ORDER	20

/* The smallest page order that holds @bytes, with this machine's pages. */
static unsigned int page_order(uint64_t bytes)
{
	return kmb_page_order(bytes, (uint64_t)sysconf(_SC_PAGESIZE));
}

static void kernel_dims_free(struct kernel_dims *d)
{
	free(d->apis);
	free(d->sizes);
	free(d->orders);
	free(d->gfps);
	free(d->patterns);
	free(d->ctxs);
	free(d->threads);
	free(d->nodes);
	free(d->batches);
	free(d->cpus);
	free(d->dma_masks);
}

void kmb_kspec_free(void *priv)
{
	struct kmb_kspec *spec = priv;

	if (!spec)
		return;
	free(spec->cpus);
	kmb_kacc_free(spec->acc);
	kmb_kcounters_free(spec->ctr);
	kmb_rcu_backlog_free(spec->rcu);
	free(spec);
}

/* Online CPUs, as many as one case may have threads. */
static unsigned int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > KMB_MAX_THREADS ? KMB_MAX_THREADS : (unsigned int)n;
}

/* "0-3,5" (the kernel's list format) into values; -1 when malformed. */
static int parse_list(const char *s, uint64_t **out, size_t *n)
{
	uint64_t *v = NULL;
	size_t cnt = 0, cap = 0;

	while (*s) {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b = a;

		if (end == s)
			goto bad;
		if (*end == '-') {
			s = end + 1;
			b = strtoul(s, &end, 10);
			if (end == s || b < a)
				goto bad;
		}
		for (unsigned long x = a; x <= b && x <= KMB_MAX_NODE; x++) {
			if (cnt == cap) {
				uint64_t *nv = realloc(v, (cap = cap ? 2 * cap : 8) * sizeof(*v));

				if (!nv)
					goto bad;
				v = nv;
			}
			v[cnt++] = x;
		}
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			goto bad;
	}
	*out = v;
	*n = cnt;
	return 0;
bad:
	free(v);
	return -1;
}

/* The online NUMA nodes of this machine; node 0 alone without NUMA. */
static int online_nodes(uint64_t **out, size_t *n)
{
	char buf[4096];

	if (kmb_read_text("/sys/devices/system/node/online", buf, sizeof(buf)) == 0 &&
	    parse_list(buf, out, n) == 0 && *n)
		return 0;
	*out = calloc(1, sizeof(**out));
	*n = 1;
	return *out ? 0 : -1;
}

static int push(uint64_t **v, size_t *n, size_t *cap, uint64_t x)
{
	if (*n == *cap) {
		uint64_t *nv = realloc(*v, (*cap = *cap ? 2 * *cap : 8) * sizeof(**v));

		if (!nv)
			return -1;
		*v = nv;
	}
	(*v)[(*n)++] = x;
	return 0;
}

/* "online", "N", "A..B" with either end "online", into @v. */
static int thread_range(const char *s, unsigned int online, uint64_t **v, size_t *n,
			size_t *cap)
{
	const char *dots = strstr(s, "..");
	unsigned long a, b;
	char *end;

	if (strcmp(s, "online") == 0)
		return online <= KMB_MAX_THREADS ? push(v, n, cap, online) : -1;
	a = strtoul(s, &end, 10);
	if (end == s || end != (dots ? dots : s + strlen(s)))
		return -1;
	if (!dots)
		return a >= 1 && a <= KMB_MAX_THREADS ? push(v, n, cap, a) : -1;
	if (strcmp(dots + 2, "online") == 0) {
		b = online;
	} else {
		b = strtoul(dots + 2, &end, 10);
		if (end == dots + 2 || *end)
			return -1;
	}
	if (a < 1 || b < a || b > KMB_MAX_THREADS)
		return -1;
	for (unsigned long x = a; x <= b; x++)
		if (push(v, n, cap, x))
			return -1;
	return 0;
}

/*
 * threads: a number, "online", a range "1..online" or "2..8", or a list of
 * those. "online" is this machine's count of online CPUs.
 */
static int expand_threads(json_t *entry, struct kernel_dims *d, const char *where,
			  struct kmb_err *err)
{
	json_t *v = json_object_get(entry, "threads"), *arr, *it;
	unsigned int online = online_cpus();
	size_t cap = 0, i, w = 0;
	int ret = 0;

	if (!v)
		return kmb_spec_uints(entry, "threads", 1, 1, KMB_MAX_THREADS, &d->threads,
				      &d->nthreads, where, err);
	arr = json_is_array(v) ? json_incref(v) : json_pack("[O]", v);
	if (!arr)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	json_array_foreach(arr, i, it) {
		json_int_t x = json_integer_value(it);

		if (json_is_integer(it))
			ret = x >= 1 && x <= KMB_MAX_THREADS ?
			      push(&d->threads, &d->nthreads, &cap, (uint64_t)x) : -1;
		else if (json_is_string(it))
			ret = thread_range(json_string_value(it), online, &d->threads,
					   &d->nthreads, &cap);
		else
			ret = -1;
		if (ret)
			break;
	}
	json_decref(arr);
	if (ret || !d->nthreads)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: 'threads' must be a number from 1 to "
				"%d, \"online\", a range like \"1..online\" or \"2..8\", or a "
				"list of those", where, KMB_MAX_THREADS);
	qsort(d->threads, d->nthreads, sizeof(*d->threads), kmb_cmp_u64);
	for (i = 0; i < d->nthreads; i++)
		if (!w || d->threads[w - 1] != d->threads[i])
			d->threads[w++] = d->threads[i];
	d->nthreads = w;
	return 0;
}

/* nodes: "each" (every online node, the default) or node numbers. */
static int expand_nodes(json_t *entry, struct kernel_dims *d, const char *where,
			struct kmb_err *err)
{
	json_t *v = json_object_get(entry, "nodes");

	if (!v || (json_is_string(v) && strcmp(json_string_value(v), "each") == 0)) {
		if (online_nodes(&d->nodes, &d->nnodes))
			return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		return 0;
	}
	if (json_is_string(v))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: 'nodes' must be \"each\", a node number "
				"or a list of them", where);
	return kmb_spec_uints(entry, "nodes", 0, 0, KMB_MAX_NODE, &d->nodes, &d->nnodes, where,
			      err);
}

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
		char bad[64], list[512], why[256];

		if (kmb_gfp_parse(json_string_value(it), &(*out)[i], bad, sizeof(bad))) {
			kmb_names_list(kmb_gfp_names, kmb_gfp_names_count, list, sizeof(list));
			kmb_fail(err, KMB_EXIT_USAGE, "%s: gfp '%s': unknown flag '%s' (known: %s)",
				 where, json_string_value(it), bad, list);
			break;
		}
		if (kmb_gfp_form_check((*out)[i], why, sizeof(why))) {
			kmb_fail(err, KMB_EXIT_USAGE, "%s: gfp '%s': %s", where,
				 json_string_value(it), why);
			break;
		}
	}
	json_decref(sets);
	return i < *n ? err->code : 0;
}

static int expand_apis(json_t *entry, struct kernel_dims *d, const char *where,
		       struct kmb_err *err)
{
	json_t *names = kmb_spec_strings(entry, "api", NULL, where, err), *it;
	size_t i;

	if (!names)
		return err->code;
	d->napis = json_array_size(names);
	d->apis = calloc(d->napis, sizeof(*d->apis));
	if (!d->apis) {
		json_decref(names);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	json_array_foreach(names, i, it) {
		char list[1024];
		size_t used = 0;

		d->apis[i] = kmb_api_by_name(json_string_value(it));
		if (d->apis[i])
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

/* Whether any API of the entry has @flag / takes @kind sizes. */
static int any_api(const struct kernel_dims *d, unsigned int flag, int kind)
{
	for (size_t i = 0; i < d->napis; i++)
		if (flag ? (d->apis[i]->flags & flag) : (int)d->apis[i]->size_kind == kind)
			return 1;
	return 0;
}

/*
 * DMA mask widths for the DMA APIs: a list of bits, 64 and 32 when the
 * entry gives none. A width the platform refuses is the module's to say.
 */
static int expand_dma_masks(json_t *entry, struct kernel_dims *d, const char *where,
			    struct kmb_err *err)
{
	static const uint64_t dflt[] = { 64, 32 };

	if (!any_api(d, KMB_APIF_DMA, 0)) {
		if (json_object_get(entry, "dma_mask"))
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: 'dma_mask' is for the DMA APIs "
					"(dma_alloc_coherent, dma_map_single, "
					"dma_alloc_coherent_cma)", where);
		return 0;
	}
	if (json_object_get(entry, "dma_mask"))
		return kmb_spec_uints(entry, "dma_mask", 64, KMB_DMA_MASK_BITS_MIN,
				      KMB_DMA_MASK_BITS_MAX, &d->dma_masks, &d->ndma_masks, where,
				      err);
	d->dma_masks = malloc(sizeof(dflt));
	if (!d->dma_masks)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	memcpy(d->dma_masks, dflt, sizeof(dflt));
	d->ndma_masks = sizeof(dflt) / sizeof(dflt[0]);
	return 0;
}

/*
 * Sizes for byte APIs, orders for page APIs: an entry that mixes both
 * kinds of API has both fields, and a field none of its APIs takes is an
 * error (it would be silently ignored otherwise). Page APIs also take
 * 'sizes' when the entry has no 'orders': each size runs at the smallest
 * order that holds it, and the case says what the rounding wastes.
 */
static int expand_dims(json_t *entry, struct kernel_dims *d, const char *where,
		       struct kmb_err *err)
{
	int bytes = any_api(d, 0, KMB_SIZE_BYTES), orders = any_api(d, 0, KMB_SIZE_ORDER);
	int ranged = any_api(d, KMB_APIF_RESIZE, 0);
	int ret;

	d->pages_in_bytes = orders && json_object_get(entry, "sizes") &&
			    !json_object_get(entry, "orders");
	if (!orders && json_object_get(entry, "orders"))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: api '%s' takes 'sizes', not 'orders'",
				where, d->apis[0]->name);
	if ((bytes || d->pages_in_bytes) &&
	    (ret = kmb_spec_sizes(entry, "sizes", 1, 1ULL << 40, &d->sizes, &d->nsizes, where,
				  err)))
		return ret;
	for (size_t i = 0; d->pages_in_bytes && i < d->nsizes; i++)
		if (page_order(d->sizes[i]) > KMB_SPEC_MAX_ORDER)
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: size %" PRIu64 " rounds to order "
					"%u, past the largest order (%d) of any kernel", where,
					d->sizes[i], page_order(d->sizes[i]),
					KMB_SPEC_MAX_ORDER);
	if (orders && !d->pages_in_bytes && (ret = kmb_spec_uints(entry, "orders", 0, 0,
								 KMB_SPEC_MAX_ORDER, &d->orders, &d->norders,
					    where, err)))
		return ret;
	for (size_t i = 0; i < d->npatterns; i++)
		ranged |= d->patterns[i] == KMB_PATTERN_RANDOM_SIZE;
	if (json_object_get(entry, "size_max")) {
		uint64_t *v = NULL;
		size_t n = 0;

		if (!ranged)
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: 'size_max' is for the random-size "
					"pattern and krealloc", where);
		ret = kmb_spec_sizes(entry, "size_max", 1, 1ULL << 40, &v, &n, where, err);
		if (!ret && n != 1)
			ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: 'size_max' takes one size", where);
		if (!ret)
			d->size_max = v[0];
		free(v);
		if (ret)
			return ret;
	}
	if (!any_api(d, KMB_APIF_NODE, 0) && json_object_get(entry, "nodes"))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: 'nodes' is for kmalloc_node and "
				"alloc_pages_node", where);
	return expand_dma_masks(entry, d, where, err);
}

static int expand_cpus(json_t *entry, struct kernel_dims *d, const char *where,
		       struct kmb_err *err)
{
	json_t *v = json_object_get(entry, "cpus"), *it;
	size_t i;

	if (!v)
		return 0;
	if (!json_is_array(v) || !json_array_size(v))
		goto bad;
	d->cpus = calloc(json_array_size(v), sizeof(*d->cpus));
	if (!d->cpus)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	json_array_foreach(v, i, it) {
		if (!json_is_integer(it) || json_integer_value(it) < 0 ||
		    json_integer_value(it) > KMB_MAX_CPU)
			goto bad;
		d->cpus[d->ncpus++] = (uint64_t)json_integer_value(it);
	}
	return 0;
bad:
	return kmb_fail(err, KMB_EXIT_USAGE, "%s: 'cpus' must be a non-empty list of CPU "
			"numbers (thread i runs on cpus[i %% length])", where);
}

/* batch: one number or a list of them. */
static int expand_batches(json_t *entry, struct kernel_dims *d, const char *where,
			  struct kmb_err *err)
{
	uint64_t one;
	int ret;

	if (json_is_array(json_object_get(entry, "batch")))
		return kmb_spec_uints(entry, "batch", 64, 1, 1u << 20, &d->batches, &d->nbatches,
				      where, err);
	ret = kmb_spec_uint(entry, "batch", 64, 1, 1u << 20, &one, where, err);
	if (ret)
		return ret;
	d->batches = malloc(sizeof(*d->batches));
	if (!d->batches)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	d->batches[0] = one;
	d->nbatches = 1;
	return 0;
}

/* What a case of @api does with size_max when the entry gives none. */
static uint64_t default_size_max(const struct kmb_case *kc, const struct kmb_api_name *api)
{
	if (api->flags & KMB_APIF_RESIZE)
		return kc->size * 4;
	if (kc->pattern == KMB_PATTERN_RANDOM_SIZE)
		return kc->size * 2;
	return 0;
}

static int batch_matters(const struct kmb_case *kc, const struct kmb_api_name *api)
{
	return kmb_pattern_holds_batch(kc->pattern) ? 1 : (api->flags & KMB_APIF_BULK) != 0;
}

__attribute__((format(printf, 4, 5)))
static void id_add(char *id, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(id + *len, size - *len, fmt, ap);
	va_end(ap);
	*len = n < 0 ? size : *len + (size_t)n;
}

/* The case's stable id, built from its parameters. */
static void case_id(const struct kmb_case *kc, const struct kmb_api_name *api,
		    const struct kernel_dims *d, uint64_t page_bytes, char *id, size_t size)
{
	const char *pattern = kmb_name_of(kmb_pattern_names, kmb_pattern_names_count,
					  kc->pattern);
	const char *ctxname = kmb_name_of(kmb_ctx_names, kmb_ctx_names_count, kc->context);
	char gfp[256];
	size_t len = 0;

	kmb_gfp_format(kc->gfp, gfp, sizeof(gfp));
	if (api->size_kind == KMB_SIZE_ORDER && page_bytes)
		id_add(id, size, &len, "kernel/%s/size=%" PRIu64, api->name, page_bytes);
	else if (api->size_kind == KMB_SIZE_ORDER)
		id_add(id, size, &len, "kernel/%s/order=%u", api->name, kc->order);
	else
		id_add(id, size, &len, "kernel/%s/size=%" PRIu64, api->name, (uint64_t)kc->size);
	if (kc->size_max)
		id_add(id, size, &len, "/size_max=%" PRIu64, (uint64_t)kc->size_max);
	id_add(id, size, &len, "/gfp=%s/pattern=%s/ctx=%s/threads=%u", gfp, pattern, ctxname,
	       kc->threads);
	if (d->ncpus) {
		id_add(id, size, &len, "/cpus=");
		for (size_t i = 0; i < d->ncpus; i++)
			id_add(id, size, &len, "%s%" PRIu64, i ? "," : "", d->cpus[i]);
	}
	if (kc->node != KMB_NODE_ANY)
		id_add(id, size, &len, "/node=%d", kc->node);
	if (kc->dma_mask_bits)
		id_add(id, size, &len, "/dma_mask=%u", kc->dma_mask_bits);
	if (batch_matters(kc, api))
		id_add(id, size, &len, "/batch=%u", kc->batch);
}

/* One case of the product; takes nothing from the caller on failure. */
static int add_case(const struct kmb_case *kc, const struct kmb_api_name *api,
		    const struct kernel_dims *d, uint64_t page_bytes, struct kmb_case_list *out,
		    struct kmb_err *err)
{
	struct kmb_kspec *spec = calloc(1, sizeof(*spec));
	struct kmb_bench_case *c = NULL;
	const char *pattern = kmb_name_of(kmb_pattern_names, kmb_pattern_names_count,
					  kc->pattern);
	const char *ctxname = kmb_name_of(kmb_ctx_names, kmb_ctx_names_count, kc->context);
	char gfp[256], id[KMB_ID_MAX];
	json_t *params;

	if (!spec)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	spec->kcase = *kc;
	spec->api = api;
	kmb_gfp_format(kc->gfp, gfp, sizeof(gfp));
	params = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "api", api->name,
			   "gfp", gfp, "pattern", pattern, "ctx", ctxname, "threads", kc->threads,
			   "iterations", kc->iterations, "warmup", kc->warmup,
			   "budget_ms", kc->budget_ms);
	if (api->size_kind == KMB_SIZE_ORDER && page_bytes) {
		uint64_t block = (uint64_t)sysconf(_SC_PAGESIZE) << kc->order;

		json_object_set_new(params, "size", json_integer((json_int_t)page_bytes));
		json_object_set_new(params, "order", json_integer(kc->order));
		json_object_set_new(params, "rounding_waste",
				    json_integer((json_int_t)(block - page_bytes)));
	} else if (api->size_kind == KMB_SIZE_ORDER)
		json_object_set_new(params, "order", json_integer(kc->order));
	else
		json_object_set_new(params, "size", json_integer((json_int_t)kc->size));
	if (kc->size_max)
		json_object_set_new(params, "size_max", json_integer((json_int_t)kc->size_max));
	if (d->ncpus) {
		json_t *cpus = json_array();

		spec->cpus = calloc(kc->threads, sizeof(*spec->cpus));
		if (!spec->cpus) {
			json_decref(cpus);
			goto oom;
		}
		for (size_t i = 0; i < d->ncpus; i++)
			json_array_append_new(cpus, json_integer((json_int_t)d->cpus[i]));
		for (uint32_t t = 0; t < kc->threads; t++)
			spec->cpus[t] = (uint32_t)d->cpus[t % d->ncpus];
		json_object_set_new(params, "cpus", cpus);
	}
	if (kc->node != KMB_NODE_ANY)
		json_object_set_new(params, "node", json_integer(kc->node));
	if (kc->dma_mask_bits)
		json_object_set_new(params, "dma_mask", json_integer(kc->dma_mask_bits));
	if (batch_matters(kc, api))
		json_object_set_new(params, "batch", json_integer(kc->batch));
	case_id(kc, api, d, page_bytes, id, sizeof(id));
	/* An error, not a skip: the size is a mistake of the suite, not a limit. */
	if (!kmb_kcases_unchecked && !kmb_rcu_size_ok(api->flags, kc->size)) {
		json_decref(params);
		kmb_kspec_free(spec);
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: case %s: %s frees through an rcu_head "
				"inside the object, so sizes must be at least %d bytes", d->where,
				id, api->name, KMB_RCU_MIN_SIZE);
	}
	c = kmb_case_new(&kmb_kernel_group, params, spec, "%s", id);
	if (!c)
		goto oom;
	if (kmb_case_list_push(out, c)) {
		kmb_case_free(c);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	return 0;
oom:
	json_decref(params);
	kmb_kspec_free(spec);
	return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
}

/* Counts what one entry gave, and keeps the first reason a case was skipped. */
struct product_tally {
	size_t added, skipped;
	char why[512];
};

static int product_one(const struct kernel_dims *d, const struct kmb_api_name *api,
		       struct kmb_case *kc, uint64_t page_bytes, struct kmb_case_list *out,
		       struct product_tally *tally, struct kmb_err *err)
{
	char why[512], id[KMB_ID_MAX];

	kc->size_max = d->size_max ? d->size_max : default_size_max(kc, api);
	if (kc->pattern != KMB_PATTERN_RANDOM_SIZE && !(api->flags & KMB_APIF_RESIZE))
		kc->size_max = 0;
	if (!kmb_kcases_unchecked && kmb_kcase_check(kc, api, why, sizeof(why))) {
		if (!tally->skipped++) {
			case_id(kc, api, d, page_bytes, id, sizeof(id));
			snprintf(tally->why, sizeof(tally->why), "%.250s (%.250s)", why, id);
		}
		return 0;
	}
	tally->added++;
	return add_case(kc, api, d, page_bytes, out, err);
}

static int kernel_product(const struct kernel_dims *d, const struct kmb_api_name *api,
			  struct kmb_case_list *out, struct product_tally *tally,
			  struct kmb_err *err)
{
	int orders = api->size_kind == KMB_SIZE_ORDER, node = api->flags & KMB_APIF_NODE;
	int dma = (api->flags & KMB_APIF_DMA) != 0;
	int in_bytes = orders && d->pages_in_bytes;
	const uint64_t *dims = orders && !in_bytes ? d->orders : d->sizes;
	size_t ndims = orders && !in_bytes ? d->norders : d->nsizes;
	size_t nnodes = node ? d->nnodes : 1;
	size_t nmasks = dma ? d->ndma_masks : 1;
	int ret = 0;

	for (size_t m = 0; m < nmasks; m++)
	for (size_t nd = 0; nd < nnodes; nd++)
	for (size_t j = 0; j < ndims; j++)
	for (size_t g = 0; g < d->ngfps; g++)
	for (size_t p = 0; p < d->npatterns; p++)
	for (size_t c = 0; c < d->nctxs; c++)
	for (size_t t = 0; t < d->nthreads; t++)
	for (size_t b = 0; b < d->nbatches && !ret; b++) {
		struct kmb_case kc = d->base;

		kc.api = api->api;
		kc.node = node ? (int32_t)d->nodes[nd] : KMB_NODE_ANY;
		kc.dma_mask_bits = dma ? (uint32_t)d->dma_masks[m] : 0;
		if (in_bytes)
			kc.order = page_order(dims[j]);
		else if (orders)
			kc.order = (uint32_t)dims[j];
		else
			kc.size = dims[j];
		kc.gfp = d->gfps[g];
		kc.pattern = (uint32_t)d->patterns[p];
		kc.context = (uint32_t)d->ctxs[c];
		kc.threads = (uint32_t)d->threads[t];
		kc.batch = (uint32_t)d->batches[b];
		/* A batch the case does not use must not multiply it. */
		if (b && !batch_matters(&kc, api))
			break;
		ret = product_one(d, api, &kc, in_bytes ? dims[j] : 0, out, tally, err);
	}
	return ret;
}

static int kernel_expand(json_t *entry, const char *where, struct kmb_case_list *out,
			 struct kmb_err *err)
{
	static const char *const keys[] = { "api", "sizes", "orders", "size_max", "gfp",
					    "pattern", "ctx", "threads", "cpus", "nodes",
					    "batch", "iterations", "warmup", "budget_ms", "dma_mask",
					    NULL };
	struct kernel_dims d = { .base = { .node = KMB_NODE_ANY }, .where = where };
	struct product_tally tally = { 0 };
	uint64_t iterations, warmup, budget;
	int ret;

	if ((ret = kmb_spec_check_keys(entry, keys, where, err)) ||
	    (ret = expand_apis(entry, &d, where, err)) ||
	    (ret = expand_gfps(entry, &d.gfps, &d.ngfps, where, err)) ||
	    (ret = expand_names(entry, "pattern", "pair", kmb_pattern_names,
				kmb_pattern_names_count, &d.patterns, &d.npatterns, where, err)) ||
	    (ret = expand_names(entry, "ctx", "process", kmb_ctx_names, kmb_ctx_names_count,
				&d.ctxs, &d.nctxs, where, err)) ||
	    (ret = expand_dims(entry, &d, where, err)) ||
	    (ret = expand_threads(entry, &d, where, err)) ||
	    (ret = expand_cpus(entry, &d, where, err)) ||
	    (ret = expand_nodes(entry, &d, where, err)) ||
	    (ret = expand_batches(entry, &d, where, err)) ||
	    (ret = kmb_spec_uint(entry, "iterations", 10000, 1, 10000000, &iterations, where,
				 err)) ||
	    (ret = kmb_spec_uint(entry, "warmup", 1000, 0, 10000000, &warmup, where, err)) ||
	    (ret = kmb_spec_uint(entry, "budget_ms", 10000, 1, 600000, &budget, where, err)))
		goto out;
	d.base.iterations = (uint32_t)iterations;
	d.base.warmup = (uint32_t)warmup;
	d.base.budget_ms = (uint32_t)budget;

	for (size_t i = 0; i < d.napis && !ret; i++)
		ret = kernel_product(&d, d.apis[i], out, &tally, err);
	if (!ret && !tally.added)
		ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: no combination of this entry can run: "
			       "%s%s", where, tally.why,
			       tally.skipped > 1 ? " (and the others fail likewise)" : "");
out:
	kernel_dims_free(&d);
	return ret;
}

const struct kmb_group_ops kmb_kernel_group = {
	.group = "kernel",
	.needs_module = true,
	.expand = kernel_expand,
	.run_rep = kmb_kernel_run_rep,
	.free_priv = kmb_kspec_free,
};
