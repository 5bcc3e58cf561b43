/*
 * Guarded buffers and the pointers requests carry: good ones end exactly at
 * a PROT_NONE page, so a module that reads or writes one byte too many gets
 * a fault (and the request an EFAULT the fuzzer flags) instead of silently
 * touching the neighbouring memory; bad ones are NULL, short, read-only,
 * unmapped, kernel-space or non-canonical.
 */
#include <string.h>
#include <sys/mman.h>

#include "ifz.h"

/* Bytes of each slot (without its guard page). */
#define IFZ_ARG_BYTES		(2 * 4096)
#define IFZ_RESULT_BYTES	(128 * 1024)
#define IFZ_CPUS_BYTES		(2 * 4096)

static int slot_init(struct ifz_slot *s, size_t size, size_t page)
{
	unsigned char *p;

	size = (size + page - 1) / page * page;
	p = mmap(NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	if (mprotect(p + size, page, PROT_NONE)) {
		munmap(p, size + page);
		return -1;
	}
	s->base = p;
	s->size = size;
	return 0;
}

static void slot_free(struct ifz_slot *s, size_t page)
{
	if (s->base)
		munmap(s->base, s->size + page);
	s->base = NULL;
}

int ifz_arena_init(struct ifz_arena *a, size_t page, size_t samples_bytes)
{
	unsigned char *p;
	/* hist: one thread's histograms for every phase, times the threads */
	size_t hist = (size_t)KMB_HIST_BUCKETS * sizeof(uint32_t) * KMB_PHASE_NR *
		      (samples_bytes >= (8u << 20) ? 257 : 32);

	memset(a, 0, sizeof(*a));
	if (slot_init(&a->arg, IFZ_ARG_BYTES, page) ||
	    slot_init(&a->result, IFZ_RESULT_BYTES, page) ||
	    slot_init(&a->samples, samples_bytes, page) || slot_init(&a->hist, hist, page) ||
	    slot_init(&a->cpus, IFZ_CPUS_BYTES, page))
		return -1;
	/* [read-only page][PROT_NONE page], and a PROT_NONE page of its own */
	p = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	memset(p, 0x5a, page);
	if (mprotect(p, page, PROT_READ) || mprotect(p + page, 2 * page, PROT_NONE))
		return -1;
	a->ro = p;
	a->none = p + 2 * page;
	return 0;
}

void ifz_arena_free(struct ifz_arena *a, size_t page)
{
	slot_free(&a->arg, page);
	slot_free(&a->result, page);
	slot_free(&a->samples, page);
	slot_free(&a->hist, page);
	slot_free(&a->cpus, page);
	if (a->ro)
		munmap(a->ro, 3 * page);
	a->ro = NULL;
}

void *ifz_slot_end(const struct ifz_slot *slot, size_t len)
{
	return len <= slot->size ? slot->base + slot->size - len : NULL;
}

enum ifz_ptr ifz_ptr_pick(struct ifz_rng *r, uint32_t bad_per_million)
{
	if (ifz_chance(r, bad_per_million))
		return (enum ifz_ptr)(IFZ_PTR_NULL + ifz_below(r, IFZ_PTR_NR - IFZ_PTR_NULL));
	return ifz_chance(r, 100000) ? IFZ_PTR_UNALIGNED : IFZ_PTR_EXACT;
}

/* Addresses above every user address space, 4- and 5-level paging alike. */
static const uint64_t ifz_kernel_addrs[] = {
	0xffff888000000000ULL,	/* 4-level direct map */
	0xff11000000000000ULL,	/* 5-level direct map */
	0xffffffff81000000ULL,	/* kernel text */
	0xffffc90000000000ULL,	/* vmalloc area */
	0xffffffffff600000ULL,	/* the vsyscall page: mapped, user-readable */
	0xfffffffffffff000ULL,
	0xfffffffffffffff8ULL,
};

/*
 * Past the top of user space: holes in 4-level paging, and addresses that
 * 5-level paging maps for nobody here, or that wrap when a length is added.
 */
static const uint64_t ifz_hole_addrs[] = {
	0x00007ffffffff000ULL,
	0x0000800000000000ULL,
	0x00fffffffffff000ULL,
	0x0100000000000000ULL,
	0x8000000000000000ULL,
	0xfeffffffffffff00ULL,
};

uint64_t ifz_ptr_make(struct ifz_rng *r, const struct ifz_arena *a, const struct ifz_slot *slot,
		      size_t len, enum ifz_ptr cls, int write, int *usable)
{
	unsigned char *p;
	size_t k;

	*usable = 0;
	switch (cls) {
	case IFZ_PTR_EXACT:
		p = ifz_slot_end(slot, len);
		if (!p)
			break;
		*usable = 1;
		return (uint64_t)(uintptr_t)p;
	case IFZ_PTR_UNALIGNED:
		if (len > slot->size - 8)
			break;
		k = 1 + ifz_below(r, 7);
		p = slot->base + slot->size - len - k;
		*usable = 1;
		return (uint64_t)(uintptr_t)p;
	case IFZ_PTR_NULL:
		*usable = len == 0;
		return 0;
	case IFZ_PTR_SHORT:
		if (!len || len > slot->size)
			break;
		/* the last 1..64 bytes of the buffer fall in the guard page */
		k = 1 + ifz_below(r, len < 64 ? len : 64);
		p = slot->base + slot->size - len + k;
		return (uint64_t)(uintptr_t)p;
	case IFZ_PTR_RO:
		*usable = !write && len <= 4096;
		return (uint64_t)(uintptr_t)a->ro;
	case IFZ_PTR_NONE:
		*usable = len == 0;
		return (uint64_t)(uintptr_t)a->none + ifz_below(r, 64);
	case IFZ_PTR_KERNEL:
		return ifz_kernel_addrs[ifz_below(r, sizeof(ifz_kernel_addrs) /
						  sizeof(ifz_kernel_addrs[0]))] +
		       8 * ifz_below(r, 4);
	case IFZ_PTR_NONCANON:
		return ifz_hole_addrs[ifz_below(r, sizeof(ifz_hole_addrs) /
						sizeof(ifz_hole_addrs[0]))];
	case IFZ_PTR_RANDOM:
	case IFZ_PTR_NR:
		break;
	}
	/* random, or a class that cannot hold @len bytes: unusable anyway */
	return ifz_next(r) | 0x8000000000000000ULL;
}
