/*
 * KMB_IOC_RUN requests as generated: a valid case from a template per API,
 * then mutations of every field (enum values in and out of range, every GFP
 * bit, counts of 0 and huge, wrong run_size, garbage in the outputs), and
 * for most requests one the ABI calls invalid; kept quick, so that the
 * cases the module accepts run for milliseconds.
 */
#include <string.h>

#include "run.h"

#define G(x) KMB_GFP(x)

struct ifz_tmpl {
	uint32_t api, pattern, context, threads;
	uint64_t gfp, size, size_max;
	uint32_t order, batch;
	int32_t node;
	uint32_t dma_mask_bits;
};

/* One valid case per API, pattern and context worth starting from. */
static const struct ifz_tmpl ifz_tmpls[] = {
	{ KMB_API_KMALLOC, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 64, 0, 0, 0, -1, 0 },
	{ KMB_API_KMALLOC, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL) | G(DMA), 64, 0, 0, 0, -1, 0 },
	{ KMB_API_KMALLOC, KMB_PATTERN_RANDOM_SIZE, KMB_CTX_PROCESS, 1, G(KERNEL) | G(ACCOUNT),
	  16, 2048, 0, 0, -1, 0 },
	{ KMB_API_KMALLOC, KMB_PATTERN_REMOTE_FREE, KMB_CTX_PROCESS, 2, G(KERNEL), 256, 0, 0, 32, -1, 0 },
	{ KMB_API_KZALLOC, KMB_PATTERN_BATCH, KMB_CTX_PREEMPT_OFF, 1, G(ATOMIC), 4096, 0, 0, 16, -1, 0 },
	{ KMB_API_KCALLOC, KMB_PATTERN_RANDOM_FREE, KMB_CTX_IRQ_OFF, 1, G(NOWAIT) | G(ZERO), 100, 0, 0,
	  8, -1, 0 },
	{ KMB_API_KMALLOC, KMB_PATTERN_REMOTE_FREE, KMB_CTX_HARDIRQ, 2, G(ATOMIC), 128, 0, 0, 16,
	  -1, 0 },
	{ KMB_API_KMEM_CACHE, KMB_PATTERN_HOLD, KMB_CTX_SOFTIRQ, 1, G(NOWAIT), 96, 0, 0, 8, -1, 0 },
	{ KMB_API_KREALLOC, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 16, 4096, 0, 0, -1, 0 },
	{ KMB_API_KREALLOC, KMB_PATTERN_HOLD, KMB_CTX_PROCESS, 1, G(NOFS), 32, 512, 0, 4, -1, 0 },
	{ KMB_API_KVMALLOC, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 65536, 0, 0, 0, -1, 0 },
	{ KMB_API_KVMALLOC, KMB_PATTERN_BATCH, KMB_CTX_PREEMPT_OFF, 1, G(ATOMIC), 2048, 0, 0, 8, -1, 0 },
	{ KMB_API_VMALLOC, KMB_PATTERN_HOLD, KMB_CTX_PROCESS, 1, G(KERNEL), 8192, 0, 0, 4, -1, 0 },
	{ KMB_API_VZALLOC, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 4096, 0, 0, 0, -1, 0 },
	{ KMB_API_VMALLOC_GFP, KMB_PATTERN_BATCH, KMB_CTX_PROCESS, 1, G(KERNEL) | G(ZERO), 4096, 0, 0,
	  4, -1, 0 },
	{ KMB_API_GET_FREE_PAGES, KMB_PATTERN_PAIR, KMB_CTX_IRQ_OFF, 1, G(ATOMIC), 0, 0, 1, 0, -1, 0 },
	{ KMB_API_GET_ZEROED_PAGE, KMB_PATTERN_PAIR, KMB_CTX_PREEMPT_OFF, 1, G(NOWAIT), 0, 0, 0, 0, -1,
	  0 },
	{ KMB_API_ALLOC_PAGES, KMB_PATTERN_REMOTE_FREE, KMB_CTX_PROCESS, 2, G(KERNEL) | G(COMP), 0, 0,
	  2, 8, -1, 0 },
	{ KMB_API_ALLOC_PAGES, KMB_PATTERN_RANDOM_FREE, KMB_CTX_PROCESS, 1, G(HIGHUSER), 0, 0, 0, 16,
	  -1, 0 },
	{ KMB_API_KMEM_CACHE, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 128, 0, 0, 0, -1, 0 },
	{ KMB_API_KMEM_CACHE, KMB_PATTERN_HOLD, KMB_CTX_PREEMPT_OFF, 1, G(ATOMIC), 200, 0, 0, 8, -1, 0 },
	{ KMB_API_KMEM_CACHE_BULK, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 256, 0, 0, 16, -1, 0 },
	{ KMB_API_KMEM_CACHE_CREATE, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 64, 0, 0, 0, -1, 0 },
	{ KMB_API_KMALLOC_NODE, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 64, 0, 0, 0, 0, 0 },
	{ KMB_API_ALLOC_PAGES_NODE, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 0, 0, 0, 0, 0, 0 },
	{ KMB_API_DMA_COHERENT, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 4096, 0, 0, 0, -1,
	  64 },
	{ KMB_API_DMA_COHERENT, KMB_PATTERN_BATCH, KMB_CTX_PREEMPT_OFF, 1, G(ATOMIC), 8192, 0, 0, 8,
	  -1, 32 },
	{ KMB_API_DMA_MAP_SINGLE, KMB_PATTERN_HOLD, KMB_CTX_PROCESS, 1, G(KERNEL), 256, 0, 0, 8, -1,
	  32 },
	/* 4 MiB and a page: only CMA grants it, -EINVAL without */
	{ KMB_API_DMA_CMA, KMB_PATTERN_PAIR, KMB_CTX_PROCESS, 1, G(KERNEL), 4198400, 0, 0, 0, -1,
	  64 },
	{ KMB_API_KFREE_SENSITIVE, KMB_PATTERN_BATCH, KMB_CTX_IRQ_OFF, 1, G(ATOMIC), 512, 0, 0, 8,
	  -1, 0 },
	{ KMB_API_ALLOC_PAGES_EXACT, KMB_PATTERN_RANDOM_SIZE, KMB_CTX_PROCESS, 1, G(KERNEL), 5000,
	  20000, 0, 0, -1, 0 },
	{ KMB_API_MEMPOOL, KMB_PATTERN_HOLD, KMB_CTX_PREEMPT_OFF, 1, G(ATOMIC), 128, 0, 0, 8, -1, 0 },
	{ KMB_API_KMEM_CACHE_CTOR, KMB_PATTERN_RANDOM_FREE, KMB_CTX_PROCESS, 1, G(KERNEL), 96, 0, 0,
	  16, -1, 0 },
	{ KMB_API_KMEM_CACHE_HWALIGN, KMB_PATTERN_PAIR, KMB_CTX_IRQ_OFF, 1, G(NOWAIT), 24, 0, 0, 0,
	  -1, 0 },
	{ KMB_API_KFREE_RCU, KMB_PATTERN_REMOTE_FREE, KMB_CTX_PROCESS, 2, G(KERNEL), 16, 0, 0, 16,
	  -1, 0 },
	{ KMB_API_VMAP, KMB_PATTERN_HOLD, KMB_CTX_PROCESS, 1, G(KERNEL), 12288, 0, 0, 4, -1, 0 },
	{ KMB_API_VM_MAP_RAM, KMB_PATTERN_BATCH, KMB_CTX_PROCESS, 1, G(KERNEL), 4096, 0, 0, 8, -1, 0 },
	{ KMB_API_ALLOC_PAGES_BULK, KMB_PATTERN_PAIR, KMB_CTX_IRQ_OFF, 1, G(ATOMIC), 0, 0, 0, 16,
	  -1, 0 },
};

#define IFZ_NTMPLS (sizeof(ifz_tmpls) / sizeof(ifz_tmpls[0]))

/* An enum value: mostly in and just past its range, sometimes anything. */
static uint32_t enum_value(struct ifz_rng *r, uint32_t cur, uint32_t nr)
{
	if (ifz_chance(r, 700000))
		return (uint32_t)ifz_below(r, nr + 3);
	return (uint32_t)ifz_interesting(r, cur, 32);
}

static uint64_t gfp_value(struct ifz_rng *r, uint64_t cur)
{
	switch (ifz_below(r, 5)) {
	case 0: return cur ^ (1ULL << ifz_below(r, 64));
	case 1: return cur ^ (1ULL << ifz_below(r, KMB_GFP_BIT_NR + 2));
	/* one base set, any modifiers */
	case 2: return (1ULL << ifz_below(r, KMB_GFP_BIT_HIGHUSER + 1)) |
		       (ifz_next(r) & KMB_GFP_VALID_MASK & ~KMB_GFP_BASE_MASK &
			ifz_next(r));
	case 3: return ifz_next(r) & KMB_GFP_VALID_MASK;
	default: return ifz_interesting(r, cur, 64);
	}
}

/* The fields a mutation can hit, inputs and ignored outputs alike. */
enum { M_API, M_PATTERN, M_CONTEXT, M_THREADS, M_GFP, M_SIZE, M_SIZE_MAX, M_ORDER, M_BATCH,
       M_ITER, M_WARMUP, M_BUDGET, M_NODE, M_SEED, M_RUN_SIZE, M_FLAGS, M_RESERVED,
       M_SAMPLES_CAP, M_MAX_THREADS, M_OUTPUTS, M_DMA_MASK, M_NR };

static void mutate(struct ifz_rng *r, struct ifz_run_req *q)
{
	struct kmb_case *kc = &q->run.kcase;

	switch (ifz_below(r, M_NR + 1)) {
	case M_API: kc->api = enum_value(r, kc->api, KMB_API_NR); break;
	case M_PATTERN: kc->pattern = enum_value(r, kc->pattern, KMB_PATTERN_NR); break;
	case M_CONTEXT: kc->context = enum_value(r, kc->context, KMB_CTX_NR); break;
	case M_THREADS: kc->threads = ifz_chance(r, 500000) ? (uint32_t)ifz_below(r, 9) :
				      (uint32_t)ifz_interesting(r, kc->threads, 32); break;
	case M_GFP: kc->gfp = gfp_value(r, kc->gfp); break;
	case M_SIZE: kc->size = ifz_size_value(r); break;
	case M_SIZE_MAX: kc->size_max = ifz_size_value(r); break;
	case M_ORDER: kc->order = ifz_chance(r, 700000) ? (uint32_t)ifz_below(r, 13) :
				  (uint32_t)ifz_interesting(r, kc->order, 32); break;
	case M_BATCH: kc->batch = (uint32_t)ifz_interesting(r, kc->batch, 32); break;
	case M_ITER: kc->iterations = (uint32_t)ifz_interesting(r, kc->iterations, 32); break;
	case M_WARMUP: kc->warmup = (uint32_t)ifz_interesting(r, kc->warmup, 32); break;
	case M_BUDGET: kc->budget_ms = (uint32_t)ifz_interesting(r, kc->budget_ms, 32); break;
	case M_NODE: kc->node = ifz_chance(r, 500000) ? (int32_t)ifz_below(r, 5) - 2 :
				(int32_t)ifz_interesting(r, (uint32_t)kc->node, 32); break;
	case M_SEED: kc->seed = ifz_next(r); break;
	case M_DMA_MASK: kc->dma_mask_bits = ifz_chance(r, 700000) ? (uint32_t)ifz_below(r, 66) :
				     (uint32_t)ifz_interesting(r, kc->dma_mask_bits, 32); break;
	case M_RUN_SIZE: q->run.run_size = (uint32_t)ifz_interesting(r, q->run.run_size, 32); break;
	case M_FLAGS: q->run.flags = (uint32_t)ifz_interesting(r, q->run.flags, 32); break;
	case M_RESERVED:
		if (ifz_chance(r, 500000))
			q->run.reserved = (uint32_t)ifz_interesting(r, 0, 32);
		else
			q->run.verify_pad = (uint32_t)ifz_interesting(r, 0, 32);
		break;
	case M_SAMPLES_CAP: q->run.samples_cap = (uint32_t)ifz_interesting(r, q->run.samples_cap, 32);
		break;
	case M_MAX_THREADS: q->run.max_threads = (uint32_t)ifz_interesting(r, q->run.max_threads, 32);
		break;
	case M_OUTPUTS:
		/* what the module writes must not depend on what was there */
		q->run.timer_overhead_cycles = ifz_next(r);
		q->run.calib_cycles = ifz_next(r);
		q->run.calib_ns = ifz_next(r);
		q->run.stopped = (uint32_t)ifz_next(r);
		q->run.timer_read_cycles = ifz_next(r);
		q->run.sample_bytes = ifz_next(r);
		q->run.stop_ns = ifz_next(r);
		break;
	default:
		q->bad_cpu = 1;
		break;
	}
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/*
 * Whatever the mutations did, a case the module accepts must end within
 * milliseconds: a budget of 0 means 10 s, so with no short budget the
 * counts stay small; sizes that would make one allocation take seconds
 * under emulation are rare, and absent from the concurrent phase, whose
 * workers wait for each other's cases (the module runs one at a time).
 */
static void keep_quick(struct ifz_rng *r, struct kmb_case *kc, int concurrent)
{
	uint64_t big = concurrent ? 1ULL << 20 : 16ULL << 20;

	if (kc->budget_ms == 0 || kc->budget_ms > 50) {
		if (kc->iterations)
			kc->iterations = min_u32(kc->iterations, 64);
		kc->warmup = min_u32(kc->warmup, 64);
		if (kc->batch && kc->batch <= (1U << 20))
			kc->batch = min_u32(kc->batch, 256);
	}
	if (kc->threads > 16 && kc->threads <= 256 && !ifz_chance(r, 10000))
		kc->threads = 1 + kc->threads % 16;
	if (kc->size > big && kc->size <= (1ULL << 40) && !ifz_chance(r, concurrent ? 0 : 10000))
		kc->size = 1 + kc->size % big;
	if (kc->size_max > big && kc->size_max <= (1ULL << 40) && !ifz_chance(r, 10000))
		kc->size_max = kc->size + kc->size_max % big;
	if (concurrent) {
		if (kc->order > 6 && kc->order <= 12)
			kc->order %= 7;
		if (kc->batch > 256 && kc->batch <= (1U << 20))
			kc->batch = 1 + kc->batch % 256;
	}
}

/*
 * A mutation the ABI documents as invalid whatever the other fields say,
 * so that the request is refused before anything runs.
 */
static void breaking(struct ifz_rng *r, struct ifz_run_req *q)
{
	struct kmb_case *kc = &q->run.kcase;

	switch (ifz_below(r, 14)) {
	case 0: kc->api = KMB_API_NR + (uint32_t)ifz_below(r, 1u << 31); break;
	case 1: kc->pattern = KMB_PATTERN_NR + (uint32_t)ifz_below(r, 1u << 31); break;
	case 2: kc->context = KMB_CTX_NR + (uint32_t)ifz_below(r, 1u << 31); break;
	case 3: kc->threads = ifz_chance(r, 500000) ? 0 : 257 + (uint32_t)ifz_below(r, 1u << 31);
		break;
	case 4: kc->iterations = ifz_chance(r, 500000) ? 0 :
				 10000001 + (uint32_t)ifz_below(r, 1u << 31); break;
	case 5: kc->warmup = 10000001 + (uint32_t)ifz_below(r, 1u << 31); break;
	case 6: kc->budget_ms = 600001 + (uint32_t)ifz_below(r, 1u << 31); break;
	case 7: q->run.run_size = sizeof(q->run) + 1 + (uint32_t)ifz_below(r, 64);
		if (ifz_chance(r, 500000))
			q->run.run_size = (uint32_t)ifz_below(r, sizeof(q->run));
		break;
	case 8: {
		/* a bit the ABI does not define */
		uint32_t bit;

		do
			bit = 1u << ifz_below(r, 32);
		while (bit & KMB_RUN_VALID_FLAGS);
		q->run.flags |= bit;
		break;
	}
	case 9:
		if (ifz_chance(r, 500000))
			q->run.reserved = 1 + (uint32_t)ifz_below(r, UINT32_MAX);
		else
			q->run.verify_pad = 1 + (uint32_t)ifz_below(r, UINT32_MAX);
		break;
	case 10:
		if (ifz_chance(r, 500000))
			kc->gfp |= 1ULL << (KMB_GFP_BIT_NR + ifz_below(r, 64 - KMB_GFP_BIT_NR));
		else
			kc->gfp &= ~KMB_GFP_BASE_MASK;	/* no base set */
		break;
	case 11: q->run.max_threads = kc->threads ? (uint32_t)ifz_below(r, kc->threads) : 0;
		break;
	case 12: q->null_result = 1; break;
	default: kc->node = -2 - (int32_t)ifz_below(r, 1u << 30); break;
	}
}

/*
 * Accepted cases cost milliseconds under emulation (threads made, bound,
 * woken and stopped), refused ones microseconds: most requests are made
 * invalid on purpose, and the few near-valid ones carry the engine's share.
 */
enum ifz_flavour ifz_run_flavour(struct ifz_rng *r, enum ifz_kind kind)
{
	uint64_t x = ifz_below(r, 1000000);

	switch (kind) {
	case IFZ_RUN: return x < 10000 ? IFZ_NEAR : x < 50000 ? IFZ_RANDOM : IFZ_INVALID;
	case IFZ_POINTER: return x < 70000 ? IFZ_NEAR : IFZ_INVALID;
	default: return IFZ_NEAR;
	}
}

void ifz_run_build(struct ifz_rng *r, const struct ifz_worker *w, struct ifz_run_req *q,
		   enum ifz_flavour flavour)
{
	const struct ifz_tmpl *t = &ifz_tmpls[ifz_below(r, IFZ_NTMPLS)];
	struct kmb_case *kc = &q->run.kcase;
	int mutations;

	memset(q, 0, sizeof(*q));
	q->run.run_size = sizeof(q->run);
	q->run.flags = (ifz_chance(r, 500000) ? KMB_RUN_SUBTRACT_OVERHEAD : 0) |
		       (ifz_chance(r, 250000) ? KMB_RUN_AMORTISED : 0) |
		       (ifz_chance(r, 250000) ? KMB_RUN_VERIFY : 0);
	kc->api = t->api;
	kc->pattern = t->pattern;
	kc->context = t->context;
	kc->threads = t->threads + (t->pattern == KMB_PATTERN_REMOTE_FREE ||
				    !ifz_chance(r, 200000) ? 0 : (uint32_t)ifz_below(r, 3));
	kc->gfp = t->gfp;
	kc->size = t->size;
	kc->size_max = t->size_max;
	kc->order = t->order;
	kc->batch = t->batch;
	kc->iterations = 1 + (uint32_t)ifz_below(r, 64);
	kc->warmup = (uint32_t)ifz_below(r, 8);
	kc->budget_ms = 1 + (uint32_t)ifz_below(r, 10);
	kc->node = t->node;
	kc->dma_mask_bits = t->dma_mask_bits;
	kc->seed = ifz_next(r);
	q->run.samples_cap = ifz_chance(r, 800000) ? (uint32_t)ifz_below(r, 256) :
			     (uint32_t)ifz_below(r, 100000);
	q->samples = ifz_chance(r, 700000);
	q->hist = ifz_chance(r, 500000);
	q->cpus = ifz_chance(r, 300000);
	q->run.max_threads = kc->threads + (ifz_chance(r, 800000) ? 0 : (uint32_t)ifz_below(r, 4));
	mutations = flavour == IFZ_RANDOM ? 1 + (int)ifz_below(r, 4) : (int)ifz_below(r, 3);
	while (mutations-- > 0)
		mutate(r, q);
	keep_quick(r, kc, w->concurrent);
	if (flavour == IFZ_INVALID) {
		breaking(r, q);
		q->invalid = 1;
	}
}

size_t ifz_bytes_of(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	uint64_t v;

	if (__builtin_mul_overflow(a, b, &v) || __builtin_mul_overflow(v, c, &v) ||
	    __builtin_mul_overflow(v, d, &v) || v > SIZE_MAX)
		return SIZE_MAX;
	return (size_t)v;
}
