/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmembench module internals shared between its source files.
 */
#ifndef KMB_INTERNAL_H
#define KMB_INTERNAL_H

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/mmzone.h>
#include <linux/types.h>
#include <linux/version.h>

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

/* Objects held by the module right now: must read 0 whenever idle. */
extern atomic64_t kmb_live_objects;
extern atomic64_t kmb_live_bytes;

/**
 * kmb_cycles() - read the cycle counter, ordered against surrounding loads
 *
 * Without ordering, the CPU may execute the read before the allocation it is
 * meant to bracket has finished, and per-operation samples would be wrong.
 *
 * Return: the counter's value.
 */
u64 kmb_cycles(void);

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

/* The histogram bucket of @cycles, see KMB_HIST_BUCKETS. */
u32 kmb_hist_bucket(u64 cycles);

/* Allocator families: they decide which sizes and GFP flags make sense. */
enum kmb_family {
	KMB_FAMILY_SLAB,	/* kmalloc and kmem_cache: byte sizes */
	KMB_FAMILY_VMALLOC,	/* virtually contiguous: byte sizes, sleeps */
	KMB_FAMILY_PAGES,	/* buddy allocator: page orders */
};

struct kmb_job;

/**
 * struct kmb_allocator - one allocation API the module can time
 * @name: the API's name as the runner shows it
 * @family: which sizes and flags apply
 * @always_sleeps: the API may sleep whatever the GFP flags say (vmalloc
 *	allocates page tables with GFP_KERNEL), so it only runs in process
 *	context with a sleeping GFP set
 * @no_gfp: the API takes no GFP flags (vmalloc, vzalloc): only the KERNEL
 *	set describes what it does
 * @node: the API takes a NUMA node (kmb_case.node must name one)
 * @order0: the API allocates one page only (get_zeroed_page)
 * @cache: the API creates a kmem_cache of the case's size (once per case
 *	or once per operation): sizes stop at KMB_CACHE_MAX_SIZE
 * @no_irq_off: the API must not run with interrupts off (6.1's
 *	kmem_cache_alloc_bulk() enables them on its way out)
 * @gfp_forbidden: KMB_GFP_* bits the API cannot take on top of its family's
 * @patterns: BIT(KMB_PATTERN_*) the API can run
 * @setup: optional: prepare per-case state in @job->private (a kmem_cache)
 * @teardown: optional: release what @setup took
 * @alloc: allocate one object of @size bytes (or the job's order)
 * @free: free what @alloc returned
 * @resize: optional (krealloc): resize @obj to @size bytes; NULL leaves
 *	@obj allocated
 * @alloc_bulk: optional: allocate @n objects into @objs; returns how many
 *	(all or 0). Then @alloc and @free only serve the warm-up.
 * @free_bulk: frees what @alloc_bulk returned
 * @usable: optional: usable bytes of @obj (ksize() and the like), called
 *	outside the timed window
 *
 * Adding an API is adding one entry to kmb_allocators[] in kmb_alloc.c.
 */
struct kmb_allocator {
	const char *name;
	enum kmb_family family;
	bool always_sleeps;
	bool no_gfp;
	bool node;
	bool order0;
	bool cache;
	bool no_irq_off;
	u64 gfp_forbidden;
	u32 patterns;
	int (*setup)(struct kmb_job *job);
	void (*teardown)(struct kmb_job *job);
	void *(*alloc)(struct kmb_job *job, size_t size);
	void (*free)(struct kmb_job *job, void *obj, size_t size);
	void *(*resize)(struct kmb_job *job, void *obj, size_t size);
	int (*alloc_bulk)(struct kmb_job *job, size_t n, void **objs);
	void (*free_bulk)(struct kmb_job *job, size_t n, void **objs);
	size_t (*usable)(struct kmb_job *job, void *obj, size_t size);
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

long kmb_run_ioctl(struct kmb_run __user *uarg);

/* Slowdown injection (validation mode), kmb_inject.c. */
extern u32 kmb_inject_api;
extern u32 kmb_inject_pct;
int kmb_inject_init(void);

struct file;
long kmb_probe_ioctl(struct file *file, struct kmb_probe __user *uarg);
void kmb_probe_release(struct file *file);

#endif /* KMB_INTERNAL_H */
