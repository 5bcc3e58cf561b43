/*
 * The names the runner shows and accepts for the module's ABI values: APIs,
 * GFP flags, patterns and contexts. One table each; adding a value to the
 * ABI is adding one row here.
 */
#ifndef KMB_NAMES_H
#define KMB_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "kmembench.h"

struct kmb_name {
	const char *name;
	unsigned int value;
};

enum kmb_size_kind {
	KMB_SIZE_BYTES,		/* slab and vmalloc APIs: a size in bytes */
	KMB_SIZE_ORDER,		/* page APIs: a page order */
};

/* The module's allocator families (driver/kmb_internal.h), mirrored. */
enum kmb_api_family {
	KMB_FAM_SLAB,		/* kmalloc and kmem_cache */
	KMB_FAM_VMALLOC,	/* vmalloc and kvmalloc */
	KMB_FAM_PAGES,		/* the buddy allocator */
};

/*
 * What the runner knows of an API's limits, so that a sweep skips the
 * combinations the module would reject (kcheck.c); the module's table in
 * driver/kmb_alloc.c stays the authority.
 */
enum kmb_api_flag {
	KMB_APIF_SLEEPS = 1u << 0,	/* may sleep whatever the flags say */
	KMB_APIF_NO_GFP = 1u << 1,	/* takes no flags: KERNEL only */
	KMB_APIF_NODE = 1u << 2,	/* takes a NUMA node */
	KMB_APIF_ORDER0 = 1u << 3,	/* one page only */
	KMB_APIF_NO_IRQ_OFF = 1u << 4,	/* must not run with interrupts off */
	KMB_APIF_RESIZE = 1u << 5,	/* krealloc: grow and shrink phases */
	KMB_APIF_BULK = 1u << 6,	/* batch = objects per call */
};

struct kmb_api_name {
	const char *name;
	enum kmb_api api;
	enum kmb_size_kind size_kind;
	enum kmb_api_family family;
	unsigned int flags;		/* enum kmb_api_flag */
	uint64_t gfp_forbidden;		/* KMB_GFP_* bits on top of the family's */
	unsigned int patterns;		/* 1 << KMB_PATTERN_*; 0: all */
	const char *alloc_phase;	/* phase names when not alloc/free */
	const char *free_phase;
};

extern const struct kmb_api_name kmb_api_names[];
extern const size_t kmb_api_names_count;
extern const struct kmb_name kmb_gfp_names[];
extern const size_t kmb_gfp_names_count;
extern const struct kmb_name kmb_pattern_names[];
extern const size_t kmb_pattern_names_count;
extern const struct kmb_name kmb_ctx_names[];
extern const size_t kmb_ctx_names_count;

const struct kmb_api_name *kmb_api_by_name(const char *name);
const struct kmb_api_name *kmb_api_by_value(unsigned int api);
/* Looks @name up in @table; returns -1 when absent. */
int kmb_name_lookup(const struct kmb_name *table, size_t count, const char *name);
const char *kmb_name_of(const struct kmb_name *table, size_t count, unsigned int value);

/*
 * Parses "KERNEL", "KERNEL+NOWARN" or "ATOMIC|ZERO" into KMB_GFP_* bits.
 * On failure returns -1 and points @bad at the unknown flag's name.
 */
int kmb_gfp_parse(const char *s, uint64_t *out, char *bad, size_t badlen);
/* The canonical spelling of @bits: flags in ABI order joined by '+'. */
void kmb_gfp_format(uint64_t bits, char *buf, size_t len);

/* "a, b, c" of a table's names, for error messages and --help. */
void kmb_names_list(const struct kmb_name *table, size_t count, char *buf, size_t len);

#endif
