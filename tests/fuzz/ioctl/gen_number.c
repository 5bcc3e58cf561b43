/*
 * Requests that are not cases: ioctl numbers in and around the module's
 * magic (every direction, wrong sizes encoded in the number), and the two
 * read-only requests ABI_VERSION and INFO. Plus the value pools every
 * generator draws from.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "ifz.h"

uint64_t ifz_interesting(struct ifz_rng *r, uint64_t current, unsigned int bits)
{
	uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1, v;

	switch (ifz_below(r, 10)) {
	case 0: v = 0; break;
	case 1: v = 1; break;
	case 2: v = mask; break;
	case 3: v = mask >> 1; break;
	case 4: v = (mask >> 1) + 1; break;
	case 5: v = current + 1 + ifz_below(r, 16); break;
	case 6: v = current - 1 - ifz_below(r, 16); break;
	case 7: v = current ^ (1ULL << ifz_below(r, bits)); break;
	case 8: v = (1ULL << ifz_below(r, bits)) + ifz_below(r, 3) - 1; break;
	default: v = ifz_next(r); break;
	}
	return v & mask;
}

uint64_t ifz_size_value(struct ifz_rng *r)
{
	static const uint64_t special[] = {
		0, 1, 8, 4095, 4096, 4097, 8191, 8192, 8193,
		(4ULL << 20) - 1, 4ULL << 20, (4ULL << 20) + 1,	/* KMALLOC_MAX_SIZE */
		(4ULL << 20) - 4096, (2ULL << 20) + 1,
		1ULL << 40, (1ULL << 40) + 1,			/* the module's cap */
		0x7fffffffULL, 0x80000000ULL, 0xffffffffULL, 0x100000000ULL,
		1ULL << 63, ~0ULL,
	};

	switch (ifz_below(r, 10)) {
	case 0: case 1: case 2: case 3:
		return 1 + ifz_below(r, 4096);
	case 4: case 5: case 6:
		return (1ULL << ifz_below(r, 23)) + ifz_below(r, 3) - 1;
	case 7: case 8:
		return special[ifz_below(r, sizeof(special) / sizeof(special[0]))];
	default:
		return ifz_interesting(r, 64, 64);
	}
}

/* The magic, its neighbours, and types no generic (VFS) ioctl uses. */
static unsigned int pick_type(struct ifz_rng *r)
{
	static const unsigned int others[] = { KMB_IOC_MAGIC - 1, KMB_IOC_MAGIC + 1,
					       KMB_IOC_MAGIC ^ 0x80, 0xff, 0xb0 };

	if (ifz_chance(r, 700000))
		return KMB_IOC_MAGIC;
	return others[ifz_below(r, sizeof(others) / sizeof(others[0]))];
}

static unsigned int pick_size(struct ifz_rng *r)
{
	static const unsigned int sizes[] = { sizeof(uint32_t), sizeof(struct kmb_info),
					      sizeof(struct kmb_run), sizeof(struct kmb_probe) };
	unsigned int s = sizes[ifz_below(r, 4)];

	switch (ifz_below(r, 6)) {
	case 0: case 1: return s;
	case 2: return s + 1 + (unsigned int)ifz_below(r, 8);
	case 3: return s > 8 ? s - 1 - (unsigned int)ifz_below(r, 8) : 0;
	case 4: return ifz_chance(r, 500000) ? 0 : _IOC_SIZEMASK;
	default: return (unsigned int)ifz_below(r, _IOC_SIZEMASK + 1);
	}
}

static unsigned int pick_nr(struct ifz_rng *r)
{
	static const unsigned int known[] = { 0x00, 0x01, 0x02, 0x10 };

	if (ifz_chance(r, 500000))
		return (known[ifz_below(r, 4)] + (unsigned int)ifz_below(r, 3) - 1) & 0xff;
	return (unsigned int)ifz_below(r, 256);
}

void ifz_do_number(struct ifz_worker *w, struct ifz_rng *r, uint64_t index)
{
	unsigned long cmd = _IOC((unsigned int)ifz_below(r, 4), pick_type(r), pick_nr(r),
				 pick_size(r));
	size_t len = 1 + ifz_below(r, 1024);
	unsigned char *p = ifz_slot_end(&w->arena.arg, len);
	uint64_t arg;
	int usable, ret;

	/* random bytes: a known number with them is almost surely refused */
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)ifz_next(r);
	arg = (uint64_t)(uintptr_t)p;
	if (ifz_chance(r, 100000))
		arg = ifz_ptr_make(r, &w->arena, &w->arena.arg, len,
				   (enum ifz_ptr)ifz_below(r, IFZ_PTR_NR), 1, &usable);
	ret = ioctl(w->fd, cmd, (unsigned long)arg);
	ifz_outcome(w, index, IFZ_NUMBER, cmd, ret, errno);
}

void ifz_do_info(struct ifz_worker *w, struct ifz_rng *r, uint64_t index, enum ifz_kind kind)
{
	int abi = ifz_chance(r, 300000), usable, ret;
	size_t len = abi ? sizeof(uint32_t) : sizeof(struct kmb_info);
	unsigned long cmd = abi ? KMB_IOC_ABI_VERSION : KMB_IOC_INFO;
	enum ifz_ptr cls = kind == IFZ_TRUNCATED ? IFZ_PTR_SHORT :
			   kind == IFZ_POINTER ?
			   (enum ifz_ptr)(IFZ_PTR_NULL + ifz_below(r, IFZ_PTR_NR - IFZ_PTR_NULL)) :
			   ifz_ptr_pick(r, 0);
	uint64_t arg = ifz_ptr_make(r, &w->arena, &w->arena.arg, len, cls, 1, &usable);
	void *p = (void *)(uintptr_t)arg;

	ret = ioctl(w->fd, cmd, (unsigned long)arg);
	ifz_outcome(w, index, kind, cmd, ret, errno);
	if (usable && ret)
		ifz_violation(w->env, w->id, index, kind, "%s failed on a good buffer: %s",
			      abi ? "ABI_VERSION" : "INFO", strerror(errno));
	if (!usable && !ret)
		ifz_violation(w->env, w->id, index, kind, "%s succeeded on a bad pointer 0x%llx",
			      abi ? "ABI_VERSION" : "INFO", (unsigned long long)arg);
	if (ret || !usable)
		return;
	if (abi) {
		uint32_t v;

		memcpy(&v, p, sizeof(v));
		if (v != KMB_ABI_VERSION)
			ifz_violation(w->env, w->id, index, kind, "ABI_VERSION says %u", v);
	} else {
		struct kmb_info info;
		uint64_t k;

		memcpy(&info, p, sizeof(info));
		if (info.abi_version != KMB_ABI_VERSION || info.info_size != sizeof(info))
			ifz_violation(w->env, w->id, index, kind, "INFO says ABI %u size %u",
				      info.abi_version, info.info_size);
		k = ifz_kernel_word(&info, sizeof(info));
		if (k)
			ifz_violation(w->env, w->id, index, kind,
				      "INFO holds a kernel address 0x%llx", (unsigned long long)k);
	}
}
