// SPDX-License-Identifier: GPL-2.0
/*
 * Verify mode (KMB_RUN_VERIFY): before a case is timed, a few of its objects
 * are allocated with the case's API, size and flags, one at a time, and
 * checked against what the API promises (KMB_VERIFY_PROPS): zeroed memory
 * where the API or __GFP_ZERO says so, krealloc keeping the old bytes,
 * physical contiguity of kmalloc and page memory, alignment, and the zone
 * of every page against the GFP flags. The checks read struct pages and
 * the objects' bytes only; the answer is bits and counts, never an address.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "kmb_internal.h"

/**
 * DOC: verify_spoil
 *
 * verify_spoil: validation only. The name of one verify property (zeroed,
 * keeps-contents, contiguous, aligned, zone) whose check is fed a spoiled
 * input: a byte written into a zeroed object, a byte flipped after
 * krealloc, an address one byte off, a page frame number one off, a zone
 * limit below the lowest zone. It shows that the check, its report and
 * the runner's exit status can fail. An unknown name makes the module
 * refuse to load (-EINVAL).
 */
static char *verify_spoil;
module_param(verify_spoil, charp, 0444);
MODULE_PARM_DESC(verify_spoil,
		 "validation only: verify property whose check is fed a spoiled input");

#define KMB_VERIFY_NAME(ID, name)	[KMB_VERIFY_##ID] = name,
static const char *const kmb_verify_names[KMB_VERIFY_NR] = {
	KMB_VERIFY_PROPS(KMB_VERIFY_NAME)
};

/* The names in one string, for verify_spoil's error. */
#define KMB_VERIFY_LIST(ID, name)	name " "

/* BIT(KMB_VERIFY_*) of the property verify_spoil names, or 0. */
static u32 kmb_spoil __ro_after_init;

/* Pages walked between two looks at the scheduler. */
#define KMB_VERIFY_RESCHED_PAGES	512

/**
 * struct kmb_verify - one object's checks
 * @job: the case
 * @obj: what the API returned
 * @mem: the kernel address of its memory, or NULL (a struct page without
 *	one)
 * @size: its bytes
 * @checked: BIT(KMB_VERIFY_*) checked on it
 * @failed: those it broke
 * @scattered: its pages are not physically consecutive
 * @zones: BIT(KMB_ZONE_*) of its pages
 */
struct kmb_verify {
	struct kmb_job *job;
	void *obj;
	void *mem;
	size_t size;
	u32 checked;
	u32 failed;
	bool scattered;
	u32 zones;
};

static bool kmb_spoils(enum kmb_verify_prop prop)
{
	return kmb_spoil & BIT(prop);
}

static void kmb_verify_result(struct kmb_verify *v, enum kmb_verify_prop prop,
			      bool holds)
{
	v->checked |= BIT(prop);
	if (!holds)
		v->failed |= BIT(prop);
}

/* Page @off bytes into the object, or NULL when its memory is not mapped. */
static struct page *kmb_verify_page_at(const struct kmb_verify *v, size_t off)
{
	const u8 *p = (const u8 *)v->mem + off;

	if (!v->mem)
		return nth_page(v->job->ops->page(v->obj), off >> PAGE_SHIFT);
	if (is_vmalloc_addr(p))
		return vmalloc_to_page(p);
	return virt_addr_valid(p) ? virt_to_page(p) : NULL;
}

/*
 * Every page of the object: which zone it came from, against the highest
 * zone the GFP flags allow (the allocator may fall back to lower zones,
 * never go above), and whether the frames are consecutive. Memory outside
 * vmalloc space must be (kmalloc's, the page allocator's and dma-direct's
 * promise), and a slab object must lie within one slab; vmalloc memory need not be, and
 * only says how often it was not.
 */
static void kmb_verify_pages(struct kmb_verify *v)
{
	bool mapped = v->mem && is_vmalloc_addr(v->mem);
	int zone_limit = kmb_spoils(KMB_VERIFY_ZONE) ? -1 :
			 (int)gfp_zone(v->job->gfp);
	size_t lead = v->mem ? offset_in_page(v->mem) : 0;
	size_t off, span = lead + v->size;
	unsigned long first = 0;
	bool zone_ok = true, consecutive = true, whole = true;

	for (off = 0; off < span; off += PAGE_SIZE) {
		struct page *page = kmb_verify_page_at(v, off ? off - lead : 0);
		unsigned long pfn;

		if (!page) {
			whole = false;
			break;
		}
		pfn = page_to_pfn(page);
		if (!off)
			first = pfn + kmb_spoils(KMB_VERIFY_CONTIGUOUS);
		if (pfn != first + (off >> PAGE_SHIFT))
			consecutive = false;
		v->zones |= BIT(kmb_zone_of(page));
		if ((int)page_zonenum(page) > zone_limit)
			zone_ok = false;
		if (!((off >> PAGE_SHIFT) % KMB_VERIFY_RESCHED_PAGES))
			cond_resched();
	}
	kmb_verify_result(v, KMB_VERIFY_ZONE, whole && zone_ok);
	if (mapped) {
		v->scattered = !consecutive;
		return;
	}
	if (v->mem && v->job->ops->family == KMB_FAMILY_SLAB)
		whole = whole && virt_to_head_page(v->mem) ==
			virt_to_head_page((u8 *)v->mem + v->size - 1);
	kmb_verify_result(v, KMB_VERIFY_CONTIGUOUS, whole && consecutive);
}

/*
 * The page allocator's blocks are aligned to their order, vmalloc gives
 * whole pages, a kmem_cache without an align argument promises
 * ARCH_SLAB_MINALIGN, kmalloc ARCH_KMALLOC_MINALIGN and for a power-of-two
 * size the size itself (Documentation/core-api/memory-allocation.rst).
 */
static void kmb_verify_aligned(struct kmb_verify *v)
{
	const struct kmb_allocator *ops = v->job->ops;
	unsigned long addr, need;

	if (v->mem)
		addr = (unsigned long)v->mem;
	else
		addr = page_to_pfn(ops->page(v->obj)) << PAGE_SHIFT;
	if (ops->family == KMB_FAMILY_PAGES)
		need = PAGE_SIZE << v->job->kcase.order;
	else if (is_vmalloc_addr(v->mem))
		need = PAGE_SIZE;
	else if (ops->cache)
		need = ARCH_SLAB_MINALIGN;
	else if (is_power_of_2(v->size))
		need = max_t(unsigned long, v->size, ARCH_KMALLOC_MINALIGN);
	else
		need = ARCH_KMALLOC_MINALIGN;
	addr += kmb_spoils(KMB_VERIFY_ALIGNED);
	kmb_verify_result(v, KMB_VERIFY_ALIGNED, IS_ALIGNED(addr, need));
}

/*
 * A DMA object's first bytes hold its handle (kmb_dma.c), not what the
 * API returned: its zeroing is not this module's to see.
 */
static void kmb_verify_zeroed(struct kmb_verify *v)
{
	if (!v->mem || !(v->job->ops->zeroes || v->job->gfp & __GFP_ZERO) ||
	    v->job->ops->family == KMB_FAMILY_DMA)
		return;
	if (kmb_spoils(KMB_VERIFY_ZEROED))
		((u8 *)v->mem)[v->size - 1] = 0x5a;
	kmb_verify_result(v, KMB_VERIFY_ZEROED,
			  !memchr_inv(v->mem, 0, v->size));
}

/* A byte pattern that a shifted or truncated copy cannot match. */
static u8 kmb_verify_byte(size_t i)
{
	return (u8)(i * 31 + 7 + (i >> 8));
}

static void kmb_verify_fill(u8 *p, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		p[i] = kmb_verify_byte(i);
}

static bool kmb_verify_kept(const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != kmb_verify_byte(i))
			return false;
	return true;
}

/*
 * krealloc: grow to the case's size_max and shrink back, the old bytes
 * kept each time, wherever the object moved. Returns the object to free.
 */
static void *kmb_verify_resize(struct kmb_verify *v)
{
	const struct kmb_allocator *ops = v->job->ops;
	size_t big = v->job->kcase.size_max;
	u8 *grown, *shrunk;

	kmb_verify_fill(v->obj, 0, v->size);
	grown = ops->resize(v->job, v->obj, big);
	if (!grown)
		return v->obj;
	if (kmb_spoils(KMB_VERIFY_KEEPS))
		grown[0] ^= 0xff;
	kmb_verify_result(v, KMB_VERIFY_KEEPS, kmb_verify_kept(grown, v->size));
	kmb_verify_fill(grown, 0, big);
	shrunk = ops->resize(v->job, grown, v->size);
	if (!shrunk)
		return grown;
	kmb_verify_result(v, KMB_VERIFY_KEEPS, kmb_verify_kept(shrunk, v->size));
	return shrunk;
}

/* One object of @size bytes: allocated, checked, freed. */
static void kmb_verify_one(struct kmb_job *job, struct kmb_run *run,
			   size_t size)
{
	const struct kmb_allocator *ops = job->ops;
	struct kmb_verify v = { .job = job, .size = size };
	void *obj;

	v.obj = ops->alloc(job, size);
	if (!v.obj)
		return;
	v.mem = ops->memory ? ops->memory(v.obj) : v.obj;
	kmb_verify_zeroed(&v);
	kmb_verify_aligned(&v);
	kmb_verify_pages(&v);
	obj = ops->resize ? kmb_verify_resize(&v) : v.obj;
	ops->free(job, obj, size);

	run->verify_objects++;
	run->verify_checked |= v.checked;
	run->verify_failed |= v.failed;
	run->verify_scattered += v.scattered;
	run->verify_zones |= v.zones;
}

/**
 * kmb_verify_case() - KMB_RUN_VERIFY: check a few of the case's objects
 * @job: the case, its allocator set up (@job->private)
 * @run: where the answer goes (kmb_run.verify_*)
 *
 * Called in the ioctl's process context before the case's threads start,
 * whatever context the case is timed in: its flags say what the allocation
 * may do, and they are the case's own. Holds one object at a time, so the
 * case's headroom check covers it. APIs whose object is not memory
 * (kmem_cache_create) are not checked.
 */
void kmb_verify_case(struct kmb_job *job, struct kmb_run *run)
{
	const struct kmb_case *kc = &job->kcase;
	size_t size;
	u32 i;

	if (job->ops->flags & KMB_APIF_CREATE)
		return;
	if (job->ops->family == KMB_FAMILY_PAGES &&
	    !(job->ops->flags & KMB_APIF_BYTES))
		size = PAGE_SIZE << kc->order;
	else
		size = kc->size;
	for (i = 0; i < KMB_VERIFY_OBJECTS; i++) {
		kmb_verify_one(job, run, size);
		cond_resched();
	}
}

/**
 * kmb_verify_init() - resolve the verify_spoil parameter at module load
 *
 * Return: 0, or -EINVAL for a name that is not a verify property.
 */
int __init kmb_verify_init(void)
{
	u32 i;

	if (!verify_spoil)
		return 0;
	for (i = 0; i < KMB_VERIFY_NR; i++) {
		if (!strcmp(verify_spoil, kmb_verify_names[i])) {
			kmb_spoil = BIT(i);
			pr_info("verify_spoil=%s: validation mode, checks of this property are fed a spoiled input\n",
				verify_spoil);
			return 0;
		}
	}
	pr_err("verify_spoil=%s: no such property; one of: %s\n",
	       verify_spoil, KMB_VERIFY_PROPS(KMB_VERIFY_LIST));
	return -EINVAL;
}
