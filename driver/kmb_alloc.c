// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator table: every API kmembench times is one entry here, in the
 * manner of the test-case array of lib/test_vmalloc.c. The functions are
 * thin on purpose: what sits between the two cycle-counter reads is the
 * API call and one indirect call, nothing else.
 */
#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "kmb_internal.h"

#define KMB_PATTERNS_ALL	(BIT(KMB_PATTERN_NR) - 1)
/* A fixed object size (caches) or a page order leaves nothing to draw. */
#define KMB_PATTERNS_FIXED \
	(KMB_PATTERNS_ALL & ~BIT(KMB_PATTERN_RANDOM_SIZE))
/* Address-returning page APIs cannot hand out highmem. */
#define KMB_GFP_NO_HIGH		(KMB_GFP(HIGHUSER) | KMB_GFP(HIGHMEM))

static void *kmb_kmalloc(struct kmb_job *job, size_t size)
{
	return kmalloc(size, job->gfp);
}

static void *kmb_kzalloc(struct kmb_job *job, size_t size)
{
	return kzalloc(size, job->gfp);
}

/* One element per byte: the overflow check is kcalloc's own cost. */
static void *kmb_kcalloc(struct kmb_job *job, size_t size)
{
	return kcalloc(size, 1, job->gfp);
}

static void *kmb_krealloc(struct kmb_job *job, void *obj, size_t size)
{
	return krealloc(obj, size, job->gfp);
}

static void *kmb_kmalloc_node(struct kmb_job *job, size_t size)
{
	return kmalloc_node(size, job->gfp, job->kcase.node);
}

static void kmb_kfree(struct kmb_job *job, void *obj, size_t size)
{
	kfree(obj);
}

static size_t kmb_ksize(struct kmb_job *job, void *obj, size_t size)
{
	return ksize(obj);
}

static void *kmb_kvmalloc(struct kmb_job *job, size_t size)
{
	return kvmalloc(size, job->gfp);
}

static void kmb_kvfree(struct kmb_job *job, void *obj, size_t size)
{
	kvfree(obj);
}

/* kvmalloc's fallback maps whole pages; ksize() only knows slab objects. */
static size_t kmb_kvsize(struct kmb_job *job, void *obj, size_t size)
{
	return is_vmalloc_addr(obj) ? PAGE_ALIGN(size) : ksize(obj);
}

static void *kmb_vmalloc(struct kmb_job *job, size_t size)
{
	return vmalloc(size);
}

static void *kmb_vzalloc(struct kmb_job *job, size_t size)
{
	return vzalloc(size);
}

static void *kmb_vmalloc_gfp(struct kmb_job *job, size_t size)
{
	return __vmalloc(size, job->gfp);
}

static void kmb_vfree(struct kmb_job *job, void *obj, size_t size)
{
	vfree(obj);
}

static void *kmb_get_free_pages(struct kmb_job *job, size_t size)
{
	return (void *)__get_free_pages(job->gfp, job->kcase.order);
}

static void kmb_free_pages(struct kmb_job *job, void *obj, size_t size)
{
	free_pages((unsigned long)obj, job->kcase.order);
}

static void *kmb_get_zeroed_page(struct kmb_job *job, size_t size)
{
	return (void *)get_zeroed_page(job->gfp);
}

static void kmb_free_page(struct kmb_job *job, void *obj, size_t size)
{
	free_page((unsigned long)obj);
}

static void *kmb_alloc_pages(struct kmb_job *job, size_t size)
{
	return alloc_pages(job->gfp, job->kcase.order);
}

static void *kmb_alloc_pages_node(struct kmb_job *job, size_t size)
{
	return alloc_pages_node(job->kcase.node, job->gfp, job->kcase.order);
}

static void kmb_free_struct_pages(struct kmb_job *job, void *obj, size_t size)
{
	__free_pages(obj, job->kcase.order);
}

/*
 * One cache per case, shared by its threads as a driver's cache is shared
 * by its CPUs. Created without special flags, so the kernel may merge it
 * with a compatible cache, as it would a driver's.
 */
static int kmb_cache_setup(struct kmb_job *job)
{
	job->private = kmem_cache_create("kmembench", job->kcase.size, 0, 0,
					 NULL);
	return job->private ? 0 : -ENOMEM;
}

static void kmb_cache_teardown(struct kmb_job *job)
{
	kmem_cache_destroy(job->private);
	job->private = NULL;
}

static void *kmb_cache_alloc(struct kmb_job *job, size_t size)
{
	return kmem_cache_alloc(job->private, job->gfp);
}

static void kmb_cache_free(struct kmb_job *job, void *obj, size_t size)
{
	kmem_cache_free(job->private, obj);
}

static size_t kmb_cache_size(struct kmb_job *job, void *obj, size_t size)
{
	return kmem_cache_size(job->private);
}

static int kmb_cache_alloc_bulk(struct kmb_job *job, size_t n, void **objs)
{
	return kmem_cache_alloc_bulk(job->private, job->gfp, n, objs);
}

static void kmb_cache_free_bulk(struct kmb_job *job, size_t n, void **objs)
{
	kmem_cache_free_bulk(job->private, n, objs);
}

/* The thread's own name: concurrent creators must not collide in sysfs. */
static void *kmb_cache_create(struct kmb_job *job, size_t size)
{
	return kmem_cache_create(job->name, size, 0, 0, NULL);
}

static void kmb_cache_destroy(struct kmb_job *job, void *obj, size_t size)
{
	kmem_cache_destroy(obj);
}

static const struct kmb_allocator kmb_allocators[KMB_API_NR] = {
	[KMB_API_KMALLOC] = {
		.name = "kmalloc", .family = KMB_FAMILY_SLAB,
		.patterns = KMB_PATTERNS_ALL,
		.alloc = kmb_kmalloc, .free = kmb_kfree, .usable = kmb_ksize,
	},
	[KMB_API_KZALLOC] = {
		.name = "kzalloc", .family = KMB_FAMILY_SLAB,
		.patterns = KMB_PATTERNS_ALL,
		.alloc = kmb_kzalloc, .free = kmb_kfree, .usable = kmb_ksize,
	},
	[KMB_API_KCALLOC] = {
		.name = "kcalloc", .family = KMB_FAMILY_SLAB,
		.patterns = KMB_PATTERNS_ALL,
		.alloc = kmb_kcalloc, .free = kmb_kfree, .usable = kmb_ksize,
	},
	/* Timed: the chain's krealloc steps; the first kmalloc is the alloc. */
	[KMB_API_KREALLOC] = {
		.name = "krealloc", .family = KMB_FAMILY_SLAB,
		.patterns = BIT(KMB_PATTERN_PAIR) | BIT(KMB_PATTERN_HOLD),
		.alloc = kmb_kmalloc, .free = kmb_kfree, .usable = kmb_ksize,
		.resize = kmb_krealloc,
	},
	/* Falls back to vmalloc only when the flags may sleep. */
	[KMB_API_KVMALLOC] = {
		.name = "kvmalloc", .family = KMB_FAMILY_VMALLOC,
		.patterns = KMB_PATTERNS_ALL,
		.alloc = kmb_kvmalloc, .free = kmb_kvfree, .usable = kmb_kvsize,
	},
	/* vmalloc() and vzalloc() take no flags: GFP_KERNEL is implied. */
	[KMB_API_VMALLOC] = {
		.name = "vmalloc", .family = KMB_FAMILY_VMALLOC,
		.always_sleeps = true, .no_gfp = true,
		.patterns = KMB_PATTERNS_ALL,
		.alloc = kmb_vmalloc, .free = kmb_vfree,
	},
	[KMB_API_VZALLOC] = {
		.name = "vzalloc", .family = KMB_FAMILY_VMALLOC,
		.always_sleeps = true, .no_gfp = true,
		.patterns = KMB_PATTERNS_ALL,
		.alloc = kmb_vzalloc, .free = kmb_vfree,
	},
	[KMB_API_VMALLOC_GFP] = {
		.name = "__vmalloc", .family = KMB_FAMILY_VMALLOC,
		.always_sleeps = true,
		.patterns = KMB_PATTERNS_ALL,
		.alloc = kmb_vmalloc_gfp, .free = kmb_vfree,
	},
	[KMB_API_GET_FREE_PAGES] = {
		.name = "__get_free_pages", .family = KMB_FAMILY_PAGES,
		.gfp_forbidden = KMB_GFP_NO_HIGH,
		.patterns = KMB_PATTERNS_FIXED,
		.alloc = kmb_get_free_pages, .free = kmb_free_pages,
	},
	[KMB_API_GET_ZEROED_PAGE] = {
		.name = "get_zeroed_page", .family = KMB_FAMILY_PAGES,
		.order0 = true, .gfp_forbidden = KMB_GFP_NO_HIGH,
		.patterns = KMB_PATTERNS_FIXED,
		.alloc = kmb_get_zeroed_page, .free = kmb_free_page,
	},
	[KMB_API_ALLOC_PAGES] = {
		.name = "alloc_pages", .family = KMB_FAMILY_PAGES,
		.patterns = KMB_PATTERNS_FIXED,
		.alloc = kmb_alloc_pages, .free = kmb_free_struct_pages,
	},
	/* A cache created without SLAB_CACHE_DMA must not get DMA pages. */
	[KMB_API_KMEM_CACHE] = {
		.name = "kmem_cache", .family = KMB_FAMILY_SLAB,
		.cache = true,
		.gfp_forbidden = KMB_GFP(DMA),
		.patterns = KMB_PATTERNS_FIXED,
		.setup = kmb_cache_setup, .teardown = kmb_cache_teardown,
		.alloc = kmb_cache_alloc, .free = kmb_cache_free,
		.usable = kmb_cache_size,
	},
	[KMB_API_KMEM_CACHE_BULK] = {
		.name = "kmem_cache_bulk", .family = KMB_FAMILY_SLAB,
		.cache = true,
		.no_irq_off = true, .gfp_forbidden = KMB_GFP(DMA),
		.patterns = BIT(KMB_PATTERN_PAIR),
		.setup = kmb_cache_setup, .teardown = kmb_cache_teardown,
		.alloc = kmb_cache_alloc, .free = kmb_cache_free,
		.alloc_bulk = kmb_cache_alloc_bulk,
		.free_bulk = kmb_cache_free_bulk,
		.usable = kmb_cache_size,
	},
	/* Takes a mutex and builds sysfs entries: process context only. */
	[KMB_API_KMEM_CACHE_CREATE] = {
		.name = "kmem_cache_create", .family = KMB_FAMILY_SLAB,
		.cache = true,
		.always_sleeps = true, .no_gfp = true,
		.patterns = BIT(KMB_PATTERN_PAIR),
		.alloc = kmb_cache_create, .free = kmb_cache_destroy,
	},
	[KMB_API_KMALLOC_NODE] = {
		.name = "kmalloc_node", .family = KMB_FAMILY_SLAB,
		.node = true,
		.patterns = KMB_PATTERNS_ALL,
		.alloc = kmb_kmalloc_node, .free = kmb_kfree,
		.usable = kmb_ksize,
	},
	[KMB_API_ALLOC_PAGES_NODE] = {
		.name = "alloc_pages_node", .family = KMB_FAMILY_PAGES,
		.node = true,
		.patterns = KMB_PATTERNS_FIXED,
		.alloc = kmb_alloc_pages_node, .free = kmb_free_struct_pages,
	},
};

/**
 * kmb_allocator_get() - the table entry for an API number from user space
 * @api: enum kmb_api value, untrusted
 *
 * Return: the entry, or NULL when @api is out of range or not implemented.
 */
const struct kmb_allocator *kmb_allocator_get(u32 api)
{
	if (api >= KMB_API_NR || !kmb_allocators[api].alloc)
		return NULL;
	return &kmb_allocators[api];
}

u64 kmb_allocators_supported(void)
{
	u64 mask = 0;
	u32 api;

	for (api = 0; api < KMB_API_NR; api++)
		if (kmb_allocators[api].alloc)
			mask |= BIT_ULL(api);
	return mask;
}
