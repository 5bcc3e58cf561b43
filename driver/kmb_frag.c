// SPDX-License-Identifier: GPL-2.0
/*
 * The fragmentation hold of KMB_IOC_PROBE (FRAGMENT, RESTORE): it takes the
 * largest free blocks it can get, splits them and frees every other chunk
 * of 2^KMB_FRAG_ORDER pages, so that free memory is left in pieces that
 * cannot merge. The only probe memory that outlives its call; closing the
 * device releases it.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "kmb_internal.h"

/* RESTORE: chunks freed between two chances to reschedule. */
#define KMB_FRAG_CHUNK		256

/* FRAGMENT holds and frees chunks of this order, see kmb_probe.frag_order. */
#define KMB_FRAG_ORDER		PAGE_ALLOC_COSTLY_ORDER

/**
 * struct kmb_frag - the chunks FRAGMENT holds
 * @lock: serialises FRAGMENT, RESTORE and release
 * @owner: the open file that made the hold, released with it
 * @chunks: first page of every held chunk (split: order-0 pages)
 * @nr: entries in @chunks
 * @max: room in @chunks
 */
struct kmb_frag {
	struct mutex lock;
	struct file *owner;
	struct page **chunks;
	unsigned long nr;
	unsigned long max;
};

static struct kmb_frag kmb_frag = {
	.lock = __MUTEX_INITIALIZER(kmb_frag.lock),
};

static void kmb_frag_free_chunk(struct page *head)
{
	unsigned int i;

	for (i = 0; i < 1U << KMB_FRAG_ORDER; i++)
		__free_page(nth_page(head, i));
}

/* Frees every chunk the hold has; call with kmb_frag.lock held. */
static unsigned long kmb_frag_release_locked(void)
{
	unsigned long i, freed = kmb_frag.nr << KMB_FRAG_ORDER;

	for (i = 0; i < kmb_frag.nr; i++) {
		kmb_frag_free_chunk(kmb_frag.chunks[i]);
		if (i % KMB_FRAG_CHUNK == 0)
			cond_resched();
	}
	kmb_live_sub(freed, (u64)freed << PAGE_SHIFT);
	kvfree(kmb_frag.chunks);
	kmb_frag.chunks = NULL;
	kmb_frag.nr = 0;
	kmb_frag.max = 0;
	kmb_frag.owner = NULL;
	return freed;
}

/*
 * Splits an order-@order block into order-0 pages and keeps every other
 * chunk, while there is room; frees the rest. A freed chunk's buddy of the
 * same order is a held chunk, so the buddy allocator cannot merge it
 * further.
 */
static void kmb_frag_split(struct page *page, unsigned int order)
{
	unsigned long c, nr_chunks = 1UL << (order - KMB_FRAG_ORDER);

	split_page(page, order);
	for (c = 0; c < nr_chunks; c++) {
		struct page *head = nth_page(page, c << KMB_FRAG_ORDER);

		if (c % 2 == 0 && kmb_frag.nr < kmb_frag.max) {
			kmb_frag.chunks[kmb_frag.nr++] = head;
			kmb_live_add(1U << KMB_FRAG_ORDER,
				     PAGE_SIZE << KMB_FRAG_ORDER);
		} else {
			kmb_frag_free_chunk(head);
		}
	}
}

/*
 * Takes the largest blocks it can get, from the top order down, and splits
 * each; stops when the hold is full, no block above KMB_FRAG_ORDER is
 * left, available memory reaches @reserve, or a signal comes.
 */
static int kmb_frag_take(u64 reserve, struct kmb_probe *p)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY;
	unsigned int order = KMB_MAX_PAGE_ORDER;

	while (kmb_frag.nr < kmb_frag.max && order > KMB_FRAG_ORDER) {
		struct page *page;

		if (signal_pending(current))
			return -EINTR;
		/* others may be allocating too: keep the reserve */
		if (kmb_mem_available() < reserve + (PAGE_SIZE << order))
			break;
		cond_resched();
		page = alloc_pages(gfp, order);
		if (!page) {
			order--;
			continue;
		}
		p->frag_top_order = max(p->frag_top_order, order);
		p->pages_taken += 1UL << order;
		kmb_frag_split(page, order);
	}
	return 0;
}

/**
 * kmb_frag_hold() - FRAGMENT: break up free memory and hold half of it
 * @file: the open device, which owns the hold until RESTORE or release
 * @p: the request (@p->share_permille) and the answer
 *
 * Holds up to @p->share_permille of available memory (never past the
 * reserve) as every other chunk of the largest free blocks.
 *
 * Return: 0, -EINVAL for a share out of range, -EBUSY when a hold exists,
 * -ENOMEM when the chunk list cannot be allocated, -EINTR on a signal.
 */
int kmb_frag_hold(struct file *file, struct kmb_probe *p)
{
	u64 t0 = ktime_get_ns(), bytes;
	int ret;

	if (!p->share_permille ||
	    p->share_permille > KMB_PROBE_FRAG_MAX_PERMILLE)
		return -EINVAL;

	mutex_lock(&kmb_frag.lock);
	if (kmb_frag.owner) {
		ret = -EBUSY;
		goto out_unlock;
	}
	kmb_probe_headroom(p);
	bytes = min(div_u64(p->mem_available * p->share_permille, 1000),
		    p->cap);
	kmb_frag.max = bytes >> (PAGE_SHIFT + KMB_FRAG_ORDER);
	kmb_frag.chunks = kvmalloc_array(max(kmb_frag.max, 1UL),
					 sizeof(struct page *),
					 GFP_KERNEL | __GFP_NOWARN);
	if (!kmb_frag.chunks) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	kmb_frag.owner = file;
	p->frag_order = KMB_FRAG_ORDER;
	ret = kmb_frag_take(p->reserve, p);
	if (ret) {
		kmb_frag_release_locked();
		goto out_unlock;
	}
	p->pages_held = kmb_frag.nr << KMB_FRAG_ORDER;
	p->alloc_ns = ktime_get_ns() - t0;
	kmb_probe_headroom(p);
out_unlock:
	mutex_unlock(&kmb_frag.lock);
	return ret;
}

/**
 * kmb_frag_restore() - RESTORE: free the hold @file made
 * @file: the open device
 * @p: the answer: @p->pages_held gets the pages freed
 *
 * Return: 0.
 */
int kmb_frag_restore(struct file *file, struct kmb_probe *p)
{
	mutex_lock(&kmb_frag.lock);
	if (kmb_frag.owner == file)
		p->pages_held = kmb_frag_release_locked();
	mutex_unlock(&kmb_frag.lock);
	kmb_probe_headroom(p);
	return 0;
}

/**
 * kmb_frag_release() - free what a closing file still holds
 * @file: the file being released
 *
 * A runner killed between FRAGMENT and RESTORE leaves no pages behind.
 */
void kmb_frag_release(struct file *file)
{
	mutex_lock(&kmb_frag.lock);
	if (kmb_frag.owner == file)
		kmb_frag_release_locked();
	mutex_unlock(&kmb_frag.lock);
}

