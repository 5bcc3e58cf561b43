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

#define KMB_ABI_VERSION		1
#define KMB_DEVICE_PATH		"/dev/kmembench"
#define KMB_IOC_MAGIC		0xB7

/*
 * GFP flags cross the ABI as these named bits, never as raw gfp_t values,
 * which differ between kernel versions. Exactly one base set (the first
 * group) must be given; the modifiers are ORed onto it. The module rejects
 * unknown bits and impossible combinations with -EINVAL.
 */
enum kmb_gfp_bit {
	/* base sets */
	KMB_GFP_BIT_KERNEL,
	KMB_GFP_BIT_ATOMIC,
	KMB_GFP_BIT_NOWAIT,
	KMB_GFP_BIT_NOIO,
	KMB_GFP_BIT_NOFS,
	KMB_GFP_BIT_USER,
	KMB_GFP_BIT_HIGHUSER,
	/* modifiers */
	KMB_GFP_BIT_DMA,
	KMB_GFP_BIT_DMA32,
	KMB_GFP_BIT_HIGHMEM,
	KMB_GFP_BIT_ZERO,
	KMB_GFP_BIT_ACCOUNT,
	KMB_GFP_BIT_NORETRY,
	KMB_GFP_BIT_RETRY_MAYFAIL,
	KMB_GFP_BIT_COMP,
	KMB_GFP_BIT_NOWARN,
	KMB_GFP_BIT_NR
};

#define KMB_GFP(name)		(1ULL << KMB_GFP_BIT_##name)
#define KMB_GFP_BASE_MASK	((1ULL << (KMB_GFP_BIT_HIGHUSER + 1)) - 1)
#define KMB_GFP_VALID_MASK	((1ULL << KMB_GFP_BIT_NR) - 1)

/* Allocation APIs the module can time. Values are stable once released. */
enum kmb_api {
	KMB_API_KMALLOC,
	KMB_API_KZALLOC,
	KMB_API_KCALLOC,
	KMB_API_KREALLOC,
	KMB_API_KVMALLOC,
	KMB_API_VMALLOC,
	KMB_API_VZALLOC,
	KMB_API_VMALLOC_GFP,	/* __vmalloc(size, gfp) */
	KMB_API_GET_FREE_PAGES,
	KMB_API_GET_ZEROED_PAGE,
	KMB_API_ALLOC_PAGES,
	KMB_API_KMEM_CACHE,
	KMB_API_KMEM_CACHE_BULK,
	KMB_API_KMEM_CACHE_CREATE,
	KMB_API_KMALLOC_NODE,
	KMB_API_ALLOC_PAGES_NODE,
	KMB_API_NR
};

/* How allocations and frees are arranged around the timed operations. */
enum kmb_pattern {
	KMB_PATTERN_PAIR,	 /* alloc, free at once: the fast path */
	KMB_PATTERN_BATCH,	 /* alloc N, then free N */
	KMB_PATTERN_RANDOM_FREE, /* alloc N, free them in random order */
	KMB_PATTERN_REMOTE_FREE, /* alloc on one CPU, free on another */
	KMB_PATTERN_RANDOM_SIZE, /* pair, sizes drawn in [size, size_max] */
	KMB_PATTERN_HOLD,	 /* keep N objects live while timing pairs */
	KMB_PATTERN_NR
};

/* Execution context of the timed loop. */
enum kmb_context {
	KMB_CTX_PROCESS,	/* preemptible process context */
	KMB_CTX_PREEMPT_OFF,	/* preempt_disable() around each batch */
	KMB_CTX_IRQ_OFF,	/* local_irq_save() around each batch */
	KMB_CTX_NR
};

/* Measured phases; a case fills the ones its pattern has. */
enum kmb_phase {
	KMB_PHASE_ALLOC,
	KMB_PHASE_FREE,
	KMB_PHASE_NR
};

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
};

/**
 * struct kmb_case - one measured case
 * @api: enum kmb_api
 * @pattern: enum kmb_pattern
 * @context: enum kmb_context
 * @threads: kernel threads running the case together (1 = the caller's
 *	own context)
 * @gfp: KMB_GFP_* bits
 * @size: bytes per object (slab and vmalloc APIs)
 * @size_max: upper bound of drawn sizes (random-size pattern), else 0
 * @order: page order (page APIs)
 * @batch: objects per batch (batch, random-free, remote-free, hold)
 * @iterations: timed operations per thread and phase
 * @warmup: untimed operations before timing
 * @budget_ms: wall-time budget; the case stops early when it is spent
 * @node: NUMA node for the _node APIs, or KMB_NODE_ANY
 * @seed: seed for random sizes and free orders
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
};

#define KMB_NODE_ANY		(-1)

/**
 * struct kmb_phase_result - outcome of one phase for one thread
 * @ops: operations timed
 * @failures: allocations that returned NULL (counted, not timed)
 * @samples: per-operation samples written to the phase's buffer
 * @total_cycles: sum of all per-operation samples
 * @batch_ns: wall time of the whole phase from ktime_get_ns()
 */
struct kmb_phase_result {
	__u64 ops;
	__u64 failures;
	__u64 samples;
	__u64 total_cycles;
	__u64 batch_ns;
};

/**
 * struct kmb_run - KMB_IOC_RUN argument
 * @run_size: sizeof(struct kmb_run) as the caller knows it
 * @flags: KMB_RUN_* bits
 * @kcase: the case to run
 * @samples_ptr: user buffer of __u64 cycle samples laid out as
 *	[thread][phase][samples_cap]; 0 for no samples
 * @samples_cap: entries per thread and phase in @samples_ptr
 * @max_threads: entries in @result (at least @kcase.threads)
 * @result_ptr: user array of KMB_PHASE_NR * @max_threads
 *	struct kmb_phase_result, laid out as [thread][phase]
 * @timer_overhead_cycles: out: cost of two back-to-back cycle-counter
 *	reads (median), measured for this run
 * @calib_cycles: out: cycle-counter delta over the run
 * @calib_ns: out: ktime_get_ns() delta over the same interval
 * @stopped: out: KMB_STOP_* reason the case ended early, or 0
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
};

/* Per-operation samples have the timer overhead subtracted. */
#define KMB_RUN_SUBTRACT_OVERHEAD	(1U << 0)
#define KMB_RUN_VALID_FLAGS		KMB_RUN_SUBTRACT_OVERHEAD

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

#endif /* _UAPI_LINUX_KMEMBENCH_H */
