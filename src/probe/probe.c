#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "names.h"
#include "probe_search.h"

size_t kmb_probe_apis(unsigned int flag, unsigned int *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < kmb_api_names_count; i++)
		if ((kmb_api_names[i].flags & flag) && n < max)
			out[n++] = kmb_api_names[i].api;
	return n;
}

bool kmb_probe_api_supported(unsigned int api)
{
	const struct kmb_api_name *a = kmb_api_by_value(api);

	return a && (a->flags & KMB_APIF_PROBE);
}

static const char *api_name(unsigned int api)
{
	const struct kmb_api_name *a = kmb_api_by_value(api);

	return a ? a->name : "?";
}

static const char *limit_name(unsigned int bound)
{
	static const char *const names[KMB_PROBE_BOUND_NR] = {
		[KMB_PROBE_BOUND_NONE] = "none",
		[KMB_PROBE_BOUND_KMALLOC_MAX_SIZE] = "KMALLOC_MAX_SIZE",
		[KMB_PROBE_BOUND_MAX_PAGE_ORDER] = "max_page_order",
		[KMB_PROBE_BOUND_INT_MAX] = "INT_MAX",
		[KMB_PROBE_BOUND_TOTAL_RAM] = "total_ram",
		[KMB_PROBE_BOUND_VMALLOC_TOTAL] = "vmalloc_total",
		[KMB_PROBE_BOUND_CMA] = "cma_area",
	};

	return bound < KMB_PROBE_BOUND_NR ? names[bound] : "?";
}

static const char *backing_name(unsigned int backing)
{
	switch (backing) {
	case KMB_PROBE_BACKING_SLAB: return "slab";
	case KMB_PROBE_BACKING_PAGES: return "pages";
	case KMB_PROBE_BACKING_VMALLOC: return "vmalloc";
	case KMB_PROBE_BACKING_KFENCE: return "kfence";
	default: return "none";
	}
}

static const char *ptr_name(unsigned int ptr)
{
	switch (ptr) {
	case KMB_PROBE_PTR_NULL: return "NULL";
	case KMB_PROBE_PTR_ZERO_SIZE: return "ZERO_SIZE_PTR";
	default: return "pointer";
	}
}

static const char *status_name(unsigned int status)
{
	switch (status) {
	case KMB_PROBE_OK: return "ok";
	case KMB_PROBE_FAILED: return "failed";
	default: return "refused";
	}
}

static json_t *gfp_json(uint64_t bits)
{
	char buf[256];

	kmb_gfp_format(bits, buf, sizeof(buf));
	return json_string(buf);
}

/*
 * KMB_IOC_PROBE. Returns 0, -EINTR (a signal: stop quietly), -EINVAL or
 * -EOPNOTSUPP (the module will not probe this; the caller skips), or
 * KMB_EXIT_ENV with @err set.
 */
static int probe_ioctl(const struct kmb_probe_ctx *pc, struct kmb_probe *p, struct kmb_err *err)
{
	p->probe_size = sizeof(*p);
	if (ioctl(pc->kc->fd, KMB_IOC_PROBE, p) == 0)
		return 0;
	switch (errno) {
	case EINTR:
	case EINVAL:
	case EOPNOTSUPP:
	case EIO:
		return -errno;
	case ENOTTY:
		return kmb_fail(err, KMB_EXIT_ENV,
				"%s: the loaded module has no probe ioctl; load the module "
				"built from this tree", kmb_device_path());
	default:
		return kmb_fail(err, KMB_EXIT_ENV, "%s: probe of %s failed: %s",
				kmb_device_path(), api_name(p->api), strerror(errno));
	}
}

static json_t *entry_new(const char *kind, unsigned int api, uint64_t gfp, bool fragmented,
			 unsigned int dma_mask_bits)
{
	char g[256], id[384], mask[32] = "";
	json_t *e;

	kmb_gfp_format(gfp, g, sizeof(g));
	if (dma_mask_bits)
		snprintf(mask, sizeof(mask), "/dma_mask=%u", dma_mask_bits);
	snprintf(id, sizeof(id), "probe/%s%s/%s%s/gfp=%s", kind, fragmented ? "-fragmented" : "",
		 api_name(api), mask, g);
	e = json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", id, "kind", kind, "api", api_name(api),
		      "gfp", g, "fragmented", fragmented);
	if (dma_mask_bits)
		json_object_set_new(e, "dma_mask", json_integer(dma_mask_bits));
	return e;
}

/* Why the module rejects @api with @gfp, in words. */
static const char *skip_reason(unsigned int api, uint64_t gfp, int ret)
{
	const struct kmb_api_name *a = kmb_api_by_value(api);

	if (ret == -EOPNOTSUPP && a && (a->flags & KMB_APIF_CMA))
		return "this kernel has no CMA for DMA (CONFIG_DMA_CMA is not set)";
	if (ret == -EIO)
		return "the platform refuses this DMA mask for the module's device";
	if (ret == -EOPNOTSUPP)
		return "the module does not probe this API";
	if ((api == KMB_API_VMALLOC || api == KMB_API_VMALLOC_GFP) &&
	    (gfp & (KMB_GFP(ATOMIC) | KMB_GFP(NOWAIT))))
		return "vmalloc may sleep (it maps with GFP_KERNEL page tables): not probed "
		       "with a set that may not sleep";
	if (a && (a->flags & KMB_APIF_SLEEPS) && (gfp & (KMB_GFP(ATOMIC) | KMB_GFP(NOWAIT))))
		return "the API may sleep whatever the flags (CMA takes a mutex): not probed "
		       "with a set that may not sleep";
	return "the module rejects this GFP set for this API (a zone or flag it cannot take)";
}

/*
 * Settles entry @e when the module did not answer @api with @gfp: a skip
 * with the reason, or an interruption. Returns whether it did; any other
 * failure (an exit code) is the caller's.
 */
static bool settled(json_t *e, int ret, unsigned int api, uint64_t gfp)
{
	if (ret == -EINVAL || ret == -EOPNOTSUPP || ret == -EIO) {
		json_object_set_new(e, "skipped", json_string(skip_reason(api, gfp, ret)));
		return true;
	}
	if (ret == -EINTR) {
		json_object_set_new(e, "interrupted", json_true());
		return true;
	}
	return false;
}

/* State of one search, for the attempt callback. */
struct max_search {
	const struct kmb_probe_ctx *pc;
	unsigned int api;
	uint64_t gfp;
	json_t *trace;
	struct kmb_probe best;		/* the largest successful TRY */
	uint64_t alloc_ns;		/* summed over attempts */
	struct kmb_err *err;
	int error;			/* an exit code when the device failed */
};

static enum kmb_try max_try(void *vctx, uint64_t v)
{
	struct max_search *s = vctx;
	struct kmb_probe p = { .op = KMB_PROBE_TRY, .api = s->api, .gfp = s->gfp, .size = v,
			       .dma_mask_bits = s->pc->dma_mask_bits };
	int ret;

	if (s->pc->stop && *s->pc->stop)
		return KMB_TRY_STOP;
	ret = probe_ioctl(s->pc, &p, s->err);
	if (ret == -EINTR)
		return KMB_TRY_STOP;
	if (ret) {
		s->error = ret > 0 ? ret : kmb_fail(s->err, KMB_EXIT_ENV,
						    "%s: the module rejected a TRY of %s at %llu",
						    kmb_device_path(), api_name(s->api),
						    (unsigned long long)v);
		return KMB_TRY_STOP;
	}
	s->alloc_ns += p.alloc_ns;
	if (s->trace)
		json_array_append_new(s->trace,
				      json_pack("{s:I, s:s, s:I}", "size", (json_int_t)v,
						"result", status_name(p.status), "alloc_ns",
						(json_int_t)p.alloc_ns));
	if (p.status == KMB_PROBE_OK) {
		if (v >= s->best.size || s->best.status != KMB_PROBE_OK)
			s->best = p;
		return KMB_TRY_OK;
	}
	return p.status == KMB_PROBE_FAILED ? KMB_TRY_FAILED : KMB_TRY_REFUSED;
}

static json_t *opt_int(bool have, uint64_t v)
{
	return have ? json_integer((json_int_t)v) : json_null();
}

static const char *bound_name(enum kmb_bound_kind kind, unsigned int limit_bound)
{
	switch (kind) {
	case KMB_BOUND_LIMIT: return limit_name(limit_bound);
	case KMB_BOUND_RESERVE: return "available_ram_reserve";
	case KMB_BOUND_FAILED: return "allocation_failed";
	default: return "interrupted";
	}
}

int kmb_probe_max(const struct kmb_probe_ctx *pc, unsigned int api, uint64_t gfp,
		  json_t **out, struct kmb_err *err)
{
	struct kmb_probe lim = { .op = KMB_PROBE_LIMITS, .api = api, .gfp = gfp,
				 .dma_mask_bits = pc->dma_mask_bits };
	struct max_search s = { .pc = pc, .api = api, .gfp = gfp, .err = err };
	struct kmb_search_range range;
	struct kmb_search_result res;
	json_t *e = entry_new("max", api, gfp, pc->fragmented, pc->dma_mask_bits);
	double t0 = kmb_now_sec();
	int ret;

	*out = e;
	ret = probe_ioctl(pc, &lim, err);
	if (settled(e, ret, api, gfp))
		return 0;
	if (ret)
		return ret;

	range = (struct kmb_search_range){ lim.probe_min, lim.probe_max, lim.granule };
	s.trace = pc->no_trace ? NULL : json_array();
	kmb_search_max(&range, max_try, &s, &res);
	if (s.error) {
		json_decref(s.trace);
		return s.error;
	}

	json_object_update_new(e, json_pack(
		"{s:o, s:s, s:I, s:{s:I, s:I}, s:o, s:o, s:b, s:s, s:I, s:s}",
		"gfp_used", gfp_json(lim.gfp_used),
		"unit", api == KMB_API_ALLOC_PAGES ? "order" : "bytes",
		"granule", (json_int_t)lim.granule,
		"searched", "min", (json_int_t)range.min, "max", (json_int_t)range.max,
		"largest_ok", opt_int(res.have_ok, res.largest_ok),
		"smallest_failed", opt_int(res.have_failed, res.smallest_failed),
		"smallest_failed_refused", res.have_failed && res.failed_refused,
		"bound", bound_name(kmb_search_bound(&res, &range, lim.limit), lim.limit_bound),
		"limit", (json_int_t)lim.limit,
		"limit_name", limit_name(lim.limit_bound)));
	json_object_update_new(e, json_pack(
		"{s:o, s:o, s:I, s:I, s:I, s:I, s:f, s:I, s:b}",
		"largest_ok_usable", opt_int(res.have_ok, s.best.usable),
		"largest_ok_backing", res.have_ok ? json_string(backing_name(s.best.backing))
						  : json_null(),
		"mem_available", (json_int_t)lim.mem_available,
		"reserve", (json_int_t)lim.reserve,
		"cap", (json_int_t)lim.cap,
		"attempts", (json_int_t)res.attempts,
		"elapsed_ms", (kmb_now_sec() - t0) * 1e3,
		"alloc_ns_total", (json_int_t)s.alloc_ns,
		"interrupted", res.stopped));
	if (s.trace)
		json_object_set_new(e, "trace", s.trace);
	return 0;
}

/*
 * ksize() of a kmalloc(@size): one TRY, again when KFENCE served it (a
 * KFENCE object reports its exact size, not its class). Returns 0, -EINTR,
 * or an exit code; @p is the last TRY.
 */
static int ksize_of(const struct kmb_probe_ctx *pc, uint64_t gfp, uint64_t size,
		    struct kmb_probe *p, struct kmb_err *err)
{
	for (int i = 0; i < 4; i++) {
		int ret;

		if (pc->stop && *pc->stop)
			return -EINTR;
		*p = (struct kmb_probe){ .op = KMB_PROBE_TRY, .api = KMB_API_KMALLOC,
					 .gfp = gfp, .size = size };
		ret = probe_ioctl(pc, p, err);
		if (ret == -EINTR)
			return ret;
		if (ret < 0)
			return kmb_fail(err, KMB_EXIT_ENV, "kmalloc(%llu): the module rejected "
					"the TRY", (unsigned long long)size);
		if (ret)
			return ret;
		if (p->status != KMB_PROBE_OK)
			return kmb_fail(err, KMB_EXIT_ENV, "kmalloc(%llu) failed while walking "
					"the size classes", (unsigned long long)size);
		if (p->backing != KMB_PROBE_BACKING_KFENCE)
			break;
	}
	return 0;
}

/* The last size in [@from, @end] whose ksize() is @k, where ksize(@end) != @k. */
static int class_end(const struct kmb_probe_ctx *pc, uint64_t gfp, uint64_t from, uint64_t end,
		     uint64_t k, uint64_t *last, unsigned int *tries, struct kmb_err *err)
{
	uint64_t lo = from, hi = end;

	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		struct kmb_probe p;
		int ret = ksize_of(pc, gfp, mid, &p, err);

		if (ret)
			return ret;
		++*tries;
		if (p.usable == k)
			lo = mid;
		else
			hi = mid;
	}
	*last = lo;
	return 0;
}

int kmb_probe_size_classes(const struct kmb_probe_ctx *pc, uint64_t gfp, uint64_t upto,
			   json_t **out, struct kmb_err *err)
{
	json_t *e = entry_new("size-classes", KMB_API_KMALLOC, gfp, pc->fragmented, 0);
	json_t *classes = json_array(), *steps = json_array();
	double t0 = kmb_now_sec();
	unsigned int tries = 0;
	uint64_t s = 1;
	int ret = 0;

	*out = e;
	while (s <= upto) {
		struct kmb_probe p, q;
		uint64_t k, last;

		ret = ksize_of(pc, gfp, s, &p, err);
		if (ret)
			break;
		tries++;
		k = p.usable;
		if (k < s) {
			ret = kmb_fail(err, KMB_EXIT_ENV, "ksize(kmalloc(%llu)) = %llu, less than "
				       "asked", (unsigned long long)s, (unsigned long long)k);
			break;
		}
		last = k;
		if (k > s) {
			/* Confirm the class ends at k; an odd allocator may disagree. */
			ret = ksize_of(pc, gfp, k, &q, err);
			if (ret)
				break;
			tries++;
			if (q.usable != k)
				ret = class_end(pc, gfp, s, k, k, &last, &tries, err);
			if (ret)
				break;
		}
		json_array_append_new(classes, json_pack("{s:I, s:I, s:I, s:s}",
							 "from", (json_int_t)s,
							 "to", (json_int_t)last,
							 "ksize", (json_int_t)k,
							 "backing", backing_name(p.backing)));
		json_array_append_new(steps, json_integer((json_int_t)k));
		if (last == UINT64_MAX)
			break;
		s = last + 1;
	}
	json_object_update_new(e, json_pack("{s:I, s:o, s:o, s:I, s:f, s:b}",
					    "upto", (json_int_t)upto, "steps", steps,
					    "classes", classes, "attempts", (json_int_t)tries,
					    "elapsed_ms", (kmb_now_sec() - t0) * 1e3,
					    "interrupted", ret == -EINTR));
	return ret == -EINTR ? 0 : ret;
}

int kmb_probe_zero(const struct kmb_probe_ctx *pc, unsigned int api, bool allow_warn,
		   json_t **out, struct kmb_err *err)
{
	struct kmb_probe p = { .op = KMB_PROBE_TRY, .api = api, .gfp = KMB_GFP(KERNEL),
			       .flags = allow_warn ? KMB_PROBE_ALLOW_WARN : 0 };
	json_t *e = entry_new("zero", api, p.gfp, pc->fragmented, 0);
	int ret;

	*out = e;
	json_object_set_new(e, "size", json_integer(0));
	ret = probe_ioctl(pc, &p, err);
	if (settled(e, ret, api, p.gfp))
		return 0;
	if (ret)
		return ret;
	if (p.status == KMB_PROBE_REFUSED) {
		json_object_update_new(e, json_pack(
			"{s:n, s:b, s:s}", "returns", "called", 0, "why",
			"vmalloc(0) trips WARN_ON_ONCE(!size) in __vmalloc_node_range(), a "
			"warning splat that taints the kernel; --vmalloc-zero calls it anyway"));
		return 0;
	}
	json_object_update_new(e, json_pack("{s:s, s:b, s:I, s:o}", "returns", ptr_name(p.ptr),
					    "called", 1, "usable", (json_int_t)p.usable,
					    "gfp_used", gfp_json(p.gfp_used)));
	return 0;
}

static const char *capacity_stop_name(unsigned int stop)
{
	static const char *const names[KMB_CAPACITY_STOP_NR] = {
		[KMB_CAPACITY_FAILED] = "allocation_failed",
		[KMB_CAPACITY_GUARD] = "available_ram_reserve",
		[KMB_CAPACITY_TIME] = "time_limit",
		[KMB_CAPACITY_SIGNAL] = "interrupted",
	};

	return stop < KMB_CAPACITY_STOP_NR ? names[stop] : "?";
}

int kmb_probe_capacity(const struct kmb_probe_ctx *pc, unsigned int api, uint64_t gfp,
		       uint64_t bytes, unsigned int time_limit_ms, json_t **out,
		       struct kmb_err *err)
{
	const struct kmb_api_name *a = kmb_api_by_value(api);
	bool pages = a && a->family == KMB_FAMILY_PAGES;
	struct kmb_probe p = { .op = KMB_PROBE_CAPACITY, .api = api, .gfp = gfp, .size = bytes,
			       .time_limit_ms = time_limit_ms };
	uint64_t page_size = pc->kc->info.page_size, object = bytes;
	char id[448];
	json_t *e = entry_new("capacity", api, gfp, pc->fragmented, 0), *zones;
	int ret;

	*out = e;
	snprintf(id, sizeof(id), "%s/size=%llu", json_string_value(json_object_get(e, "id")),
		 (unsigned long long)bytes);
	json_object_set_new(e, "id", json_string(id));
	json_object_set_new(e, "size", json_integer((json_int_t)bytes));
	if (pages) {
		unsigned int order = kmb_page_order(bytes, page_size);

		if (order > pc->kc->info.max_page_order)
			return kmb_fail(err, KMB_EXIT_USAGE, "probe: --capacity %llu: %s rounds it "
					"past the largest order, %u (%llu bytes)",
					(unsigned long long)bytes, api_name(api),
					pc->kc->info.max_page_order,
					(unsigned long long)(page_size << pc->kc->info.max_page_order));
		p.size = (uint64_t)order;
		object = page_size << order;
		json_object_update_new(e, json_pack("{s:i, s:I}", "order", (int)order,
						    "rounding_waste", (json_int_t)(object - bytes)));
	}
	ret = probe_ioctl(pc, &p, err);
	if (settled(e, ret, api, gfp))
		return 0;
	if (ret)
		return ret;
	zones = json_object();
	for (unsigned int z = 0; z < KMB_ZONE_NR; z++)
		if (p.zone_bytes[z])
			json_object_set_new(zones, kmb_zone_names[z],
					    json_integer((json_int_t)p.zone_bytes[z]));
	json_object_update_new(e, json_pack(
		"{s:o, s:I, s:I, s:I, s:s, s:o, s:I, s:I, s:f, s:f, s:b}",
		"gfp_used", gfp_json(p.gfp_used),
		"object_bytes", (json_int_t)object,
		"objects", (json_int_t)p.objects,
		"held_bytes", (json_int_t)p.usable,
		"stop", capacity_stop_name(p.capacity_stop),
		"zones", zones,
		"mem_available", (json_int_t)p.mem_available,
		"reserve", (json_int_t)p.reserve,
		"time_limit_s", time_limit_ms / 1e3,
		"elapsed_ms", p.alloc_ns / 1e6,
		"interrupted", p.capacity_stop == KMB_CAPACITY_SIGNAL));
	return 0;
}

int kmb_probe_fragment(const struct kmb_probe_ctx *pc, unsigned int permille, json_t **out,
		       struct kmb_err *err)
{
	struct kmb_probe p = { .op = KMB_PROBE_FRAGMENT, .share_permille = permille };
	int ret = probe_ioctl(pc, &p, err);

	*out = NULL;
	if (ret == -EINTR)
		return ret;
	if (ret < 0)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: the module refused to fragment memory "
				"(share %u permille): %s", kmb_device_path(), permille,
				strerror(-ret));
	if (ret)
		return ret;
	*out = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I}",
			 "method", "split the largest free blocks, hold every other chunk of "
			 "2^chunk_order pages, free the rest",
			 "share_permille", (json_int_t)permille,
			 "chunk_order", (json_int_t)p.frag_order,
			 "top_order_split", (json_int_t)p.frag_top_order,
			 "pages_taken", (json_int_t)p.pages_taken,
			 "pages_held", (json_int_t)p.pages_held,
			 "pages_freed", (json_int_t)(p.pages_taken - p.pages_held),
			 "elapsed_ms", p.alloc_ns / 1e6,
			 "mem_available_fragmented", (json_int_t)p.mem_available);
	return 0;
}

int kmb_probe_restore(const struct kmb_probe_ctx *pc, json_t *frag, struct kmb_err *err)
{
	struct kmb_probe p = { .op = KMB_PROBE_RESTORE };
	int ret = probe_ioctl(pc, &p, err);

	if (ret < 0)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: restoring the fragmentation hold failed: "
				"%s", kmb_device_path(), strerror(-ret));
	if (ret)
		return ret;
	if (frag)
		json_object_update_new(frag, json_pack("{s:b, s:I, s:I}", "restored", 1,
						      "pages_released", (json_int_t)p.pages_held,
						      "mem_available_restored",
						      (json_int_t)p.mem_available));
	return 0;
}
