#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wl_lib.h"

size_t kmb_page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (size_t)p : 4096;
}

void *kmb_map_anon(size_t size, size_t align, int flags)
{
	size_t page = kmb_page_size(), span;
	char *raw, *p;

	if (align < page)
		align = page;
	if (size == 0 || size > SIZE_MAX - align) {
		errno = EINVAL;
		return NULL;
	}
	/* Over-map by the alignment, then give back both ends. */
	span = align > page ? size + align : size;
	raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1,
		   0);
	if (raw == MAP_FAILED)
		return NULL;
	if (span == size)
		return raw;
	p = (char *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
	if (p > raw && munmap(raw, (size_t)(p - raw)))
		goto fail;
	if (raw + span > p + size && munmap(p + size, (size_t)(raw + span - (p + size))))
		goto fail;
	return p;
fail:
	{
		int e = errno;

		munmap(raw, span);
		errno = e;
	}
	return NULL;
}

size_t kmb_touch(char *p, size_t size, bool write)
{
	size_t page = kmb_page_size(), n = 0;

	for (size_t off = 0; off < size; off += page, n++) {
		if (write)
			((volatile char *)p)[off] = 1;
		else
			(void)((volatile char *)p)[off];
	}
	return n;
}

size_t kmb_touch_timed(char *p, size_t size, bool write, struct kmb_samples *s,
		       volatile sig_atomic_t *stop, double *ns)
{
	size_t page = kmb_page_size(), n = 0;
	uint64_t sum = 0;

	for (size_t off = 0; off < size && !*stop; off += page, n++) {
		uint64_t t0 = kmb_now_ns(), t1;

		if (write)
			((volatile char *)p)[off] = 1;
		else
			(void)((volatile char *)p)[off];
		t1 = kmb_now_ns();
		sum += t1 - t0;
		kmb_samples_push(s, (double)(t1 - t0));
	}
	*ns = (double)sum;
	return n;
}
