// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator table: every API kmembench times is one row of KMB_APIS
 * (uapi/kmembench_tables.h), in the manner of the test-case array of
 * lib/test_vmalloc.c; this file gives each row its ops. The functions are
 * thin on purpose: what sits between the two cycle-counter reads is the
 * API call and one indirect call, nothing else.
 */
#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/mempool.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "kmb_internal.h"

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

/* vmalloc_huge() since 5.18; vmalloc_huge_noprof() behind a macro since 6.10. */
static void *kmb_vmalloc_huge(struct kmb_job *job, size_t size)
{
	return vmalloc_huge(size, job->gfp);
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

static void *kmb_page_memory(void *obj)
{
	return page_address(obj);
}

static struct page *kmb_page_itself(void *obj)
{
	return obj;
}

static void kmb_free_struct_pages(struct kmb_job *job, void *obj, size_t size)
{
	__free_pages(obj, job->kcase.order);
}

static void kmb_kfree_sensitive(struct kmb_job *job, void *obj, size_t size)
{
	kfree_sensitive(obj);
}

/* What kfree_rcu() needs inside the object: its rcu_head. */
struct kmb_rcu_obj {
	struct rcu_head rcu;
};

/*
 * Queues @obj for a grace period; the kernel frees it later, untimed. The
 * engine refuses objects below KMB_RCU_MIN_SIZE, which holds an rcu_head.
 */
static void kmb_kfree_rcu(struct kmb_job *job, void *obj, size_t size)
{
	struct kmb_rcu_obj *r = obj;

	BUILD_BUG_ON(sizeof(struct kmb_rcu_obj) > KMB_RCU_MIN_SIZE);
	kfree_rcu(r, rcu);
}

/*
 * kvfree_rcu() with the rcu_head inside the object, vmalloc'd or not: the
 * two-argument form never sleeps (the one-argument form may).
 */
static void kmb_kvfree_rcu(struct kmb_job *job, void *obj, size_t size)
{
	struct kmb_rcu_obj *r = obj;

	kvfree_rcu(r, rcu);
}

static void *kmb_alloc_pages_exact(struct kmb_job *job, size_t size)
{
	return alloc_pages_exact(size, job->gfp);
}

static void kmb_free_pages_exact(struct kmb_job *job, void *obj, size_t size)
{
	free_pages_exact(obj, size);
}

/* Whole pages back a byte size: the slack figures show the rounding. */
static size_t kmb_page_aligned(struct kmb_job *job, void *obj, size_t size)
{
	return PAGE_ALIGN(size);
}

/*
 * Reserve elements of the pool: a driver keeps a few for the allocations
 * that must not fail. The pool is full when the case starts, so an
 * allocation takes kmalloc's path and a free kfree's, with the pool's
 * checks and lock around them.
 */
#define KMB_MEMPOOL_MIN_NR	4

/* One kmalloc-backed pool of the case's size, shared by its threads. */
static int kmb_mempool_setup(struct kmb_job *job)
{
	job->private = mempool_create_kmalloc_pool(KMB_MEMPOOL_MIN_NR,
						   job->kcase.size);
	return job->private ? 0 : -ENOMEM;
}

static void kmb_mempool_teardown(struct kmb_job *job)
{
	mempool_destroy(job->private);
	job->private = NULL;
}

static void *kmb_mempool_alloc(struct kmb_job *job, size_t size)
{
	return mempool_alloc(job->private, job->gfp);
}

static void kmb_mempool_free(struct kmb_job *job, void *obj, size_t size)
{
	mempool_free(obj, job->private);
}

/**
 * struct kmb_vmap_pages - the pages a vmap case maps, allocated untimed
 * @count: pages in @pages, PAGE_ALIGN(size) / PAGE_SIZE
 * @pages: order-0 pages; every object of the case maps all of them
 */
struct kmb_vmap_pages {
	unsigned int count;
	struct page *pages[];
};

static void kmb_vmap_teardown(struct kmb_job *job)
{
	struct kmb_vmap_pages *vp = job->private;
	unsigned int i;

	if (!vp)
		return;
	for (i = 0; i < vp->count; i++)
		if (vp->pages[i])
			__free_page(vp->pages[i]);
	kvfree(vp);
	job->private = NULL;
}

/*
 * The pages every mapping of the case shows, one set for all threads: a
 * page may be mapped at several addresses at once, as a driver maps the
 * same buffer into several places.
 */
static int kmb_vmap_setup(struct kmb_job *job)
{
	u64 count = PAGE_ALIGN(job->kcase.size) >> PAGE_SHIFT;
	struct kmb_vmap_pages *vp;
	unsigned int i;

	if (count > UINT_MAX / 2)
		return -EINVAL;
	vp = kvzalloc(struct_size(vp, pages, count), GFP_KERNEL | __GFP_NOWARN);
	if (!vp)
		return -ENOMEM;
	vp->count = count;
	job->private = vp;
	for (i = 0; i < vp->count; i++) {
		vp->pages[i] = alloc_page(GFP_KERNEL | __GFP_NOWARN);
		if (!vp->pages[i]) {
			kmb_vmap_teardown(job);
			return -ENOMEM;
		}
		cond_resched();
	}
	return 0;
}

static void *kmb_vmap(struct kmb_job *job, size_t size)
{
	struct kmb_vmap_pages *vp = job->private;

	return vmap(vp->pages, vp->count, VM_MAP, PAGE_KERNEL);
}

static void kmb_vunmap(struct kmb_job *job, void *obj, size_t size)
{
	vunmap(obj);
}

static void *kmb_vm_map_ram(struct kmb_job *job, size_t size)
{
	struct kmb_vmap_pages *vp = job->private;

	return vm_map_ram(vp->pages, vp->count, NUMA_NO_NODE);
}

static void kmb_vm_unmap_ram(struct kmb_job *job, void *obj, size_t size)
{
	struct kmb_vmap_pages *vp = job->private;

	vm_unmap_ram(obj, vp->count);
}

/*
 * Fills @objs with @n order-0 pages, or none: one call is one timed
 * operation of @n pages, so a partial batch is given back and counted as a
 * failure. The array is cleared first, as every caller must: the kernel
 * only fills the empty slots.
 */
static int kmb_pages_alloc_bulk(struct kmb_job *job, size_t n, void **objs)
{
	struct page **pages = (struct page **)objs;
	unsigned long got;

	memset(pages, 0, n * sizeof(*pages));
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
	got = alloc_pages_bulk(job->gfp, n, pages);
#else
	got = alloc_pages_bulk_array(job->gfp, n, pages);
#endif
	if (got == n)
		return n;
	while (got)
		__free_page(pages[--got]);
	return 0;
}

static void kmb_pages_free_bulk(struct kmb_job *job, size_t n, void **objs)
{
	size_t i;

	for (i = 0; i < n; i++)
		__free_page(objs[i]);
}

/*
 * One cache per case, shared by its threads as a driver's cache is shared
 * by its CPUs. Created without special flags, so the kernel may merge it
 * with a compatible cache, as it would a driver's.
 */
static int kmb_cache_make(struct kmb_job *job, slab_flags_t flags,
			  void (*ctor)(void *))
{
	job->private = kmem_cache_create("kmembench", job->kcase.size, 0, flags,
					 ctor);
	return job->private ? 0 : -ENOMEM;
}

static int kmb_cache_setup(struct kmb_job *job)
{
	return kmb_cache_make(job, 0, NULL);
}

/*
 * The constructor of kmem_cache_ctor's cache. It stores one byte, so what
 * the row measures is what any constructor brings (a call per object when
 * a slab is made, a cache that is never merged, the free pointer kept
 * outside the object), not the work of a particular one.
 */
static void kmb_cache_ctor(void *obj)
{
	*(u8 *)obj = 0;
}

static int kmb_cache_ctor_setup(struct kmb_job *job)
{
	return kmb_cache_make(job, 0, kmb_cache_ctor);
}

/* Objects aligned to the cache line, as SLAB_HWCACHE_ALIGN users ask. */
static int kmb_cache_hwalign_setup(struct kmb_job *job)
{
	return kmb_cache_make(job, SLAB_HWCACHE_ALIGN, NULL);
}

/*
 * A cache that is never merged, so that kmem_cache_shrink() empties only
 * the case's slabs. SLAB_NO_MERGE says so since 6.5; before it, a usercopy
 * region over the whole object does (with CONFIG_HARDENED_USERCOPY, which
 * Debian's kernels have).
 */
static int kmb_cache_unmerged_setup(struct kmb_job *job)
{
#ifdef SLAB_NO_MERGE
	return kmb_cache_make(job, SLAB_NO_MERGE, NULL);
#else
	job->private = kmem_cache_create_usercopy("kmembench", job->kcase.size,
						  0, 0, 0, job->kcase.size,
						  NULL);
	return job->private ? 0 : -ENOMEM;
#endif
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

static void kmb_cache_shrink(struct kmb_job *job)
{
	kmem_cache_shrink(job->private);
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

/*
 * The ops of each row of KMB_APIS (uapi/kmembench_tables.h), by its stem:
 * KMB_OPS_<id>. The traits come from the row; a row without ops here does
 * not build. @probe: the API's hooks for KMB_IOC_PROBE (kmb_probe_hooks.c),
 * where it has them.
 */
#define KMB_OPS_kmalloc \
	.alloc = kmb_kmalloc, .free = kmb_kfree, .usable = kmb_ksize, \
	.probe = &kmb_probe_kmalloc
#define KMB_OPS_kzalloc \
	.alloc = kmb_kzalloc, .free = kmb_kfree, .usable = kmb_ksize, \
	.probe = &kmb_probe_kzalloc, .zeroes = true
#define KMB_OPS_kcalloc \
	.alloc = kmb_kcalloc, .free = kmb_kfree, .usable = kmb_ksize, \
	.zeroes = true
#define KMB_OPS_krealloc \
	.alloc = kmb_kmalloc, .free = kmb_kfree, .usable = kmb_ksize, \
	.resize = kmb_krealloc
#define KMB_OPS_kvmalloc \
	.alloc = kmb_kvmalloc, .free = kmb_kvfree, .usable = kmb_kvsize, \
	.probe = &kmb_probe_kvmalloc
#define KMB_OPS_vmalloc \
	.alloc = kmb_vmalloc, .free = kmb_vfree, .probe = &kmb_probe_vmalloc
#define KMB_OPS_vzalloc \
	.alloc = kmb_vzalloc, .free = kmb_vfree, .zeroes = true
#define KMB_OPS_vmalloc_gfp \
	.alloc = kmb_vmalloc_gfp, .free = kmb_vfree, .probe = &kmb_probe_vmalloc
#define KMB_OPS_vmalloc_huge \
	.alloc = kmb_vmalloc_huge, .free = kmb_vfree
#define KMB_OPS_get_free_pages \
	.alloc = kmb_get_free_pages, .free = kmb_free_pages
#define KMB_OPS_get_zeroed_page \
	.alloc = kmb_get_zeroed_page, .free = kmb_free_page, .zeroes = true
#define KMB_OPS_alloc_pages \
	.alloc = kmb_alloc_pages, .free = kmb_free_struct_pages, \
	.probe = &kmb_probe_alloc_pages, .memory = kmb_page_memory, \
	.page = kmb_page_itself
#define KMB_OPS_kmem_cache \
	.setup = kmb_cache_setup, .teardown = kmb_cache_teardown, \
	.alloc = kmb_cache_alloc, .free = kmb_cache_free, \
	.usable = kmb_cache_size, .probe = &kmb_probe_kmem_cache
#define KMB_OPS_kmem_cache_bulk \
	.setup = kmb_cache_setup, .teardown = kmb_cache_teardown, \
	.alloc = kmb_cache_alloc, .free = kmb_cache_free, \
	.alloc_bulk = kmb_cache_alloc_bulk, \
	.free_bulk = kmb_cache_free_bulk, .usable = kmb_cache_size
#define KMB_OPS_kmem_cache_create \
	.alloc = kmb_cache_create, .free = kmb_cache_destroy
#define KMB_OPS_kmalloc_node \
	.alloc = kmb_kmalloc_node, .free = kmb_kfree, .usable = kmb_ksize
#define KMB_OPS_alloc_pages_node \
	.alloc = kmb_alloc_pages_node, .free = kmb_free_struct_pages, \
	.memory = kmb_page_memory, .page = kmb_page_itself
#define KMB_OPS_kfree_sensitive \
	.alloc = kmb_kmalloc, .free = kmb_kfree_sensitive, .usable = kmb_ksize
#define KMB_OPS_alloc_pages_exact \
	.alloc = kmb_alloc_pages_exact, .free = kmb_free_pages_exact, \
	.usable = kmb_page_aligned
#define KMB_OPS_mempool \
	.setup = kmb_mempool_setup, .teardown = kmb_mempool_teardown, \
	.alloc = kmb_mempool_alloc, .free = kmb_mempool_free, \
	.usable = kmb_ksize
#define KMB_OPS_kmem_cache_ctor \
	.setup = kmb_cache_ctor_setup, .teardown = kmb_cache_teardown, \
	.alloc = kmb_cache_alloc, .free = kmb_cache_free, \
	.usable = kmb_cache_size
#define KMB_OPS_kmem_cache_hwalign \
	.setup = kmb_cache_hwalign_setup, .teardown = kmb_cache_teardown, \
	.alloc = kmb_cache_alloc, .free = kmb_cache_free, \
	.usable = kmb_cache_size
#define KMB_OPS_kmem_cache_shrink \
	.setup = kmb_cache_unmerged_setup, .teardown = kmb_cache_teardown, \
	.alloc = kmb_cache_alloc, .free = kmb_cache_free, \
	.shrink = kmb_cache_shrink, .usable = kmb_cache_size
#define KMB_OPS_kfree_rcu \
	.alloc = kmb_kmalloc, .free = kmb_kfree_rcu, .usable = kmb_ksize
#define KMB_OPS_kvfree_rcu \
	.alloc = kmb_kvmalloc, .free = kmb_kvfree_rcu, .usable = kmb_kvsize
#define KMB_OPS_vmap \
	.setup = kmb_vmap_setup, .teardown = kmb_vmap_teardown, \
	.alloc = kmb_vmap, .free = kmb_vunmap, .usable = kmb_page_aligned
#define KMB_OPS_alloc_pages_bulk \
	.alloc = kmb_alloc_pages, .free = kmb_free_struct_pages, \
	.alloc_bulk = kmb_pages_alloc_bulk, .free_bulk = kmb_pages_free_bulk, \
	.memory = kmb_page_memory, .page = kmb_page_itself
#define KMB_OPS_vm_map_ram \
	.setup = kmb_vmap_setup, .teardown = kmb_vmap_teardown, \
	.alloc = kmb_vm_map_ram, .free = kmb_vm_unmap_ram, \
	.usable = kmb_page_aligned

#define KMB_OPS_dma_coherent \
	.setup = kmb_dma_coherent_setup, \
	.teardown = kmb_dma_coherent_teardown, \
	.alloc = kmb_dma_coherent_alloc, .free = kmb_dma_coherent_free, \
	.probe = &kmb_probe_dma_coherent
#define KMB_OPS_dma_map_single \
	.setup = kmb_dma_map_setup, .teardown = kmb_dma_map_teardown, \
	.alloc = kmb_dma_map_alloc, .free = kmb_dma_map_free, \
	.memory = kmb_dma_map_memory
#define KMB_OPS_dma_cma \
	.setup = kmb_dma_cma_setup, .teardown = kmb_dma_coherent_teardown, \
	.alloc = kmb_dma_coherent_alloc, .free = kmb_dma_coherent_free, \
	.probe = &kmb_probe_dma_cma

#define KMB_ALLOCATOR(ID, id, name_, family_, flags_, forbidden, patterns_) \
	[KMB_API_##ID] = {						\
		.name = name_,						\
		.family = KMB_FAMILY_##family_,				\
		.flags = (flags_),					\
		.node = (flags_) & KMB_APIF_NODE,			\
		.order0 = (flags_) & KMB_APIF_ORDER0,			\
		.cache = (flags_) & KMB_APIF_CACHE,			\
		.gfp_forbidden = (forbidden),				\
		.patterns = (patterns_),				\
		KMB_OPS_##id						\
	},

static const struct kmb_allocator kmb_allocators[KMB_API_NR] = {
	KMB_APIS(KMB_ALLOCATOR)
};

/*
 * Whether row @a is implemented, and its ops agree with the flags the
 * runner reads: the resize, shrink and bulk phases exist on both sides or
 * neither.
 */
static bool kmb_allocator_ok(const struct kmb_allocator *a)
{
	return a->alloc && a->free &&
	       !(a->flags & KMB_APIF_RESIZE) == !a->resize &&
	       !(a->flags & KMB_APIF_SHRINK) == !a->shrink &&
	       !(a->flags & KMB_APIF_BULK) == !a->alloc_bulk &&
	       !a->alloc_bulk == !a->free_bulk;
}

/**
 * kmb_allocator_get() - the table entry for an API number from user space
 * @api: enum kmb_api value, untrusted
 *
 * Return: the entry, or NULL when @api is out of range or not implemented.
 */
const struct kmb_allocator *kmb_allocator_get(u32 api)
{
	if (api >= KMB_API_NR || !kmb_allocator_ok(&kmb_allocators[api]))
		return NULL;
	return &kmb_allocators[api];
}

/**
 * kmb_allocators_supported() - the APIs this module implements
 *
 * A row whose resize and bulk ops disagree with its flags is left out, so
 * that the runner, which reads the flags, never expects phases the module
 * does not run.
 *
 * Return: bit i set for every implemented API i (kmb_info.api_supported).
 */
u64 kmb_allocators_supported(void)
{
	u64 mask = 0;
	u32 api;

	for (api = 0; api < KMB_API_NR; api++)
		if (kmb_allocator_ok(&kmb_allocators[api]))
			mask |= BIT_ULL(api);
	return mask;
}
