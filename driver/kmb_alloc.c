// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator table: every API kmembench times is one entry here, in the
 * manner of the test-case array of lib/test_vmalloc.c.
 */
#include <linux/bits.h>
#include <linux/slab.h>
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

static void kmb_kfree(struct kmb_job *job, void *obj, size_t size)
{
	kfree(obj);
}

static void *kmb_vmalloc(struct kmb_job *job, size_t size)
{
	return vmalloc(size);
}

static void *kmb_vzalloc(struct kmb_job *job, size_t size)
{
	return vzalloc(size);
}

static void kmb_vfree(struct kmb_job *job, void *obj, size_t size)
{
	vfree(obj);
}

static const struct kmb_allocator kmb_allocators[KMB_API_NR] = {
	[KMB_API_KMALLOC] = {
		.name = "kmalloc", .family = KMB_FAMILY_SLAB,
		.alloc = kmb_kmalloc, .free = kmb_kfree,
	},
	[KMB_API_KZALLOC] = {
		.name = "kzalloc", .family = KMB_FAMILY_SLAB,
		.alloc = kmb_kzalloc, .free = kmb_kfree,
	},
	/* vmalloc() and vzalloc() take no flags: GFP_KERNEL is implied. */
	[KMB_API_VMALLOC] = {
		.name = "vmalloc", .family = KMB_FAMILY_VMALLOC,
		.always_sleeps = true,
		.alloc = kmb_vmalloc, .free = kmb_vfree,
	},
	[KMB_API_VZALLOC] = {
		.name = "vzalloc", .family = KMB_FAMILY_VMALLOC,
		.always_sleeps = true,
		.alloc = kmb_vzalloc, .free = kmb_vfree,
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
