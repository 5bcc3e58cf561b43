/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kmembench's extension tables, one row per value, read by both sides: the
 * module (driver/) and the runner (src/) expand the same rows into their
 * own tables, so that a value and its traits are written once.
 *
 * Included by kmembench.h; not meant to be included on its own. The rows
 * are in ABI order: the enums in kmembench.h are generated from them, so a
 * new row goes at the end of its table and no row ever moves (the numbers
 * are stable once released).
 *
 * The traits below are compile-time knowledge shared by both sides; they
 * never cross the ioctl.
 */
#ifndef _UAPI_LINUX_KMEMBENCH_TABLES_H
#define _UAPI_LINUX_KMEMBENCH_TABLES_H

/*
 * KMB_GFP_BITS(X) - the GFP flags, as X(NAME, kernel_value)
 *
 * NAME becomes KMB_GFP_BIT_NAME and the name the runner shows and accepts;
 * kernel_value is the gfp_t the module maps it to (only the module expands
 * it). The base sets come first, up to HIGHUSER (KMB_GFP_BASE_MASK); the
 * modifiers follow.
 */
#define KMB_GFP_BITS(X)					\
	/* base sets */					\
	X(KERNEL, GFP_KERNEL)				\
	X(ATOMIC, GFP_ATOMIC)				\
	X(NOWAIT, GFP_NOWAIT)				\
	X(NOIO, GFP_NOIO)				\
	X(NOFS, GFP_NOFS)				\
	X(USER, GFP_USER)				\
	X(HIGHUSER, GFP_HIGHUSER)			\
	/* modifiers */					\
	X(DMA, __GFP_DMA)				\
	X(DMA32, __GFP_DMA32)				\
	X(HIGHMEM, __GFP_HIGHMEM)			\
	X(ZERO, __GFP_ZERO)				\
	X(ACCOUNT, __GFP_ACCOUNT)			\
	X(NORETRY, __GFP_NORETRY)			\
	X(RETRY_MAYFAIL, __GFP_RETRY_MAYFAIL)		\
	X(COMP, __GFP_COMP)				\
	X(NOWARN, __GFP_NOWARN)

/*
 * KMB_PATTERNS(X) - the allocation patterns, as
 * X(ID, run, name, min_threads, holds_batch)
 *
 * ID: KMB_PATTERN_ID, the ABI number; run: the stem of the module's timed
 * loop (kmb_run_<run> in kmb_pattern.c); name: what the runner shows and
 * accepts; min_threads: the threads it needs; holds_batch: each thread
 * holds up to kmb_case.batch objects at once (the batch is a dimension).
 */
#define KMB_PATTERNS(X)							\
	/* alloc, free at once: the fast path */			\
	X(PAIR, pair, "pair", 1, 0)					\
	/* alloc N, then free N */					\
	X(BATCH, batch, "batch", 1, 1)					\
	/* alloc N, free them in random order */			\
	X(RANDOM_FREE, random_free, "random-free", 1, 1)		\
	/* alloc on one CPU, free on another */				\
	X(REMOTE_FREE, remote_free, "remote-free", 2, 1)		\
	/* pair, sizes drawn in [size, size_max] */			\
	X(RANDOM_SIZE, pair, "random-size", 1, 0)			\
	/* keep N objects live while timing pairs */			\
	X(HOLD, hold, "hold", 1, 1)

/*
 * KMB_CONTEXTS(X) - where the timed loop runs, as X(ID, name)
 *
 * ID: KMB_CTX_ID, the ABI number; name: what the runner shows and accepts
 * (suites' "contexts", case ids, results). Each chunk of operations (at
 * most KMB_CHUNK_OPS of them or about a millisecond) runs in the context:
 * the interrupt contexts run it inside an interrupt raised on the thread's
 * own CPU while the thread waits, and the module checks in_hardirq() or
 * in_serving_softirq() there (kmb_run.ctx_ops).
 */
#define KMB_CONTEXTS(X)							\
	/* preemptible process context */				\
	X(PROCESS, "process")						\
	/* preempt_disable() around each chunk */			\
	X(PREEMPT_OFF, "preempt-off")					\
	/* local_irq_save() around each chunk */			\
	X(IRQ_OFF, "irq-off")						\
	/* inside an irq_work: a hard interrupt */			\
	X(HARDIRQ, "hardirq")						\
	/* inside a tasklet: a softirq */				\
	X(SOFTIRQ, "softirq")

/* Allocator families: they decide which sizes and GFP flags make sense. */
enum kmb_family {
	KMB_FAMILY_SLAB,	/* kmalloc and kmem_cache: byte sizes */
	KMB_FAMILY_VMALLOC,	/* virtually contiguous: byte sizes */
	KMB_FAMILY_PAGES,	/* buddy allocator: page orders */
	KMB_FAMILY_DMA,		/* the DMA API, through the module's device: bytes */
};

/**
 * enum kmb_api_flag - what sets an API apart from the rest of its family
 * @KMB_APIF_SLEEPS: may sleep whatever the GFP flags say (vmalloc allocates
 *	page tables with GFP_KERNEL): process context and a sleeping set only
 * @KMB_APIF_NO_GFP: takes no GFP flags (vmalloc, vzalloc): only the KERNEL
 *	set describes what it does
 * @KMB_APIF_NODE: takes a NUMA node (kmb_case.node must name one)
 * @KMB_APIF_ORDER0: allocates one page only (get_zeroed_page)
 * @KMB_APIF_NO_IRQ_OFF: must not run with interrupts off (6.1's
 *	kmem_cache_alloc_bulk() enables them on its way out)
 * @KMB_APIF_RESIZE: resizes its objects (krealloc): grow and shrink phases,
 *	a size_max to grow to
 * @KMB_APIF_BULK: allocates kmb_case.batch objects per call
 * @KMB_APIF_CACHE: creates a kmem_cache of the case's size: sizes stop at
 *	the largest object a slab of the top order holds
 * @KMB_APIF_CREATE: the ALLOC phase creates and the FREE phase destroys
 *	(kmem_cache_create): the runner names the phases so
 * @KMB_APIF_PROBE: `kmembench probe` searches its largest allocation
 * @KMB_APIF_PROBE_ZERO: `kmembench probe` reports what a 0-byte request
 *	returns
 * @KMB_APIF_SHRINK: calls kmem_cache_shrink() on its cache after each batch
 *	is freed, timed as KMB_PHASE_SHRINK: batch patterns only, process
 *	context (the shrink waits for every CPU to flush its slabs)
 * @KMB_APIF_CAPACITY: `kmembench probe --capacity` fills memory with its
 *	objects (KMB_PROBE_CAPACITY)
 * @KMB_APIF_BYTES: a page API that takes a byte size (alloc_pages_exact):
 *	sizes, not orders, up to the top order's bytes
 * @KMB_APIF_RCU: frees through an rcu_head inside the object (kfree_rcu):
 *	objects of at least KMB_RCU_MIN_SIZE bytes (kmembench_rules.h)
 * @KMB_APIF_DMA: allocates or maps through a device the module owns, whose
 *	DMA mask is the case's kmb_case.dma_mask_bits (64 and 32 by default)
 * @KMB_APIF_CMA: sizes that only the contiguous memory allocator can grant
 *	(above the buddy allocator's largest block): the kernel needs
 *	CONFIG_DMA_CMA and a CMA area (cma= on its command line)
 */
enum kmb_api_flag {
	KMB_APIF_SLEEPS = 1U << 0,
	KMB_APIF_NO_GFP = 1U << 1,
	KMB_APIF_NODE = 1U << 2,
	KMB_APIF_ORDER0 = 1U << 3,
	KMB_APIF_NO_IRQ_OFF = 1U << 4,
	KMB_APIF_RESIZE = 1U << 5,
	KMB_APIF_BULK = 1U << 6,
	KMB_APIF_CACHE = 1U << 7,
	KMB_APIF_CREATE = 1U << 8,
	KMB_APIF_PROBE = 1U << 9,
	KMB_APIF_PROBE_ZERO = 1U << 10,
	KMB_APIF_BYTES = 1U << 11,
	KMB_APIF_RCU = 1U << 12,
	KMB_APIF_CAPACITY = 1U << 13,
	KMB_APIF_SHRINK = 1U << 14,
	KMB_APIF_DMA = 1U << 20,
	KMB_APIF_CMA = 1U << 21,
};

/* Pattern sets of the API rows (BIT(KMB_PATTERN_*) masks). */
#define KMB_PATTERN_BIT(p)	(1U << KMB_PATTERN_##p)
#define KMB_PATTERNS_ALL	((1U << KMB_PATTERN_NR) - 1)
/* A fixed object size (caches) or a page order leaves nothing to draw. */
#define KMB_PATTERNS_FIXED	(KMB_PATTERNS_ALL & ~KMB_PATTERN_BIT(RANDOM_SIZE))
/* A streaming mapping needs its buffer on the thread that mapped it. */
#define KMB_PATTERNS_LOCAL	(KMB_PATTERNS_FIXED & ~KMB_PATTERN_BIT(REMOTE_FREE))
/* Address-returning page APIs cannot hand out highmem. */
#define KMB_GFP_NO_HIGH		(KMB_GFP(HIGHUSER) | KMB_GFP(HIGHMEM))

/*
 * KMB_APIS(X) - the allocation APIs the module times, as
 * X(ID, id, name, family, flags, gfp_forbidden, patterns)
 *
 * ID: KMB_API_ID, the ABI number; id: the stem of the module's ops for it
 * (KMB_OPS_id in kmb_alloc.c); name: what the runner shows and accepts;
 * family: KMB_FAMILY_family; flags: KMB_APIF_* bits; gfp_forbidden:
 * KMB_GFP_* bits it cannot take on top of its family's; patterns: the
 * KMB_PATTERN_* it can run.
 */
#define KMB_APIS(X)								\
	X(KMALLOC, kmalloc, "kmalloc", SLAB,					\
	  KMB_APIF_PROBE | KMB_APIF_PROBE_ZERO | KMB_APIF_CAPACITY, 0,		\
	  KMB_PATTERNS_ALL)							\
	X(KZALLOC, kzalloc, "kzalloc", SLAB,					\
	  KMB_APIF_PROBE | KMB_APIF_PROBE_ZERO | KMB_APIF_CAPACITY, 0,		\
	  KMB_PATTERNS_ALL)							\
	X(KCALLOC, kcalloc, "kcalloc", SLAB, 0, 0, KMB_PATTERNS_ALL)		\
	/* Timed: the chain's krealloc steps; the first kmalloc is the alloc. */\
	X(KREALLOC, krealloc, "krealloc", SLAB, KMB_APIF_RESIZE, 0,		\
	  KMB_PATTERN_BIT(PAIR) | KMB_PATTERN_BIT(HOLD))			\
	/* Falls back to vmalloc only when the flags may sleep. */		\
	X(KVMALLOC, kvmalloc, "kvmalloc", VMALLOC,				\
	  KMB_APIF_PROBE | KMB_APIF_PROBE_ZERO, 0, KMB_PATTERNS_ALL)		\
	/* vmalloc() and vzalloc() take no flags: GFP_KERNEL is implied. */	\
	X(VMALLOC, vmalloc, "vmalloc", VMALLOC,					\
	  KMB_APIF_SLEEPS | KMB_APIF_NO_GFP | KMB_APIF_PROBE |			\
	  KMB_APIF_PROBE_ZERO, 0, KMB_PATTERNS_ALL)				\
	X(VZALLOC, vzalloc, "vzalloc", VMALLOC,					\
	  KMB_APIF_SLEEPS | KMB_APIF_NO_GFP, 0, KMB_PATTERNS_ALL)		\
	X(VMALLOC_GFP, vmalloc_gfp, "__vmalloc", VMALLOC, KMB_APIF_SLEEPS, 0,	\
	  KMB_PATTERNS_ALL)							\
	X(GET_FREE_PAGES, get_free_pages, "__get_free_pages", PAGES, 0,	\
	  KMB_GFP_NO_HIGH, KMB_PATTERNS_FIXED)					\
	X(GET_ZEROED_PAGE, get_zeroed_page, "get_zeroed_page", PAGES,		\
	  KMB_APIF_ORDER0, KMB_GFP_NO_HIGH, KMB_PATTERNS_FIXED)			\
	X(ALLOC_PAGES, alloc_pages, "alloc_pages", PAGES,			\
	  KMB_APIF_PROBE | KMB_APIF_CAPACITY, 0, KMB_PATTERNS_FIXED)		\
	/* A cache created without SLAB_CACHE_DMA must not get DMA pages. */	\
	X(KMEM_CACHE, kmem_cache, "kmem_cache", SLAB,				\
	  KMB_APIF_CACHE | KMB_APIF_PROBE | KMB_APIF_CAPACITY, KMB_GFP(DMA),	\
	  KMB_PATTERNS_FIXED)							\
	X(KMEM_CACHE_BULK, kmem_cache_bulk, "kmem_cache_bulk", SLAB,		\
	  KMB_APIF_CACHE | KMB_APIF_BULK | KMB_APIF_NO_IRQ_OFF, KMB_GFP(DMA),	\
	  KMB_PATTERN_BIT(PAIR))						\
	/* Takes a mutex and builds sysfs entries: process context only. */	\
	X(KMEM_CACHE_CREATE, kmem_cache_create, "kmem_cache_create", SLAB,	\
	  KMB_APIF_CACHE | KMB_APIF_CREATE | KMB_APIF_SLEEPS | KMB_APIF_NO_GFP,	\
	  0, KMB_PATTERN_BIT(PAIR))						\
	X(KMALLOC_NODE, kmalloc_node, "kmalloc_node", SLAB, KMB_APIF_NODE, 0,	\
	  KMB_PATTERNS_ALL)							\
	X(ALLOC_PAGES_NODE, alloc_pages_node, "alloc_pages_node", PAGES,	\
	  KMB_APIF_NODE, 0, KMB_PATTERNS_FIXED)					\
	/* kmalloc, then a free that zeroes the whole object first. */		\
	X(KFREE_SENSITIVE, kfree_sensitive, "kfree_sensitive", SLAB, 0, 0,	\
	  KMB_PATTERNS_ALL)							\
	/* Whole pages for a byte size; the order's tail pages go back. */	\
	X(ALLOC_PAGES_EXACT, alloc_pages_exact, "alloc_pages_exact", PAGES,	\
	  KMB_APIF_BYTES, KMB_GFP_NO_HIGH | KMB_GFP(COMP), KMB_PATTERNS_ALL)	\
	/*									\
	 * mempool_alloc/free on a kmalloc pool of the case's size. Reserve	\
	 * elements are plain kmalloc memory, so no DMA; mempool warns on ZERO.	\
	 */									\
	X(MEMPOOL, mempool, "mempool", SLAB, 0, KMB_GFP(DMA) | KMB_GFP(ZERO),	\
	  KMB_PATTERNS_FIXED)							\
	/* A constructor keeps the cache unmerged; ZERO would undo its work. */\
	X(KMEM_CACHE_CTOR, kmem_cache_ctor, "kmem_cache_ctor", SLAB,		\
	  KMB_APIF_CACHE, KMB_GFP(DMA) | KMB_GFP(ZERO), KMB_PATTERNS_FIXED)	\
	X(KMEM_CACHE_HWALIGN, kmem_cache_hwalign, "kmem_cache_hwalign", SLAB,	\
	  KMB_APIF_CACHE, KMB_GFP(DMA), KMB_PATTERNS_FIXED)			\
	/* kmalloc, then kfree_rcu: the free queues it for a grace period. */	\
	X(KFREE_RCU, kfree_rcu, "kfree_rcu", SLAB, KMB_APIF_RCU, 0,		\
	  KMB_PATTERNS_ALL)							\
	/* Timed: mapping pages allocated untimed when the case starts. */	\
	X(VMAP, vmap, "vmap", VMALLOC, KMB_APIF_SLEEPS | KMB_APIF_NO_GFP, 0,	\
	  KMB_PATTERNS_FIXED)							\
	X(VM_MAP_RAM, vm_map_ram, "vm_map_ram", VMALLOC,			\
	  KMB_APIF_SLEEPS | KMB_APIF_NO_GFP, 0, KMB_PATTERNS_FIXED)		\
	/*									\
	 * alloc_pages_bulk_array() up to 6.13, alloc_pages_bulk() since:	\
	 * batch order-0 pages per call. ACCOUNT sends it to its one-page	\
	 * fallback, so a batch would never fill.				\
	 */									\
	X(ALLOC_PAGES_BULK, alloc_pages_bulk, "alloc_pages_bulk", PAGES,	\
	  KMB_APIF_ORDER0 | KMB_APIF_BULK, KMB_GFP(ACCOUNT),			\
	  KMB_PATTERN_BIT(PAIR))						\
	/* dma_free_coherent() WARNs with interrupts off. */			\
	X(DMA_COHERENT, dma_coherent, "dma_alloc_coherent", DMA,		\
	  KMB_APIF_DMA | KMB_APIF_NO_IRQ_OFF | KMB_APIF_PROBE, 0,		\
	  KMB_PATTERNS_FIXED)							\
	/* Timed: map and unmap; the kmalloc'd buffer is made before. */	\
	X(DMA_MAP_SINGLE, dma_map_single, "dma_map_single", DMA,		\
	  KMB_APIF_DMA | KMB_APIF_NO_GFP, 0, KMB_PATTERNS_LOCAL)		\
	/* cma_alloc() takes a mutex and may migrate pages: it sleeps. */	\
	X(DMA_CMA, dma_cma, "dma_alloc_coherent_cma", DMA,			\
	  KMB_APIF_DMA | KMB_APIF_CMA | KMB_APIF_SLEEPS | KMB_APIF_PROBE, 0,	\
	  KMB_PATTERNS_FIXED)							\
	/*									\
	 * __vmalloc that maps with huge pages where the size and the		\
	 * architecture allow (PMD_SIZE and up on x86-64), small ones else.	\
	 */									\
	X(VMALLOC_HUGE, vmalloc_huge, "vmalloc_huge", VMALLOC, KMB_APIF_SLEEPS,	\
	  0, KMB_PATTERNS_ALL)							\
	/* kvmalloc, then kvfree_rcu with the object's rcu_head: no sleep. */	\
	X(KVFREE_RCU, kvfree_rcu, "kvfree_rcu", VMALLOC, KMB_APIF_RCU, 0,	\
	  KMB_PATTERNS_ALL)							\
	/*									\
	 * kmem_cache_alloc/free on a cache of its own, and a shrink of it	\
	 * after each freed batch: the next batch gets new slabs.		\
	 */									\
	X(KMEM_CACHE_SHRINK, kmem_cache_shrink, "kmem_cache_shrink", SLAB,	\
	  KMB_APIF_CACHE | KMB_APIF_SHRINK | KMB_APIF_SLEEPS, KMB_GFP(DMA),	\
	  KMB_PATTERN_BIT(BATCH) | KMB_PATTERN_BIT(RANDOM_FREE))

/*
 * KMB_VERIFY_PROPS(X) - what verify mode (KMB_RUN_VERIFY) checks of a
 * case's objects, as X(ID, name): ID becomes KMB_VERIFY_ID, a bit number
 * of kmb_run.verify_checked and verify_failed; name is what the runner
 * shows and what the module's verify_spoil parameter accepts.
 */
#define KMB_VERIFY_PROPS(X)						\
	/* kzalloc, kcalloc, vzalloc, get_zeroed_page, __GFP_ZERO */	\
	X(ZEROED, "zeroed")						\
	/* krealloc keeps the old bytes when it grows and shrinks */	\
	X(KEEPS, "keeps-contents")					\
	/* kmalloc and page memory: physically contiguous */		\
	X(CONTIGUOUS, "contiguous")					\
	/* minimum, natural (power-of-two sizes) or page alignment */	\
	X(ALIGNED, "aligned")						\
	/* every page from a zone the GFP flags allow */		\
	X(ZONE, "zone")

/*
 * KMB_ZONES(X) - memory zones as X(ID, name), named as /proc/zoneinfo
 * names them; bits of kmb_run.verify_zones. The kernel's own zone numbers
 * depend on its configuration and never cross the ABI.
 */
#define KMB_ZONES(X)							\
	X(DMA, "DMA")							\
	X(DMA32, "DMA32")						\
	X(NORMAL, "Normal")						\
	X(HIGHMEM, "HighMem")						\
	X(MOVABLE, "Movable")						\
	X(DEVICE, "Device")

#endif /* _UAPI_LINUX_KMEMBENCH_TABLES_H */
