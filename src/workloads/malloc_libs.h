/*
 * The allocators the malloc workload can time: glibc's (the runner's own)
 * and others loaded by name with dlopen(). One row per allocator in
 * malloc_libs.c (struct kmb_malloc_lib: a malloc library, not a kernel API).
 */
#ifndef KMB_MALLOC_LIBS_H
#define KMB_MALLOC_LIBS_H

#include <stddef.h>

struct kmb_malloc_lib {
	const char *name;
	void *(*alloc)(size_t size);
	void (*release)(void *p);
	char version[128];
	char library[256];	/* the file the functions were found in */
};

/* Names for the "allocator" dimension, NULL-terminated. */
extern const char *const kmb_malloc_lib_names[];

/*
 * Finds @name's library and functions. Returns 0, or -1 with @why saying
 * what is missing (and which Debian package provides it).
 */
int kmb_malloc_lib_load(const char *name, struct kmb_malloc_lib *a, char *why, size_t len);

#endif
