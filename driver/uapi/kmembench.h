/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kmembench ABI: the only contract between the kmembench module and the
 * runner. Fixed-width types and explicit padding only, so a 64-bit kernel
 * and a 64-bit runner built by different compilers agree on every offset.
 * Any change to a structure or to the meaning of a value bumps
 * KMB_ABI_VERSION; the runner refuses a module of another version.
 */
#ifndef _UAPI_LINUX_KMEMBENCH_H
#define _UAPI_LINUX_KMEMBENCH_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KMB_ABI_VERSION		8
#define KMB_DEVICE_PATH		"/dev/kmembench"
#define KMB_IOC_MAGIC		0xB7

#include "kmembench_tables.h"

/*
 * GFP flags cross the ABI as these named bits, never as raw gfp_t values,
 * which differ between kernel versions. Exactly one base set (the first
 * group) must be given; the modifiers are ORed onto it. The module rejects
 * unknown bits and impossible combinations with -EINVAL. One row each in
 * KMB_GFP_BITS (kmembench_tables.h).
 */
enum kmb_gfp_bit {
#define KMB_GFP_BIT_ENUM(name, kernel_value)	KMB_GFP_BIT_##name,
	KMB_GFP_BITS(KMB_GFP_BIT_ENUM)
#undef KMB_GFP_BIT_ENUM
	KMB_GFP_BIT_NR
};

#define KMB_GFP(name)		(1ULL << KMB_GFP_BIT_##name)
#define KMB_GFP_BASE_MASK	((1ULL << (KMB_GFP_BIT_HIGHUSER + 1)) - 1)
#define KMB_GFP_VALID_MASK	((1ULL << KMB_GFP_BIT_NR) - 1)

/*
 * Allocation APIs the module can time: one row each in KMB_APIS
 * (kmembench_tables.h). Values are stable once released.
 */
enum kmb_api {
#define KMB_API_ENUM(ID, id, name, family, flags, gfp_forbidden, patterns) \
	KMB_API_##ID,
	KMB_APIS(KMB_API_ENUM)
#undef KMB_API_ENUM
	KMB_API_NR
};

/* What verify mode checks: one row each in KMB_VERIFY_PROPS. */
enum kmb_verify_prop {
#define KMB_VERIFY_ENUM(ID, name)	KMB_VERIFY_##ID,
	KMB_VERIFY_PROPS(KMB_VERIFY_ENUM)
#undef KMB_VERIFY_ENUM
	KMB_VERIFY_NR
};

/* Memory zones: one row each in KMB_ZONES. */
enum kmb_zone {
#define KMB_ZONE_ENUM(ID, name)	KMB_ZONE_##ID,
	KMB_ZONES(KMB_ZONE_ENUM)
#undef KMB_ZONE_ENUM
	KMB_ZONE_NR
};

/*
 * How allocations and frees are arranged around the timed operations: one
 * row each in KMB_PATTERNS (kmembench_tables.h).
 */
enum kmb_pattern {
#define KMB_PATTERN_ENUM(ID, run, name, min_threads, holds_batch) \
	KMB_PATTERN_##ID,
	KMB_PATTERNS(KMB_PATTERN_ENUM)
#undef KMB_PATTERN_ENUM
	KMB_PATTERN_NR
};

/*
 * Execution context of the timed loop: one row each in KMB_CONTEXTS
 * (kmembench_tables.h).
 */
enum kmb_context {
#define KMB_CTX_ENUM(ID, name) KMB_CTX_##ID,
	KMB_CONTEXTS(KMB_CTX_ENUM)
#undef KMB_CTX_ENUM
	KMB_CTX_NR
};

/* Whether @context runs the timed loop inside an interrupt. */
#define KMB_CTX_IN_IRQ(context) \
	((context) == KMB_CTX_HARDIRQ || (context) == KMB_CTX_SOFTIRQ)

/*
 * Measured phases; a case fills the ones its pattern and API have. For
 * kmem_cache_create, ALLOC is the creation and FREE the destruction.
 */
enum kmb_phase {
	KMB_PHASE_ALLOC,
	KMB_PHASE_FREE,
	KMB_PHASE_GROW,		/* krealloc to a larger size */
	KMB_PHASE_SHRINK,	/* krealloc to a smaller size, or the
				 * kmem_cache_shrink() after a batch */
	KMB_PHASE_NR
};

/*
 * Per-operation cycles also go into a log-linear histogram, which counts
 * every operation when the sample buffer is too small to hold them all.
 * A value v below KMB_HIST_LINEAR has bucket v. Above it, with
 * e = floor(log2(v)) and s = (v >> (e - KMB_HIST_SUB_BITS)) - KMB_HIST_SUB,
 * the bucket is KMB_HIST_LINEAR + (e - KMB_HIST_SUB_BITS - 1) * KMB_HIST_SUB
 * + s and covers [(KMB_HIST_SUB + s) << (e - KMB_HIST_SUB_BITS), that plus
 * 1 << (e - KMB_HIST_SUB_BITS)): about 3 % wide. Values of 2^KMB_HIST_MAX_BITS
 * cycles and more land in the last bucket.
 */
#define KMB_HIST_SUB_BITS	5
#define KMB_HIST_SUB		(1U << KMB_HIST_SUB_BITS)
#define KMB_HIST_LINEAR		(2U * KMB_HIST_SUB)
#define KMB_HIST_MAX_BITS	48
#define KMB_HIST_BUCKETS	(KMB_HIST_LINEAR + \
	(KMB_HIST_MAX_BITS - KMB_HIST_SUB_BITS - 1) * KMB_HIST_SUB)

/* Bits of kmb_info.config: kernel options the module was built against. */
enum kmb_config_bit {
	KMB_CFG_SLUB,
	KMB_CFG_SLAB,
	KMB_CFG_SLOB,
	KMB_CFG_PREEMPT_NONE,
	KMB_CFG_PREEMPT_VOLUNTARY,
	KMB_CFG_PREEMPT,
	KMB_CFG_PREEMPT_RT,
	KMB_CFG_PREEMPT_DYNAMIC,
	KMB_CFG_KASAN,
	KMB_CFG_KFENCE,
	KMB_CFG_SLUB_DEBUG,
	KMB_CFG_SLUB_DEBUG_ON,
	KMB_CFG_DEBUG_PAGEALLOC,
	KMB_CFG_INIT_ON_ALLOC_DEFAULT_ON,
	KMB_CFG_INIT_ON_FREE_DEFAULT_ON,
	KMB_CFG_MEMCG,
	KMB_CFG_MEMCG_KMEM,
	KMB_CFG_NUMA,
	KMB_CFG_TRANSPARENT_HUGEPAGE,
	KMB_CFG_HIGHMEM,
	KMB_CFG_ZONE_DMA,
	KMB_CFG_ZONE_DMA32,
	KMB_CFG_SLAB_FREELIST_RANDOM,
	KMB_CFG_SLAB_FREELIST_HARDENED,
	KMB_CFG_RANDOM_KMALLOC_CACHES,
	KMB_CFG_DEBUG_VM,
	KMB_CFG_LOCKDEP,
	KMB_CFG_KMSAN,
	KMB_CFG_HARDENED_USERCOPY,
	KMB_CFG_DMA_CMA,
	KMB_CFG_NR
};

/**
 * struct kmb_info - what the module and the running kernel report
 * @abi_version: KMB_ABI_VERSION the module was built with
 * @info_size: sizeof(struct kmb_info) as the module knows it
 * @module_version: the module's version string, NUL-terminated
 * @slab_allocator: "SLUB", "SLAB" or "SLOB", NUL-terminated
 * @page_size: PAGE_SIZE in bytes
 * @max_page_order: the largest order the buddy allocator grants (inclusive:
 *	MAX_ORDER - 1 before 6.8, MAX_PAGE_ORDER from 6.8 on)
 * @kmalloc_max_size: KMALLOC_MAX_SIZE in bytes
 * @kmalloc_max_cache_size: KMALLOC_MAX_CACHE_SIZE in bytes (largest size
 *	served from a slab cache; larger kmallocs go to the page allocator)
 * @vmalloc_total: size of the vmalloc area in bytes
 * @total_ram: total RAM in bytes
 * @free_ram: free RAM in bytes when the ioctl ran
 * @available_ram: an estimate of RAM available without swapping, in bytes
 * @online_cpus: number of online CPUs
 * @online_nodes: number of online NUMA nodes
 * @config: KMB_CFG_* bits set for options enabled in the running kernel
 * @gfp_supported: the KMB_GFP_* bits this module accepts
 * @api_supported: bit i set when API i (enum kmb_api) is implemented
 * @live_objects: objects the module currently holds (0 when idle)
 * @live_bytes: bytes the module currently holds (0 when idle)
 * @timer_overhead_cycles: median cost of two back-to-back ordered
 *	cycle-counter reads, measured when the ioctl ran
 * @cycles_per_sec: cycle-counter frequency estimated against
 *	ktime_get_ns() at module load
 * @timer_read_cycles: cost of one ordered cycle-counter read, averaged
 *	over a long run of consecutive reads
 * @max_threads: the largest kmb_case.threads the module accepts
 * @hist_buckets: KMB_HIST_BUCKETS as the module knows it
 * @samples_max_bytes: module memory one run may use for samples and
 *	histograms, whatever it asks for
 * @inject_api: validation mode: the enum kmb_api whose timed allocations
 *	the module slows down (module parameter inject_api), or
 *	KMB_INJECT_NONE. Timings of that API are then not real.
 * @inject_pct: validation mode: the slowdown, in percent of each timed
 *	allocation's own duration (module parameter inject_pct, 1..1000);
 *	0 when @inject_api is KMB_INJECT_NONE
 */
struct kmb_info {
	__u32 abi_version;
	__u32 info_size;
	char module_version[16];
	char slab_allocator[8];
	__u32 page_size;
	__u32 max_page_order;
	__u64 kmalloc_max_size;
	__u64 kmalloc_max_cache_size;
	__u64 vmalloc_total;
	__u64 total_ram;
	__u64 free_ram;
	__u64 available_ram;
	__u32 online_cpus;
	__u32 online_nodes;
	__u64 config;
	__u64 gfp_supported;
	__u64 api_supported;
	__u64 live_objects;
	__u64 live_bytes;
	__u64 timer_overhead_cycles;
	__u64 cycles_per_sec;
	__u64 timer_read_cycles;
	__u32 max_threads;
	__u32 hist_buckets;
	__u64 samples_max_bytes;
	__u32 inject_api;
	__u32 inject_pct;
};

/* kmb_info.inject_api when no slowdown is injected (the normal case). */
#define KMB_INJECT_NONE		0xffffffffU

/**
 * struct kmb_case - one measured case
 * @api: enum kmb_api
 * @pattern: enum kmb_pattern
 * @context: enum kmb_context
 * @threads: kernel threads running the case together, each bound to
 *	one CPU (kmb_run.cpus_ptr, or the online CPUs in turn) and released
 *	at the same moment
 * @gfp: KMB_GFP_* bits
 * @size: bytes per object (slab and vmalloc APIs)
 * @size_max: upper bound of drawn sizes (random-size pattern); for
 *	krealloc the size its chain grows to (by doubling) and shrinks back
 *	from; else 0
 * @order: page order (page APIs)
 * @batch: objects per batch (batch, random-free, remote-free, hold), or
 *	objects per call (kmem_cache_bulk)
 * @iterations: timed allocations per thread (the other phases follow
 *	from them; a krealloc chain has one grow and one shrink per step)
 * @warmup: untimed alloc/free pairs per thread before timing
 * @budget_ms: wall-time budget; the case stops early when it is spent
 *	(0: 10 s)
 * @node: NUMA node for the _node APIs (online), else KMB_NODE_ANY
 * @seed: seed for random sizes and free orders
 * @dma_mask_bits: APIs of KMB_APIF_DMA: the width of the DMA mask of the
 *	module's device the case runs through (KMB_DMA_MASK_BITS_MIN to _MAX;
 *	a width the platform refuses is -EIO); else 0
 * @pad: must be 0
 */
struct kmb_case {
	__u32 api;
	__u32 pattern;
	__u32 context;
	__u32 threads;
	__u64 gfp;
	__u64 size;
	__u64 size_max;
	__u32 order;
	__u32 batch;
	__u32 iterations;
	__u32 warmup;
	__u32 budget_ms;
	__s32 node;
	__u64 seed;
	__u32 dma_mask_bits;
	__u32 pad;
};

#define KMB_NODE_ANY		(-1)

/**
 * struct kmb_phase_result - outcome of one phase for one thread
 * @ops: operations timed
 * @failures: allocations that returned NULL (counted, not timed)
 * @samples: per-operation samples written to the phase's buffer; fewer
 *	than @ops when the buffer was too small (then the last of every 2^k
 *	operations is kept, 2^k the smallest power of two that makes them fit,
 *	and the histogram holds them all)
 * @total_cycles: sum of all per-operation samples; in amortised runs the
 *	cycles of the phase's timed stretches, timer reads subtracted
 * @batch_ns: wall time of the phase's timed stretches from ktime_get_ns(),
 *	timer reads included; for the pair pattern the alloc phase holds the
 *	time of whole alloc+free pairs and the free phase 0 (in amortised runs
 *	the same holds for @total_cycles)
 * @min_cycles: smallest sample (0 when @ops is 0 or the run is amortised)
 * @max_cycles: largest sample
 * @bytes_requested: bytes asked for by the @noted operations
 * @bytes_usable: what they got: ksize() for slab objects, the cache's
 *	object size for kmem_cache; 0 for APIs without a usable size
 * @moved: krealloc: results at a new address
 * @sumsq_lo: low 64 bits of the 128-bit sum of squared samples, for the
 *	variance over every operation
 * @sumsq_hi: its high 64 bits
 * @batch_cycles: the cycle counter over the same stretches as @batch_ns,
 *	so that cycles convert to ns at the rate of the case's own stretches
 * @noted: successful operations whose sizes were noted in @bytes_requested
 *	and @bytes_usable: every KMB_NOTE_EVERY-th, an evenly spaced sample
 *	that keeps ksize() out of most iterations of the loop
 */
struct kmb_phase_result {
	__u64 ops;
	__u64 failures;
	__u64 samples;
	__u64 total_cycles;
	__u64 batch_ns;
	__u64 min_cycles;
	__u64 max_cycles;
	__u64 bytes_requested;
	__u64 bytes_usable;
	__u64 moved;
	__u64 sumsq_lo;
	__u64 sumsq_hi;
	__u64 batch_cycles;
	__u64 noted;
};

/* kmb_phase_result.noted: one successful operation in this many. */
#define KMB_NOTE_EVERY		64

/**
 * struct kmb_run - KMB_IOC_RUN argument
 * @run_size: sizeof(struct kmb_run) as the caller knows it
 * @flags: KMB_RUN_* bits
 * @kcase: the case to run
 * @samples_ptr: user buffer of __u64 cycle samples laid out as
 *	[thread][phase][samples_cap]; 0 for no samples
 * @samples_cap: in: entries per thread and phase in @samples_ptr; out:
 *	the entries the module used (never more), which the layout follows
 * @max_threads: entries in @result (at least @kcase.threads)
 * @result_ptr: user array of KMB_PHASE_NR * @max_threads
 *	struct kmb_phase_result, laid out as [thread][phase]
 * @timer_overhead_cycles: out: cost of two back-to-back cycle-counter
 *	reads (median), measured for this run
 * @calib_cycles: out: cycle-counter delta over the run
 * @calib_ns: out: ktime_get_ns() delta over the same interval
 * @stopped: out: KMB_STOP_* reason the case ended early, or 0
 * @reserved: must be 0
 * @hist_ptr: user buffer of __u32 bucket counts laid out as
 *	[thread][phase][KMB_HIST_BUCKETS], or 0 for no histograms; written
 *	only for the phases whose samples cannot hold every operation (the
 *	samples are the distribution otherwise), left untouched for the rest
 * @cpus_ptr: user array of @kcase.threads __u32 online CPU numbers, thread
 *	i bound to entry i; 0 to use the online CPUs in turn
 * @timer_read_cycles: out: cost of one cycle-counter read, averaged over
 *	consecutive reads, measured for this run
 * @sample_bytes: out: module memory this run took for samples and
 *	histograms (at most kmb_info.samples_max_bytes)
 * @stop_ns: out: from the moment a stop was decided (signal or budget) to
 *	the results being handed back: threads stopped, every object freed,
 *	samples copied out; 0 when the case did not stop early. A signal is
 *	noticed within 10 ms of its arrival.
 * @peak_objects: out: the most objects the case's threads held at once,
 *	summed over its threads (each thread's peak, seen between chunks of
 *	operations, where a batch is complete; a pair's one object counts)
 * @peak_bytes: out: the bytes requested for them
 * @verify_checked: out, with KMB_RUN_VERIFY: BIT(KMB_VERIFY_*) of the
 *	properties checked on at least one of the case's objects
 * @verify_failed: out: those of them that at least one object broke
 * @verify_objects: out: objects checked (up to KMB_VERIFY_OBJECTS; an
 *	allocation that fails is not checked)
 * @verify_scattered: out: of them, those backed by pages that are not
 *	physically consecutive (vmalloc memory; never counted as a failure)
 * @verify_zones: out: BIT(KMB_ZONE_*) of the zones their pages came from
 * @verify_pad: must be 0
 * @ctx_ops: out: for KMB_CTX_HARDIRQ and KMB_CTX_SOFTIRQ, the operations
 *	(timed ones and failed allocations, summed over threads and phases)
 *	that ran where in_hardirq() or in_serving_softirq() held, on the
 *	thread's own CPU; 0 for the other contexts. A chunk found anywhere
 *	else is not run and the ioctl fails with -EPROTO (-EIO is a DMA
 *	mask the platform refuses).
 */
struct kmb_run {
	__u32 run_size;
	__u32 flags;
	struct kmb_case kcase;
	__u64 samples_ptr;
	__u32 samples_cap;
	__u32 max_threads;
	__u64 result_ptr;
	__u64 timer_overhead_cycles;
	__u64 calib_cycles;
	__u64 calib_ns;
	__u32 stopped;
	__u32 reserved;
	__u64 hist_ptr;
	__u64 cpus_ptr;
	__u64 timer_read_cycles;
	__u64 sample_bytes;
	__u64 stop_ns;
	__u64 peak_objects;
	__u64 peak_bytes;
	__u32 verify_checked;
	__u32 verify_failed;
	__u32 verify_objects;
	__u32 verify_scattered;
	__u32 verify_zones;
	__u32 verify_pad;
	__u64 ctx_ops;
};

/* Objects verify mode allocates and checks per case, one at a time. */
#define KMB_VERIFY_OBJECTS		4

/* Per-operation samples have the timer overhead subtracted. */
#define KMB_RUN_SUBTRACT_OVERHEAD	(1U << 0)
/*
 * Amortised timing, as prototype-kernel's time_bench: no per-operation
 * reads, samples or histogram; each chunk of operations is timed as a whole
 * (two reads, their cost subtracted) into kmb_phase_result.total_cycles.
 */
#define KMB_RUN_AMORTISED		(1U << 1)
/*
 * Verify mode: before the case is timed, KMB_VERIFY_OBJECTS objects are
 * allocated one at a time with the case's API, size and flags, checked
 * against the KMB_VERIFY_PROPS that apply to them, and freed; the answer
 * is in kmb_run.verify_*. Nothing of it is inside a timed window.
 */
#define KMB_RUN_VERIFY			(1U << 2)
#define KMB_RUN_VALID_FLAGS		(KMB_RUN_SUBTRACT_OVERHEAD | \
					 KMB_RUN_AMORTISED | KMB_RUN_VERIFY)

enum kmb_stop {
	KMB_STOP_NONE,
	KMB_STOP_BUDGET,	/* time budget spent */
	KMB_STOP_SIGNAL,	/* fatal signal pending */
};

/*
 * KMB_IOC_ABI_VERSION never changes: it returns the module's
 * KMB_ABI_VERSION so that a runner can name both versions on a mismatch even
 * when the other ioctls' numbers (which encode structure sizes) differ.
 */
#define KMB_IOC_ABI_VERSION	_IOR(KMB_IOC_MAGIC, 0x00, __u32)
#define KMB_IOC_INFO	_IOR(KMB_IOC_MAGIC, 0x01, struct kmb_info)
#define KMB_IOC_RUN	_IOWR(KMB_IOC_MAGIC, 0x02, struct kmb_run)

/* ------------------------------------------------------------------------
 * probe: the largest allocation each API grants (KMB_IOC_PROBE)
 *
 * The runner searches; the module answers one question per call. A TRY
 * allocates once, describes what it got and frees it before returning, so
 * no probe allocation outlives its call. FRAGMENT is the one exception: the
 * pages it holds stay until RESTORE, or until the device is closed.
 * FRAGMENT takes the largest free blocks it can get, splits them and frees
 * every other chunk of 2^@frag_order pages: the freed chunks cannot merge
 * with their held buddies, so free memory is left in small pieces.
 * ------------------------------------------------------------------------ */

/* KMB_IOC_PROBE operations. */
enum kmb_probe_op {
	KMB_PROBE_LIMITS,	/* what bounds @api with @gfp, read now */
	KMB_PROBE_TRY,		/* allocate @size once, describe it, free it */
	KMB_PROBE_FRAGMENT,	/* split free blocks, hold every other chunk */
	KMB_PROBE_RESTORE,	/* free everything FRAGMENT holds */
	KMB_PROBE_CAPACITY,	/* hold @size objects until told no, free */
	KMB_PROBE_OP_NR
};

/* Outcome of a TRY. */
enum kmb_probe_status {
	KMB_PROBE_OK,		/* the allocator returned memory (now freed) */
	KMB_PROBE_FAILED,	/* the allocator returned NULL */
	KMB_PROBE_REFUSED,	/* not attempted: past the memory guard */
};

/* What a TRY got back, as a category: the address itself never leaves. */
enum kmb_probe_ptr {
	KMB_PROBE_PTR_NULL,
	KMB_PROBE_PTR_ZERO_SIZE,	/* ZERO_SIZE_PTR */
	KMB_PROBE_PTR_VALID,
};

/* Where a TRY's memory came from. */
enum kmb_probe_backing {
	KMB_PROBE_BACKING_NONE,		/* NULL or ZERO_SIZE_PTR */
	KMB_PROBE_BACKING_SLAB,		/* an object of a slab cache */
	KMB_PROBE_BACKING_PAGES,	/* straight from the buddy allocator */
	KMB_PROBE_BACKING_VMALLOC,	/* the vmalloc area */
	KMB_PROBE_BACKING_KFENCE,	/* a KFENCE object: ksize() is exact */
};

/* The limit that stops an API from granting more. */
enum kmb_probe_bound {
	KMB_PROBE_BOUND_NONE,
	KMB_PROBE_BOUND_KMALLOC_MAX_SIZE,
	KMB_PROBE_BOUND_MAX_PAGE_ORDER,	/* largest buddy order (and slab) */
	KMB_PROBE_BOUND_INT_MAX,	/* kvmalloc() refuses more */
	KMB_PROBE_BOUND_TOTAL_RAM,	/* vmalloc() refuses more pages */
	KMB_PROBE_BOUND_VMALLOC_TOTAL,	/* the vmalloc area's size */
	KMB_PROBE_BOUND_CMA,		/* what the CMA area holds */
	KMB_PROBE_BOUND_NR
};

/* What ended a CAPACITY fill. */
enum kmb_probe_capacity_stop {
	KMB_CAPACITY_FAILED,	/* the allocator returned NULL: the capacity */
	KMB_CAPACITY_GUARD,	/* available memory came down to @reserve */
	KMB_CAPACITY_TIME,	/* @time_limit_ms ran out first */
	KMB_CAPACITY_SIGNAL,	/* a signal came first */
	KMB_CAPACITY_STOP_NR
};

/* CAPACITY: the longest a fill may take, and the zones it reports. */
#define KMB_PROBE_CAPACITY_MAX_MS	60000
#define KMB_PROBE_ZONES			8

/* TRY: attempt even where the kernel WARNs by design (vmalloc(0)). */
#define KMB_PROBE_ALLOW_WARN		(1U << 0)
#define KMB_PROBE_VALID_FLAGS		KMB_PROBE_ALLOW_WARN

/* FRAGMENT holds at most this share of available memory, in permille. */
#define KMB_PROBE_FRAG_MAX_PERMILLE	750

/**
 * struct kmb_probe - KMB_IOC_PROBE argument
 * @probe_size: sizeof(struct kmb_probe) as the caller knows it
 * @op: enum kmb_probe_op
 * @api: LIMITS, TRY, CAPACITY: enum kmb_api; one of KMALLOC, KZALLOC, KVMALLOC,
 *	VMALLOC, VMALLOC_GFP (both probe __vmalloc(size, gfp)), ALLOC_PAGES,
 *	KMEM_CACHE (a cache of @size-byte objects, created for the TRY),
 *	DMA_COHERENT and DMA_CMA (dma_alloc_coherent() through the module's
 *	device with a @dma_mask_bits mask)
 * @flags: KMB_PROBE_* bits
 * @gfp: LIMITS, TRY: KMB_GFP_* bits as asked; the module adds NOWARN
 *	always, and NORETRY to sleeping sets (without RETRY_MAYFAIL) for
 *	vmalloc and kvmalloc and for requests above PAGE_ALLOC_COSTLY_ORDER
 * @size: TRY, CAPACITY: bytes, or the page order for ALLOC_PAGES; a
 *	CAPACITY of another family needs at least sizeof(void *) bytes (the
 *	objects held are chained through their first bytes)
 * @share_permille: FRAGMENT: the most of available memory to hold, 1 to
 *	KMB_PROBE_FRAG_MAX_PERMILLE. It holds half of every block it splits
 *	and stops sooner when no free block above @frag_order is left or
 *	available memory would fall below @reserve.
 * @dma_mask_bits: LIMITS, TRY of a KMB_APIF_DMA API: the width of its
 *	device's DMA mask (as kmb_case.dma_mask_bits); else 0
 * @time_limit_ms: CAPACITY: how long the fill may take, 1 to
 *	KMB_PROBE_CAPACITY_MAX_MS; else 0
 * @capacity_stop: out, CAPACITY: enum kmb_probe_capacity_stop
 * @status: out, TRY: enum kmb_probe_status
 * @ptr: out, TRY: enum kmb_probe_ptr
 * @backing: out, TRY: enum kmb_probe_backing
 * @limit_bound: out, LIMITS: enum kmb_probe_bound naming @limit
 * @usable: out, TRY: usable bytes: ksize() for slab and KFENCE objects,
 *	PAGE_SIZE << order for pages, the size rounded up to whole pages for
 *	vmalloc memory; 0 for NULL and ZERO_SIZE_PTR
 * @alloc_ns: out, TRY: time the allocation call took; FRAGMENT: the
 *	whole operation
 * @probe_min: out, LIMITS: the smallest size worth a TRY
 * @probe_max: out, LIMITS: the largest size the module will TRY now:
 *	@limit plus one step where going past it fails cleanly (kmalloc,
 *	alloc_pages), never more than @cap bytes
 * @granule: out, LIMITS: the step a search needs: 1 byte for slab APIs,
 *	PAGE_SIZE for vmalloc (and kvmalloc where it may use vmalloc), 1 for
 *	page orders
 * @limit: out, LIMITS: the largest size the API grants by definition on
 *	this kernel (same unit as @size)
 * @mem_available: out: available memory (MemAvailable) read for this call
 * @reserve: out: memory a probe leaves free: an eighth of @mem_available,
 *	at least 64 MiB
 * @cap: out: @mem_available - @reserve: the most bytes a LIMITS range
 *	asks for. A TRY is refused only past @mem_available - @reserve / 2,
 *	so that drift between the calls does not refuse the range's end.
 * @gfp_used: out, LIMITS, TRY: the KMB_GFP_* bits passed to the allocator
 *	(for LIMITS: at @probe_max)
 * @pages_taken: out, FRAGMENT: pages in the blocks it split
 * @pages_held: out, FRAGMENT: pages still held after freeing every other
 *	chunk; RESTORE: pages it freed
 * @frag_order: out, FRAGMENT: order of the held and the freed chunks:
 *	PAGE_ALLOC_COSTLY_ORDER, so that every request that may call the OOM
 *	killer still finds free memory while each larger one needs blocks the
 *	hold has broken up (the held pages are unmovable: compaction cannot
 *	undo it)
 * @frag_top_order: out, FRAGMENT: the largest order it split a block of
 * @objects: out, CAPACITY: objects held when the fill stopped (@usable is
 *	their usable bytes, @alloc_ns the fill's time); all freed before the
 *	call returns
 * @zone_bytes: out, CAPACITY: @usable by KMB_ZONE_* of the memory's pages
 *
 * CAPACITY allocates @size objects of an API whose row has
 * KMB_APIF_CAPACITY with @gfp plus NOWARN, and NORETRY for sleeping sets
 * without RETRY_MAYFAIL, holding each, until the allocator returns NULL,
 * available memory comes down to @reserve (looked at every MiB held),
 * @time_limit_ms passes or a signal comes; then it frees them all.
 */
struct kmb_probe {
	__u32 probe_size;
	__u32 op;
	__u32 api;
	__u32 flags;
	__u64 gfp;
	__u64 size;
	__u32 share_permille;
	__u32 dma_mask_bits;
	__u32 time_limit_ms;
	__u32 capacity_stop;
	__u32 status;
	__u32 ptr;
	__u32 backing;
	__u32 limit_bound;
	__u64 usable;
	__u64 alloc_ns;
	__u64 probe_min;
	__u64 probe_max;
	__u64 granule;
	__u64 limit;
	__u64 mem_available;
	__u64 reserve;
	__u64 cap;
	__u64 gfp_used;
	__u64 pages_taken;
	__u64 pages_held;
	__u32 frag_order;
	__u32 frag_top_order;
	__u64 objects;
	__u64 zone_bytes[KMB_PROBE_ZONES];
};

#define KMB_IOC_PROBE	_IOWR(KMB_IOC_MAGIC, 0x10, struct kmb_probe)

#include "kmembench_rules.h"

#endif /* _UAPI_LINUX_KMEMBENCH_H */
