/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmembench module internals shared between its source files.
 */
#ifndef KMB_INTERNAL_H
#define KMB_INTERNAL_H

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/types.h>

#include "uapi/kmembench.h"

#define KMB_MODULE_VERSION	"0.1.0"

/* Upper bound on the sample memory one run may take, whatever is asked. */
#define KMB_SAMPLES_MAX_BYTES	(64UL << 20)

/* Objects held by the module right now: must read 0 whenever idle. */
extern atomic64_t kmb_live_objects;
extern atomic64_t kmb_live_bytes;

/**
 * kmb_cycles() - read the cycle counter, ordered against surrounding loads
 *
 * Without ordering, the CPU may execute the read before the allocation it is
 * meant to bracket has finished, and per-operation samples would be wrong.
 */
u64 kmb_cycles(void);

/**
 * kmb_timer_overhead() - median cost of two back-to-back kmb_cycles() reads
 */
u64 kmb_timer_overhead(void);

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
 * @setup: optional: prepare per-job state (a kmem_cache, say)
 * @teardown: optional: release what @setup took
 * @alloc: allocate one object of @size bytes (or the job's order)
 * @free: free what @alloc returned
 *
 * Adding an API is adding one entry to kmb_allocators[] in kmb_alloc.c.
 */
struct kmb_allocator {
	const char *name;
	enum kmb_family family;
	bool always_sleeps;
	int (*setup)(struct kmb_job *job);
	void (*teardown)(struct kmb_job *job);
	void *(*alloc)(struct kmb_job *job, size_t size);
	void (*free)(struct kmb_job *job, void *obj, size_t size);
};

/**
 * struct kmb_job - one case as the engine runs it
 * @kcase: the case as the runner asked for it, validated
 * @ops: the allocator
 * @gfp: the kernel GFP mask mapped from @kcase.gfp
 * @private: allocator state made by @ops->setup
 */
struct kmb_job {
	struct kmb_case kcase;
	const struct kmb_allocator *ops;
	gfp_t gfp;
	void *private;
};

const struct kmb_allocator *kmb_allocator_get(u32 api);
u64 kmb_allocators_supported(void);

int kmb_gfp_map(u64 kmb_gfp, gfp_t *out);
bool kmb_gfp_may_sleep(u64 kmb_gfp);
int kmb_gfp_check(const struct kmb_allocator *ops, u64 kmb_gfp, u32 context);

long kmb_run_ioctl(struct kmb_run __user *uarg);

#endif /* KMB_INTERNAL_H */
