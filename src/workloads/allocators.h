/*
 * The allocators the malloc workload can time: glibc's (the runner's own)
 * and others loaded by name with dlopen(). One row per allocator in
 * allocators.c.
 */
#ifndef KMB_ALLOCATORS_H
#define KMB_ALLOCATORS_H

#include <stddef.h>

struct kmb_allocator {
	const char *name;
	void *(*alloc)(size_t size);
	void (*release)(void *p);
	char version[128];
	char library[256];	/* the file the functions were found in */
};

/* Names for the "allocator" dimension, NULL-terminated. */
extern const char *const kmb_allocator_names[];

/*
 * Finds @name's library and functions. Returns 0, or -1 with @why saying
 * what is missing (and which Debian package provides it).
 */
int kmb_allocator_load(const char *name, struct kmb_allocator *a, char *why, size_t len);

#endif
