/*
 * The names the runner shows and accepts for the module's ABI values: APIs,
 * GFP flags, patterns and contexts. APIs and GFP flags are expanded from
 * the rows of kmembench_tables.h, which the module expands too; patterns
 * and contexts are one table each here.
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

/*
 * An API as the runner sees it: its row of KMB_APIS (kmembench_tables.h),
 * so that a sweep skips the combinations the module would reject
 * (kernel/check.c). The module checks every case again.
 */
struct kmb_api_name {
	const char *name;
	enum kmb_api api;
	enum kmb_size_kind size_kind;	/* from the family */
	enum kmb_family family;
	unsigned int flags;		/* enum kmb_api_flag */
	uint64_t gfp_forbidden;		/* KMB_GFP_* bits on top of the family's */
	unsigned int patterns;		/* 1 << KMB_PATTERN_* */
	const char *alloc_phase;	/* phase names when not alloc/free */
	const char *free_phase;
};

extern const struct kmb_api_name kmb_api_names[];
extern const size_t kmb_api_names_count;
extern const struct kmb_name kmb_gfp_names[];
extern const size_t kmb_gfp_names_count;
extern const struct kmb_name kmb_pattern_names[];
extern const size_t kmb_pattern_names_count;
/* Verify properties and zones by KMB_VERIFY_* and KMB_ZONE_* number. */
extern const char *const kmb_verify_names[KMB_VERIFY_NR];
extern const char *const kmb_zone_names[KMB_ZONE_NR];
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
