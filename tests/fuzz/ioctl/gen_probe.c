/*
 * KMB_IOC_PROBE requests: LIMITS and TRY for every probed API, GFP set and
 * interesting size, mutated; FRAGMENT rarely (it takes seconds under
 * emulation), RESTORE, and CAPACITY fills of a few milliseconds; and what a
 * successful answer must look like.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>

#include "ifz.h"

static const uint32_t ifz_probe_apis[] = {
	KMB_API_KMALLOC, KMB_API_KZALLOC, KMB_API_KVMALLOC, KMB_API_VMALLOC,
	KMB_API_VMALLOC_GFP, KMB_API_ALLOC_PAGES, KMB_API_KMEM_CACHE,
};

/* Of the requests that come out as FRAGMENT, the share (ppm) let through. */
#define IFZ_FRAGMENT_PPM	2000
/* Bytes a TRY may ask for, mostly: more takes long to allocate and free. */
#define IFZ_TRY_QUICK		(64ULL << 20)
/* The longest CAPACITY fill let through, in ms: others wait meanwhile. */
#define IFZ_CAPACITY_MS		20

static uint64_t probe_gfp(struct ifz_rng *r)
{
	uint64_t gfp = 1ULL << ifz_below(r, KMB_GFP_BIT_HIGHUSER + 1);

	for (unsigned int b = KMB_GFP_BIT_HIGHUSER + 1; b < KMB_GFP_BIT_NR; b++)
		if (ifz_chance(r, 120000))
			gfp |= 1ULL << b;
	return gfp;
}

static uint64_t probe_size(struct ifz_rng *r, uint32_t api)
{
	if (api == KMB_API_ALLOC_PAGES && ifz_chance(r, 900000))
		return ifz_below(r, 13);
	return ifz_size_value(r);
}

static void garbage_outputs(struct ifz_rng *r, struct kmb_probe *p)
{
	unsigned char *o = (unsigned char *)&p->status;
	size_t len = sizeof(*p) - offsetof(struct kmb_probe, status);

	for (size_t i = 0; i < len; i++)
		o[i] = (unsigned char)ifz_next(r);
}

static void mutate(struct ifz_rng *r, struct kmb_probe *p)
{
	switch (ifz_below(r, 10)) {
	case 0: p->probe_size = (uint32_t)ifz_interesting(r, p->probe_size, 32); break;
	case 1: p->op = ifz_chance(r, 700000) ? (uint32_t)ifz_below(r, KMB_PROBE_OP_NR + 3) :
			(uint32_t)ifz_interesting(r, p->op, 32); break;
	case 2: p->api = ifz_chance(r, 700000) ? (uint32_t)ifz_below(r, KMB_API_NR + 3) :
			 (uint32_t)ifz_interesting(r, p->api, 32); break;
	case 3: p->flags = (uint32_t)ifz_interesting(r, p->flags, 32); break;
	case 4: p->gfp = ifz_chance(r, 500000) ? p->gfp ^ (1ULL << ifz_below(r, 64)) :
			 ifz_interesting(r, p->gfp, 64); break;
	case 5: p->size = ifz_chance(r, 300000) ? ifz_below(r, 16) : ifz_size_value(r); break;
	case 6: p->share_permille = (uint32_t)ifz_interesting(r, 750, 32); break;
	case 7: p->dma_mask_bits = ifz_chance(r, 500000) ? (uint32_t)ifz_below(r, 66) :
				(uint32_t)ifz_interesting(r, 64, 32); break;
	case 8: p->time_limit_ms = (uint32_t)ifz_interesting(r, p->time_limit_ms, 32); break;
	default: garbage_outputs(r, p); break;
	}
}

static int is_vmalloc(uint32_t api)
{
	return api == KMB_API_VMALLOC || api == KMB_API_VMALLOC_GFP;
}

/* Keeps FRAGMENT rare and small, and TRYs quick; avoids the one WARN by design. */
static void keep_safe(struct ifz_rng *r, struct ifz_worker *w, struct kmb_probe *p)
{
	uint64_t quick = w->concurrent ? 1ULL << 20 : IFZ_TRY_QUICK;

	/* concurrent: another worker may have restored what this one made */
	if (p->op == KMB_PROBE_FRAGMENT && (w->concurrent || !w->frag_held)) {
		if (ifz_chance(r, IFZ_FRAGMENT_PPM))
			/* seconds under emulation: small when others wait */
			p->share_permille = 1 + (uint32_t)ifz_below(r, w->concurrent ? 100 :
								   ifz_chance(r, 800000) ? 150 : 750);
		else if (p->share_permille && p->share_permille <= KMB_PROBE_FRAG_MAX_PERMILLE)
			p->share_permille = ifz_chance(r, 500000) ? 0 :
					    KMB_PROBE_FRAG_MAX_PERMILLE + 1 +
					    (uint32_t)ifz_below(r, 1u << 31);
	}
	/* a fill holds memory for its whole time: a few milliseconds */
	if (p->op == KMB_PROBE_CAPACITY && p->time_limit_ms > IFZ_CAPACITY_MS &&
	    p->time_limit_ms <= KMB_PROBE_CAPACITY_MAX_MS)
		p->time_limit_ms = 1 + p->time_limit_ms % IFZ_CAPACITY_MS;
	if (p->op == KMB_PROBE_TRY && p->api != KMB_API_ALLOC_PAGES && p->size > quick &&
	    p->size <= (4ULL << 30) && !ifz_chance(r, w->concurrent ? 0 : 2000))
		p->size %= quick;
	/*
	 * vmalloc(0) WARNs by design: the module makes that call only when
	 * asked to (ALLOW_WARN), which the fuzzer never does for size 0. Last,
	 * so that no other adjustment brings the size back to 0.
	 */
	if ((p->flags & KMB_PROBE_ALLOW_WARN) && is_vmalloc(p->api) && p->size == 0)
		p->flags &= ~KMB_PROBE_ALLOW_WARN;
}

static void build(struct ifz_rng *r, struct ifz_worker *w, struct kmb_probe *p, int mutations)
{
	uint64_t x = ifz_below(r, 1000);

	memset(p, 0, sizeof(*p));
	p->probe_size = sizeof(*p);
	p->op = x < 300 ? KMB_PROBE_LIMITS : x < 970 ? KMB_PROBE_TRY :
		x < 990 ? KMB_PROBE_CAPACITY : x < 995 ? KMB_PROBE_RESTORE : KMB_PROBE_FRAGMENT;
	p->api = ifz_probe_apis[ifz_below(r, sizeof(ifz_probe_apis) / sizeof(ifz_probe_apis[0]))];
	p->flags = ifz_chance(r, 100000) ? KMB_PROBE_ALLOW_WARN : 0;
	p->gfp = probe_gfp(r);
	p->size = probe_size(r, p->api);
	p->share_permille = 1 + (uint32_t)ifz_below(r, KMB_PROBE_FRAG_MAX_PERMILLE);
	if (p->op == KMB_PROBE_CAPACITY) {
		p->share_permille = 0;
		p->time_limit_ms = 1 + (uint32_t)ifz_below(r, IFZ_CAPACITY_MS);
	}
	if (ifz_chance(r, 300000))
		garbage_outputs(r, p);
	while (mutations-- > 0)
		mutate(r, p);
	keep_safe(r, w, p);
}

/* Whether the fields an op leaves alone are all zero. */
static int zero_fields(const uint64_t *vals, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (vals[i])
			return 0;
	return 1;
}

static void check_answer(struct ifz_worker *w, uint64_t index, enum ifz_kind kind,
			 const struct kmb_probe *in, const struct kmb_probe *out)
{
	const void *o = &out->status;
	size_t olen = sizeof(*out) - offsetof(struct kmb_probe, status);
	uint64_t k = ifz_kernel_word(o, olen), bytes, zone_sum = 0;
	int ok = 1;

	for (unsigned int z = 0; z < KMB_PROBE_ZONES; z++)
		zone_sum += out->zone_bytes[z];
	if (in->op != KMB_PROBE_CAPACITY && (out->capacity_stop || out->objects || zone_sum))
		ok = 0;

	if (out->probe_size != in->probe_size || out->op != in->op || out->api != in->api ||
	    out->flags != in->flags || out->gfp != in->gfp || out->size != in->size ||
	    out->share_permille != in->share_permille ||
	    out->dma_mask_bits != in->dma_mask_bits || out->time_limit_ms != in->time_limit_ms)
		ifz_violation(w->env, w->id, index, kind, "PROBE changed an input field");
	if (k)
		ifz_violation(w->env, w->id, index, kind, "PROBE answer holds 0x%llx",
			      (unsigned long long)k);
	if (out->status > KMB_PROBE_REFUSED || out->ptr > KMB_PROBE_PTR_VALID ||
	    out->backing > KMB_PROBE_BACKING_KFENCE || out->limit_bound >= KMB_PROBE_BOUND_NR)
		ok = 0;
	switch (in->op) {
	case KMB_PROBE_LIMITS: {
		const uint64_t z[] = { out->status, out->ptr, out->backing, out->usable,
				       out->alloc_ns, out->pages_taken, out->pages_held,
				       out->frag_order, out->frag_top_order };

		ok &= zero_fields(z, sizeof(z) / sizeof(z[0]));
		break;
	}
	case KMB_PROBE_TRY: {
		const uint64_t z[] = { out->limit_bound, out->probe_min, out->probe_max,
				       out->granule, out->limit, out->pages_taken,
				       out->pages_held, out->frag_order, out->frag_top_order };

		ok &= zero_fields(z, sizeof(z) / sizeof(z[0]));
		bytes = in->api == KMB_API_ALLOC_PAGES ? (uint64_t)w->env->page << in->size :
			in->size;
		if (out->status == KMB_PROBE_OK ? out->ptr == KMB_PROBE_PTR_NULL :
		    out->ptr != KMB_PROBE_PTR_NULL || out->usable)
			ok = 0;
		if (out->ptr == KMB_PROBE_PTR_VALID && out->usable < bytes)
			ok = 0;
		if (out->status == KMB_PROBE_OK)
			__atomic_fetch_add(&w->env->stats->probes_tried, 1, __ATOMIC_RELAXED);
		break;
	}
	case KMB_PROBE_FRAGMENT:
		if (out->frag_order != 3 || out->pages_held > out->pages_taken)
			ok = 0;
		break;
	case KMB_PROBE_CAPACITY: {
		const uint64_t z[] = { out->status, out->ptr, out->backing, out->limit_bound,
				       out->probe_min, out->probe_max, out->granule, out->limit,
				       out->pages_taken, out->pages_held, out->frag_order,
				       out->frag_top_order };

		ok &= zero_fields(z, sizeof(z) / sizeof(z[0]));
		bytes = in->api == KMB_API_ALLOC_PAGES ? (uint64_t)w->env->page << in->size :
			in->size;
		/* every byte held is in one zone; each object at least as asked */
		if (out->capacity_stop >= KMB_CAPACITY_STOP_NR || zone_sum != out->usable ||
		    out->usable < out->objects * bytes || (!out->objects && out->usable))
			ok = 0;
		break;
	}
	default: {
		const uint64_t z[] = { out->status, out->ptr, out->backing, out->usable,
				       out->alloc_ns, out->probe_min, out->probe_max, out->granule,
				       out->limit, out->gfp_used, out->pages_taken,
				       out->frag_order, out->frag_top_order };

		ok &= zero_fields(z, sizeof(z) / sizeof(z[0]));
		break;
	}
	}
	if (!ok)
		ifz_violation(w->env, w->id, index, kind,
			      "PROBE op %u api %u size %llu: status=%u ptr=%u backing=%u bound=%u "
			      "usable=%llu probe_max=%llu pages=%llu/%llu frag_order=%u", in->op,
			      in->api, (unsigned long long)in->size, out->status, out->ptr,
			      out->backing, out->limit_bound, (unsigned long long)out->usable,
			      (unsigned long long)out->probe_max,
			      (unsigned long long)out->pages_held,
			      (unsigned long long)out->pages_taken, out->frag_order);
}

void ifz_do_probe(struct ifz_worker *w, struct ifz_rng *r, uint64_t index, enum ifz_kind kind)
{
	struct kmb_probe in, out;
	enum ifz_ptr cls = ifz_ptr_pick(r, 10000);
	uint64_t arg;
	int usable, ret, err;

	build(r, w, &in, kind == IFZ_PROBE ? (int)ifz_below(r, 4) : (int)ifz_below(r, 2));
	if (kind == IFZ_POINTER)
		cls = (enum ifz_ptr)(IFZ_PTR_NULL + ifz_below(r, IFZ_PTR_NR - IFZ_PTR_NULL));
	if (kind == IFZ_TRUNCATED)
		cls = IFZ_PTR_SHORT;
	arg = ifz_ptr_make(r, &w->arena, &w->arena.arg, sizeof(in), cls, 1, &usable);
	if (usable)
		memcpy((void *)(uintptr_t)arg, &in, sizeof(in));
	else if (cls == IFZ_PTR_SHORT)
		memcpy((void *)(uintptr_t)arg, &in,
		       (size_t)(w->arena.arg.base + w->arena.arg.size -
				(unsigned char *)(uintptr_t)arg));
	ret = ioctl(w->fd, KMB_IOC_PROBE, (unsigned long)arg);
	err = errno;
	ifz_outcome(w, index, kind, KMB_IOC_PROBE, ret, err);
	if (kind == IFZ_TRUNCATED && !(ret == -1 && err == EFAULT))
		ifz_violation(w->env, w->id, index, kind,
			      "PROBE with a truncated argument returned %d (%s)", ret,
			      ret ? strerror(err) : "no error");
	if (!usable && ret == 0)
		ifz_violation(w->env, w->id, index, kind, "PROBE succeeded with its argument at 0x%llx",
			      (unsigned long long)arg);
	/*
	 * Only a FRAGMENT that returned 0 holds pages: a bad argument fails
	 * before it starts (a read-only one holds no valid request).
	 */
	if (ret == 0 && in.op == KMB_PROBE_FRAGMENT) {
		if (!w->frag_held)
			w->since_restore = 0;
		w->frag_held = 1;
	}
	if (ret || !usable)
		return;
	memcpy(&out, (void *)(uintptr_t)arg, sizeof(out));
	check_answer(w, index, kind, &in, &out);
	if (in.op == KMB_PROBE_FRAGMENT)
		__atomic_fetch_add(&w->env->stats->fragments, 1, __ATOMIC_RELAXED);
	if (in.op == KMB_PROBE_RESTORE) {
		w->frag_held = 0;
		ifz_check_idle(w, index, "after RESTORE");
	}
}

void ifz_do_restore(struct ifz_worker *w, uint64_t index)
{
	struct kmb_probe p = { .probe_size = sizeof(p), .op = KMB_PROBE_RESTORE };
	int ret = ioctl(w->fd, KMB_IOC_PROBE, &p);

	ifz_outcome(w, index, IFZ_PROBE, KMB_IOC_PROBE, ret, errno);
	if (ret)
		ifz_violation(w->env, w->id, index, IFZ_PROBE, "RESTORE failed: %s",
			      strerror(errno));
	w->frag_held = 0;
	ifz_check_idle(w, index, "after RESTORE");
}
