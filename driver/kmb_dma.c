// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA API rows of KMB_APIS: dma_alloc_coherent(), dma_map_single() and
 * dma_alloc_coherent() of sizes only CMA can grant, each through a platform
 * device the module owns. One device per DMA mask width: the 64- and 32-bit
 * ones are registered at load, any other width when a case first asks for
 * it, and all of them are unregistered at unload. A width the platform
 * refuses leaves no device behind and fails the case with -EIO.
 *
 * No DMA address leaves the module: a coherent buffer keeps its handle in
 * its own first bytes (the CPU owns coherent memory), a streaming mapping
 * in the module's slot for its buffer.
 */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "kmb_internal.h"

#define KMB_DMA_DEV_NAME	"kmembench-dma"

/* The devices, by mask width; kmb_dma_lock guards the array. */
static struct platform_device *kmb_dma_devs[KMB_DMA_MASK_BITS_MAX + 1];
static DEFINE_MUTEX(kmb_dma_lock);

/*
 * Registers the device of @bits and gives it that mask. Called with
 * kmb_dma_lock held. A mask the platform refuses unregisters the device
 * again: -EIO, nothing kept.
 */
static int kmb_dma_register(u32 bits)
{
	struct platform_device *pdev;
	int ret;

	pdev = platform_device_alloc(KMB_DMA_DEV_NAME, bits);
	if (!pdev)
		return -ENOMEM;
	ret = platform_device_add(pdev);
	if (ret) {
		platform_device_put(pdev);
		return ret;
	}
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(bits));
	if (ret) {
		platform_device_unregister(pdev);
		return -EIO;
	}
	kmb_dma_devs[bits] = pdev;
	return 0;
}

/**
 * kmb_dma_device() - the module's device with a @bits-bit DMA mask
 * @bits: the mask's width, KMB_DMA_MASK_BITS_MIN to KMB_DMA_MASK_BITS_MAX
 *
 * Process context: registers the device the first time a width is asked
 * for.
 *
 * Return: the device, or ERR_PTR(-EINVAL) for a width out of range,
 * ERR_PTR(-EIO) when the platform refuses the mask, ERR_PTR(-ENOMEM) or
 * the driver core's error when the device cannot be registered,
 * ERR_PTR(-EINTR) when a signal came while waiting for another caller.
 */
struct device *kmb_dma_device(u32 bits)
{
	struct device *dev;
	int ret = 0;

	if (bits < KMB_DMA_MASK_BITS_MIN || bits > KMB_DMA_MASK_BITS_MAX)
		return ERR_PTR(-EINVAL);
	if (mutex_lock_interruptible(&kmb_dma_lock))
		return ERR_PTR(-EINTR);
	if (!kmb_dma_devs[bits])
		ret = kmb_dma_register(bits);
	dev = ret ? ERR_PTR(ret) : &kmb_dma_devs[bits]->dev;
	mutex_unlock(&kmb_dma_lock);
	return dev;
}

/**
 * kmb_dma_exit() - unregisters every device of the module
 */
void kmb_dma_exit(void)
{
	u32 bits;

	mutex_lock(&kmb_dma_lock);
	for (bits = 0; bits <= KMB_DMA_MASK_BITS_MAX; bits++) {
		if (kmb_dma_devs[bits])
			platform_device_unregister(kmb_dma_devs[bits]);
		kmb_dma_devs[bits] = NULL;
	}
	mutex_unlock(&kmb_dma_lock);
}

/**
 * kmb_dma_init() - registers the 64- and the 32-bit device at load
 *
 * Return: 0, or the error of the first that failed (none is kept then).
 */
int kmb_dma_init(void)
{
	static const u32 widths[] = { 64, 32 };
	struct device *dev;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(widths); i++) {
		dev = kmb_dma_device(widths[i]);
		if (IS_ERR(dev)) {
			kmb_dma_exit();
			return PTR_ERR(dev);
		}
	}
	return 0;
}

/* dma_alloc_coherent and its CMA row: the device is the case's state. */
int kmb_dma_coherent_setup(struct kmb_job *job)
{
	struct device *dev = kmb_dma_device(job->kcase.dma_mask_bits);

	if (IS_ERR(dev))
		return PTR_ERR(dev);
	job->private = dev;
	return 0;
}

/*
 * Only sizes above the buddy allocator's largest block, which nothing but a
 * CMA area can grant, and only on a kernel that has CMA for DMA.
 */
int kmb_dma_cma_setup(struct kmb_job *job)
{
	if (!IS_ENABLED(CONFIG_DMA_CMA))
		return -EINVAL;
	if (job->kcase.size < kmb_dma_cma_min_size(PAGE_SIZE,
						   KMB_MAX_PAGE_ORDER))
		return -EINVAL;
	return kmb_dma_coherent_setup(job);
}

void kmb_dma_coherent_teardown(struct kmb_job *job)
{
	job->private = NULL;
}

/*
 * The handle goes into the buffer's first bytes, for the free: the DMA API
 * hands out whole pages (dma-direct and the IOMMU paths alike), so even a
 * 1-byte request has room for it.
 */
void *kmb_dma_coherent_alloc(struct kmb_job *job, size_t size)
{
	dma_addr_t handle;
	void *buf = dma_alloc_coherent(job->private, size, &handle, job->gfp);

	if (buf)
		*(dma_addr_t *)buf = handle;
	return buf;
}

void kmb_dma_coherent_free(struct kmb_job *job, void *obj, size_t size)
{
	dma_free_coherent(job->private, size, obj, *(dma_addr_t *)obj);
}

/**
 * struct kmb_dma_slot - one buffer of a streaming-mapping case
 * @next: the next free slot of the same thread
 * @buf: the kmalloc'd buffer, made before timing
 * @addr: its DMA address while it is mapped
 */
struct kmb_dma_slot {
	struct kmb_dma_slot *next;
	void *buf;
	dma_addr_t addr;
};

/**
 * struct kmb_dma_map - a streaming-mapping case's buffers
 * @dev: the device they are mapped for
 * @nslots: slots in @slots
 * @free: per thread, its list of unmapped slots (each thread maps and
 *	unmaps its own, so the lists need no lock)
 * @slots: the buffers
 */
struct kmb_dma_map {
	struct device *dev;
	size_t nslots;
	struct kmb_dma_slot **free;
	struct kmb_dma_slot slots[];
};

#define KMB_DMA_HOLDS(ID, run, name, min_threads, holds_batch) \
	[KMB_PATTERN_##ID] = holds_batch,

static const bool kmb_dma_holds_batch[KMB_PATTERN_NR] = {
	KMB_PATTERNS(KMB_DMA_HOLDS)
};

void kmb_dma_map_teardown(struct kmb_job *job)
{
	struct kmb_dma_map *m = job->private;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nslots; i++) {
		kfree(m->slots[i].buf);
		if (i % 1024 == 1023)
			cond_resched();
	}
	kfree(m->free);
	kvfree(m);
	job->private = NULL;
}

/*
 * A buffer for every object a thread can hold at once (a batch and the
 * pair a hold pattern times beside it), from a zone the device reaches
 * when its mask does not cover all memory, so that no mapping bounces.
 */
int kmb_dma_map_setup(struct kmb_job *job)
{
	const struct kmb_case *kc = &job->kcase;
	size_t per = kmb_dma_holds_batch[kc->pattern] ? kc->batch + 1 : 1;
	struct device *dev = kmb_dma_device(kc->dma_mask_bits);
	struct kmb_dma_map *m;
	size_t n, i;
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	u32 t;

	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (kc->size > KMALLOC_MAX_SIZE)
		return -EINVAL;
	if (check_mul_overflow(per, (size_t)kc->threads, &n))
		return -ENOMEM;
	m = kvzalloc(struct_size(m, slots, n), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	job->private = m;
	m->dev = dev;
	m->free = kcalloc(kc->threads, sizeof(*m->free), GFP_KERNEL);
	if (!m->free)
		goto nomem;
	if (dma_addressing_limited(dev))
		gfp |= GFP_DMA;
	for (i = 0; i < n; i++) {
		m->slots[i].buf = kmalloc(kc->size, gfp);
		if (!m->slots[i].buf)
			goto nomem;
		m->nslots = i + 1;
		t = i / per;
		m->slots[i].next = m->free[t];
		m->free[t] = &m->slots[i];
		if (fatal_signal_pending(current)) {
			kmb_dma_map_teardown(job);
			return -EINTR;
		}
		if (i % 1024 == 1023)
			cond_resched();
	}
	return 0;
nomem:
	kmb_dma_map_teardown(job);
	return -ENOMEM;
}

void *kmb_dma_map_alloc(struct kmb_job *job, size_t size)
{
	struct kmb_dma_map *m = job->private;
	struct kmb_dma_slot *s = m->free[job->thread];

	if (!s)
		return NULL;
	s->addr = dma_map_single(m->dev, s->buf, size, DMA_TO_DEVICE);
	if (dma_mapping_error(m->dev, s->addr))
		return NULL;
	m->free[job->thread] = s->next;
	return s;
}

/* The mapped buffer behind a slot that kmb_dma_map_alloc() returned. */
void *kmb_dma_map_memory(void *obj)
{
	return ((struct kmb_dma_slot *)obj)->buf;
}

void kmb_dma_map_free(struct kmb_job *job, void *obj, size_t size)
{
	struct kmb_dma_map *m = job->private;
	struct kmb_dma_slot *s = obj;

	dma_unmap_single(m->dev, s->addr, size, DMA_TO_DEVICE);
	s->next = m->free[job->thread];
	m->free[job->thread] = s;
}

/* Probes: dma_alloc_coherent() once, through the TRY's device. */
static void *kmb_probe_dma_alloc(struct kmb_probe_obj *o, u64 size, gfp_t gfp)
{
	void *buf = dma_alloc_coherent(o->dev, size, &o->handle, gfp);

	o->bytes = size;
	return buf;
}

static void kmb_probe_dma_free(struct kmb_probe_obj *o)
{
	dma_free_coherent(o->dev, o->bytes, o->ptr, o->handle);
}

/*
 * Without CMA the buddy allocator's largest block bounds it, and one page
 * more fails cleanly under NOWARN; the search stops at the memory cap.
 */
static void kmb_probe_range_dma(struct kmb_probe *p, bool sleeps)
{
	p->limit = PAGE_SIZE << KMB_MAX_PAGE_ORDER;
	p->limit_bound = KMB_PROBE_BOUND_MAX_PAGE_ORDER;
	p->probe_min = PAGE_SIZE;
	p->granule = PAGE_SIZE;
	p->probe_max = min(p->limit + PAGE_SIZE, round_down(p->cap, PAGE_SIZE));
}

/*
 * From the first size only CMA grants to the memory cap: the CMA area's
 * size is not exported to modules, so the search finds it.
 */
static void kmb_probe_range_cma(struct kmb_probe *p, bool sleeps)
{
	p->limit = round_down(p->cap, PAGE_SIZE);
	p->limit_bound = KMB_PROBE_BOUND_CMA;
	p->probe_min = kmb_dma_cma_min_size(PAGE_SIZE, KMB_MAX_PAGE_ORDER);
	p->granule = PAGE_SIZE;
	p->probe_max = p->limit;
}

const struct kmb_probe_hooks kmb_probe_dma_coherent = {
	.range = kmb_probe_range_dma,
	.alloc = kmb_probe_dma_alloc, .free = kmb_probe_dma_free,
};

const struct kmb_probe_hooks kmb_probe_dma_cma = {
	.range = kmb_probe_range_cma,
	.alloc = kmb_probe_dma_alloc, .free = kmb_probe_dma_free,
};
