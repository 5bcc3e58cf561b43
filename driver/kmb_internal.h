/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmembench module internals shared between its source files.
 */
#ifndef KMB_INTERNAL_H
#define KMB_INTERNAL_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/gfp.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/types.h>
#include <linux/version.h>

#ifdef CONFIG_X86
#include <asm/msr.h>
#else
#include <asm/timex.h>
#endif

#include "uapi/kmembench.h"

#define KMB_MODULE_VERSION	"0.1.0"

/* Upper bound on the sample memory one run may take, whatever is asked. */
#define KMB_SAMPLES_MAX_BYTES	(64UL << 20)
/* Kernel threads one case may run. */
#define KMB_MAX_THREADS		256

/*
 * The largest order the buddy allocator grants. 6.1 has MAX_ORDER as the
 * exclusive bound; 6.4 made MAX_ORDER inclusive and 6.8 renamed it to
 * MAX_PAGE_ORDER.
 */
#if defined(MAX_PAGE_ORDER)
#define KMB_MAX_PAGE_ORDER	MAX_PAGE_ORDER
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define KMB_MAX_PAGE_ORDER	MAX_ORDER
#else
#define KMB_MAX_PAGE_ORDER	(MAX_ORDER - 1)
#endif

/*
 * The largest object a kmem_cache is created for. One slab of the top order
 * must hold the object and what the slab allocator adds to each object when
 * debugging (slub_debug red zones, free pointer and tracking, KASAN's
 * metadata and red zone: a few hundred bytes up to about 2 KiB), and
 * kmem_cache_create() answers a size that no longer fits with a stack dump,
 * so a full top-order object would fail on any kernel booted with
 * slub_debug. A page of room covers every such addition. Needs
 * <linux/slab.h>.
 */
#define KMB_CACHE_MAX_SIZE \
	min_t(u64, KMALLOC_MAX_SIZE, (PAGE_SIZE << KMB_MAX_PAGE_ORDER) - PAGE_SIZE)

/*
 * Objects and bytes held by the module right now (kmb_thread.c): they must
 * read 0 whenever it is idle.
 */
void kmb_live_add(u64 objects, u64 bytes);
void kmb_live_sub(u64 objects, u64 bytes);
void kmb_live_read(u64 *objects, u64 *bytes);

/**
 * kmb_cycles() - read the cycle counter, ordered against surrounding loads
 *
 * Without ordering, the CPU may execute the read before the allocation it is
 * meant to bracket has finished, and per-operation samples would be wrong.
 * Inline: a call and return around each read would be harness work on
 * every timed operation.
 *
 * Return: the counter's value.
 */
static __always_inline u64 kmb_cycles(void)
{
#ifdef CONFIG_X86
	return rdtsc_ordered();
#else
	u64 c;

	barrier();
	c = get_cycles();
	barrier();
	return c;
#endif
}

/**
 * kmb_timer_overhead() - median cost of two back-to-back kmb_cycles() reads
 *
 * Return: the cost in cycles.
 */
u64 kmb_timer_overhead(void);

/**
 * kmb_timer_read_cost() - cost of one kmb_cycles() read, averaged over a
 * run of consecutive reads
 *
 * Return: the cost in cycles.
 */
u64 kmb_timer_read_cost(void);

/* Cycle-counter rate measured at module load, for INFO and chunk lengths. */
u64 kmb_cycles_rate(void);

/* Measures the rate kmb_cycles_rate() returns; at module load. */
void kmb_time_init(void);

/* Available memory (MemAvailable) in bytes, read now. */
static inline u64 kmb_mem_available(void)
{
	long pages = si_mem_available();

	return pages > 0 ? (u64)pages << PAGE_SHIFT : 0;
}

/* The histogram bucket of @cycles, see KMB_HIST_BUCKETS; inline for the loop. */
static __always_inline u32 kmb_hist_bucket(u64 cycles)
{
	unsigned int e, shift;

	if (cycles < KMB_HIST_LINEAR)
		return cycles;
	e = fls64(cycles) - 1;
	if (e >= KMB_HIST_MAX_BITS)
		return KMB_HIST_BUCKETS - 1;
	shift = e - KMB_HIST_SUB_BITS;
	return KMB_HIST_LINEAR + (e - KMB_HIST_SUB_BITS - 1) * KMB_HIST_SUB +
	       (u32)(cycles >> shift) - KMB_HIST_SUB;
}

struct kmb_job;
struct kmb_probe_hooks;

/**
 * struct kmb_allocator - one allocation API the module can time
 *
 * Built from the API's row of KMB_APIS (uapi/kmembench_tables.h), whose
 * flags give the traits, and its ops (KMB_OPS_<id> in kmb_alloc.c).
 *
 * @name: the API's name as the runner shows it
 * @family: which sizes and flags apply
 * @flags: KMB_APIF_* bits of the row, which the fields below spell out
 * @node: the API takes a NUMA node (KMB_APIF_NODE)
 * @order0: the API allocates one page only (KMB_APIF_ORDER0)
 * @cache: the API creates a kmem_cache of the case's size (KMB_APIF_CACHE):
 *	sizes stop at KMB_CACHE_MAX_SIZE
 * @gfp_forbidden: KMB_GFP_* bits the API cannot take on top of its family's
 * @patterns: BIT(KMB_PATTERN_*) the API can run
 * @setup: optional: prepare per-case state in @job->private (a kmem_cache)
 * @teardown: optional: release what @setup took
 * @alloc: allocate one object of @size bytes (or the job's order)
 * @free: free what @alloc returned
 * @resize: optional (krealloc): resize @obj to @size bytes; NULL leaves
 *	@obj allocated
 * @shrink: optional (kmem_cache_shrink): called after each batch is freed,
 *	timed as KMB_PHASE_SHRINK; may sleep
 * @alloc_bulk: optional: allocate @n objects into @objs; returns how many
 *	(all or 0). Then @alloc and @free only serve the warm-up.
 * @free_bulk: frees what @alloc_bulk returned
 * @usable: optional: usable bytes of @obj (ksize() and the like), called
 *	outside the timed window
 * @probe: optional: the hooks KMB_IOC_PROBE uses (kmb_probe_hooks.c); an
 *	API without them answers probes with -EOPNOTSUPP
 * @zeroes: the API returns zeroed memory whatever the GFP flags say
 *	(kzalloc, vzalloc, ...), which verify mode checks
 * @memory: optional: the kernel address of the memory @obj stands for,
 *	where @obj is not that address (a struct page); NULL when it has none
 *	(verify mode then checks only what the struct page tells)
 * @page: optional: the first struct page of @obj, where @obj is not an
 *	address (verify mode)
 *
 * Adding an API is adding one row to KMB_APIS and its KMB_OPS_<id> to
 * kmb_alloc.c.
 */
struct kmb_allocator {
	const char *name;
	enum kmb_family family;
	u32 flags;
	bool node;
	bool order0;
	bool cache;
	u64 gfp_forbidden;
	u32 patterns;
	int (*setup)(struct kmb_job *job);
	void (*teardown)(struct kmb_job *job);
	void *(*alloc)(struct kmb_job *job, size_t size);
	void (*free)(struct kmb_job *job, void *obj, size_t size);
	void *(*resize)(struct kmb_job *job, void *obj, size_t size);
	void (*shrink)(struct kmb_job *job);
	int (*alloc_bulk)(struct kmb_job *job, size_t n, void **objs);
	void (*free_bulk)(struct kmb_job *job, size_t n, void **objs);
	size_t (*usable)(struct kmb_job *job, void *obj, size_t size);
	const struct kmb_probe_hooks *probe;
	bool zeroes;
	void *(*memory)(void *obj);
	struct page *(*page)(void *obj);
};

/**
 * struct kmb_job - one case as an allocator sees it, one per thread
 * @kcase: the case as the runner asked for it, validated
 * @ops: the allocator
 * @gfp: the kernel GFP mask mapped from @kcase.gfp (with __GFP_NOWARN)
 * @private: allocator state made by @ops->setup, shared by all threads
 * @thread: index of the thread this job runs on
 * @name: a name unique to the thread, for objects that need one
 */
struct kmb_job {
	struct kmb_case kcase;
	const struct kmb_allocator *ops;
	gfp_t gfp;
	void *private;
	u32 thread;
	char name[24];
};

const struct kmb_allocator *kmb_allocator_get(u32 api);
u64 kmb_allocators_supported(void);

int kmb_gfp_map(u64 kmb_gfp, gfp_t *out);
bool kmb_gfp_may_sleep(u64 kmb_gfp);
int kmb_gfp_check(const struct kmb_allocator *ops, u64 kmb_gfp, u32 context);
enum kmb_zone kmb_zone_of(const struct page *page);

long kmb_run_ioctl(struct kmb_run __user *uarg);

/* Verify mode (KMB_RUN_VERIFY), kmb_verify.c. */
void kmb_verify_case(struct kmb_job *job, struct kmb_run *run);
int kmb_verify_init(void);

/* Slowdown injection (validation mode), kmb_inject.c. */
extern u32 kmb_inject_api;
extern u32 kmb_inject_pct;
int kmb_inject_init(void);

/**
 * struct kmb_probe_obj - one probe TRY's allocation
 * @ptr: what the API returned (for pages: the struct page)
 * @cache: the kmem_cache made for a KMEM_CACHE TRY
 * @order: the order of a page TRY
 * @dev: the module's device of a DMA TRY (kmb_dma.c)
 * @handle: the DMA address of a DMA TRY's buffer, never shown
 * @bytes: the size of a DMA TRY, for its free
 */
struct kmb_probe_obj {
	void *ptr;
	struct kmem_cache *cache;
	unsigned int order;
	struct device *dev;
	dma_addr_t handle;
	u64 bytes;
};

/**
 * struct kmb_probe_hooks - what KMB_IOC_PROBE needs of one API
 * @may_vmalloc: the API may map pages (vmalloc, kvmalloc): sleeping sets
 *	get __GFP_NORETRY at every size, not only above the costly order
 * @zero_warns: a 0-byte request WARNs by design (vmalloc(0)): it is made
 *	only with KMB_PROBE_ALLOW_WARN
 * @range: LIMITS: set @p->limit, ->limit_bound and ->probe_max, and
 *	->probe_min and ->granule where they are not 1; @p->cap is set and
 *	@sleeps tells whether @p->gfp may sleep
 * @prepare: optional: process-context preparation before @alloc (a
 *	kmem_cache of @size-byte objects in @o->cache, destroyed by the caller)
 * @alloc: one allocation of @size bytes (an order for page APIs)
 * @free: free @o->ptr, which is neither NULL nor freed yet
 */
struct kmb_probe_hooks {
	bool may_vmalloc;
	bool zero_warns;
	void (*range)(struct kmb_probe *p, bool sleeps);
	int (*prepare)(struct kmb_probe_obj *o, u64 size);
	void *(*alloc)(struct kmb_probe_obj *o, u64 size, gfp_t gfp);
	void (*free)(struct kmb_probe_obj *o);
};

extern const struct kmb_probe_hooks kmb_probe_kmalloc;
extern const struct kmb_probe_hooks kmb_probe_kzalloc;
extern const struct kmb_probe_hooks kmb_probe_kvmalloc;
extern const struct kmb_probe_hooks kmb_probe_vmalloc;
extern const struct kmb_probe_hooks kmb_probe_alloc_pages;
extern const struct kmb_probe_hooks kmb_probe_kmem_cache;
extern const struct kmb_probe_hooks kmb_probe_dma_coherent;
extern const struct kmb_probe_hooks kmb_probe_dma_cma;

/*
 * The DMA rows (kmb_dma.c): the module's devices, one per DMA mask width,
 * and the ops of KMB_OPS_dma_coherent, _dma_cma and _dma_map_single.
 */
struct device;
int kmb_dma_init(void);
void kmb_dma_exit(void);
struct device *kmb_dma_device(u32 bits);
int kmb_dma_coherent_setup(struct kmb_job *job);
int kmb_dma_cma_setup(struct kmb_job *job);
void kmb_dma_coherent_teardown(struct kmb_job *job);
void *kmb_dma_coherent_alloc(struct kmb_job *job, size_t size);
void kmb_dma_coherent_free(struct kmb_job *job, void *obj, size_t size);
int kmb_dma_map_setup(struct kmb_job *job);
void kmb_dma_map_teardown(struct kmb_job *job);
void *kmb_dma_map_alloc(struct kmb_job *job, size_t size);
void *kmb_dma_map_memory(void *obj);
void kmb_dma_map_free(struct kmb_job *job, void *obj, size_t size);

/* Bytes a probe of @size takes (@size is an order for the page family). */
static inline u64 kmb_probe_bytes(enum kmb_family family, u64 size)
{
	if (family == KMB_FAMILY_PAGES)
		return size < BITS_PER_LONG - PAGE_SHIFT ?
		       PAGE_SIZE << size : U64_MAX;
	return size;
}

struct file;
long kmb_probe_ioctl(struct file *file, struct kmb_probe __user *uarg);
/* What every probe of an API checks first (kmb_probe_hooks.c). */
u64 kmb_probe_gfp_bits(const struct kmb_probe_hooks *h, u64 gfp, u64 bytes);
const struct kmb_allocator *kmb_probe_api(const struct kmb_probe *p);
int kmb_probe_check(const struct kmb_probe *p, u64 bytes, gfp_t *gfp,
		    u64 *bits);
/* KMB_PROBE_CAPACITY, kmb_capacity.c. */
int kmb_capacity(struct kmb_probe *p);

/* The fragmentation hold of KMB_PROBE_FRAGMENT and RESTORE, kmb_frag.c. */
int kmb_frag_hold(struct file *file, struct kmb_probe *p);
int kmb_frag_restore(struct file *file, struct kmb_probe *p);
void kmb_frag_release(struct file *file);
/* A probe leaves an eighth of available memory free, and at least this. */
#define KMB_PROBE_RESERVE_MIN	(64ULL << 20)
#define KMB_PROBE_RESERVE_DIV	8

/* Fills the memory fields every probe answer carries (probe and frag). */
static inline void kmb_probe_headroom(struct kmb_probe *p)
{
	p->mem_available = kmb_mem_available();
	p->reserve = max_t(u64, p->mem_available / KMB_PROBE_RESERVE_DIV,
			   KMB_PROBE_RESERVE_MIN);
	p->cap = p->mem_available > p->reserve ?
		 p->mem_available - p->reserve : 0;
}

#endif /* KMB_INTERNAL_H */
