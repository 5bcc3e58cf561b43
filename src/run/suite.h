/*
 * Suite files (the JSON files in bench/): declarative sweeps, each entry a
 * product of its dimensions. Format: bench/README.md.
 */
#ifndef KMB_SUITE_H
#define KMB_SUITE_H

#include <jansson.h>
#include <stdint.h>

#include "case.h"

struct kmb_suite {
	char *path;
	char *name;
	unsigned int repetitions;
	uint64_t seed;
	struct kmb_case_list cases;
};

/* Loads and expands @path; errors name the file, the entry and the field. */
int kmb_suite_load(const char *path, struct kmb_suite *s, struct kmb_err *err);
/* The same for a parsed document; @path names it in errors. */
int kmb_suite_from_json(json_t *doc, const char *path, struct kmb_suite *s,
			struct kmb_err *err);
void kmb_suite_free(struct kmb_suite *s);

/* Whether any case of the suite needs the kernel module. */
int kmb_suite_needs_module(const struct kmb_suite *s);

/* --- helpers for the groups' expand functions ------------------------- */

/* Fails on a key not in @allowed (NULL-terminated): typos must not pass. */
int kmb_spec_check_keys(json_t *entry, const char *const *allowed, const char *where,
			struct kmb_err *err);
/*
 * The value of @key as an array of strings: a string or an array of them.
 * Absent -> an array of the one @dflt (or an error when @dflt is NULL).
 * Returns a new reference or NULL with @err set.
 */
json_t *kmb_spec_strings(json_t *entry, const char *key, const char *dflt, const char *where,
			 struct kmb_err *err);
/* A non-negative integer field in [min, max], @dflt when absent. */
int kmb_spec_uint(json_t *entry, const char *key, uint64_t dflt, uint64_t min, uint64_t max,
		  uint64_t *out, const char *where, struct kmb_err *err);
/*
 * A list of sizes: a number, a size string ("4K"), an array of those, or a
 * range {"from", "to", "scale": "pow2" | "pow2-edges" | "linear", "step"}.
 * pow2-edges adds p - 1 and p + 1 around each power of two to land on both
 * sides of slab size-class edges. Returns a malloc'd sorted array.
 */
int kmb_spec_sizes(json_t *entry, const char *key, uint64_t min, uint64_t max,
		   uint64_t **out, size_t *n, const char *where, struct kmb_err *err);
/* Non-negative integer list (threads, orders): a number or an array. */
int kmb_spec_uints(json_t *entry, const char *key, uint64_t dflt, uint64_t min, uint64_t max,
		   uint64_t **out, size_t *n, const char *where, struct kmb_err *err);

#endif
