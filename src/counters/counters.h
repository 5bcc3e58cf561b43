/*
 * What the kernel did around a case: /proc/vmstat and /proc/meminfo deltas,
 * the SLUB counters and geometry of the case's slab caches, read before and
 * after each repetition's RUN ioctl (never inside it) and summed over the
 * repetitions. The runner records them in a case's "counters" and
 * "footprint" (results/schema.json); compare, report and export read them
 * back from there.
 *
 * Snapshots are JSON objects, so that a key a kernel lacks is simply not
 * there:
 *   { "vmstat": { key: n }, "meminfo": { key: kB },
 *     "caches": { name: { "dir": resolved entry, "link": bool,
 *                         "object_size": n, ..., "alloc_fastpath": n } } }
 * Every path is read under @root ("" for this machine; a folder laid out as
 * / for the tests).
 */
#ifndef KMB_COUNTERS_H
#define KMB_COUNTERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * True after `kmembench run --counters`; off by default, because reading
 * them moves the state of the caches being measured (see cmd/run.c).
 */
extern bool kmb_counters_enabled;

/* ---- parsing (parse.c): text in, the wanted values out ---- */

/* The /proc/vmstat keys kept, as shell patterns (pgalloc_*, numa_*, ...). */
extern const char *const kmb_ctr_vmstat_keys[];
/* The /proc/meminfo lines kept (Slab, SUnreclaim, VmallocUsed, ...). */
extern const char *const kmb_ctr_meminfo_keys[];
/* The sysfs files of a slab cache kept: its geometry, then SLUB_STATS. */
extern const char *const kmb_ctr_slab_files[];

/* "key value" lines of /proc/vmstat: the wanted keys, NULL on bad text. */
json_t *kmb_ctr_parse_vmstat(const char *text);
/* "Key:   123 kB" lines of /proc/meminfo: the wanted keys in kB. */
json_t *kmb_ctr_parse_meminfo(const char *text);
/*
 * The first number of a sysfs file ("1234 C0=12 C1=..." for SLUB_STATS,
 * "64" for geometry); -1 when it does not start with one.
 */
int kmb_ctr_first_number(const char *text, uint64_t *v);
/*
 * The size class of a kmalloc cache name of @type ("" for the normal ones,
 * which include the kmalloc-rnd-NN-<size> copies of
 * CONFIG_RANDOM_KMALLOC_CACHES; "cg" for kmalloc-cg-<size>; "dma" for
 * dma-kmalloc-<size>), "1k" meaning 1024. Returns 0 and sets @size, or -1
 * when @name is not such a cache.
 */
int kmb_ctr_kmalloc_class(const char *name, const char *type, uint64_t *size);

/* ---- reading (snapshot.c) ---- */

/*
 * The kmalloc caches of @type (see kmb_ctr_kmalloc_class) that serve
 * requests from @lo to @hi bytes, as /sys/kernel/slab lists them: each
 * class's caches, random copies included. An empty array when the sizes
 * are beyond the largest class (the page allocator serves them); NULL when
 * the folder cannot be read.
 */
json_t *kmb_ctr_kmalloc_caches(const char *root, const char *type, uint64_t lo, uint64_t hi);
/*
 * The first number of /sys/kernel/slab/<name>/<file>: 0, or -1 when the
 * kernel has no such file (objects needs CONFIG_SLUB_DEBUG).
 */
int kmb_ctr_cache_number(const char *root, const char *name, const char *file, uint64_t *v);
/* One cache's folder: "dir", "link", and every file of kmb_ctr_slab_files it has. */
json_t *kmb_ctr_read_cache(const char *root, const char *name);
/* A snapshot of vmstat, meminfo and the caches named in @caches (strings). */
json_t *kmb_ctr_snapshot(const char *root, const json_t *caches);

/* ---- accumulating (delta.c) ---- */

/* A case's counters over its repetitions so far. */
struct kmb_ctr_acc {
	json_t *sum;		/* snapshot-shaped sums of after - before */
	json_t *last;		/* the latest "after" snapshot: geometry */
	json_t *noise;		/* two snapshots back to back: what reading moves */
	json_t *caches;		/* names read */
	const char *cache_note;	/* why there are none, or how they were chosen */
	unsigned int reps;
	uint64_t ops;		/* of the first phase, in those repetitions */
	uint64_t ops_seen;	/* of the first phase, in all repetitions */
};

/* Adds after - before of every integer both have to @sum (same shape). */
int kmb_ctr_add_delta(json_t *sum, const json_t *before, const json_t *after);
void kmb_ctr_acc_clear(struct kmb_ctr_acc *a);

/*
 * The case's "counters" and "footprint" objects (schema.json) from @a,
 * divided by @ops operations of phase @ops_phase; @peak_objects from
 * extra.objects.peak_live_objects, or < 0 when unknown.
 */
json_t *kmb_ctr_counters_json(const struct kmb_ctr_acc *a, uint64_t ops, const char *ops_phase);
json_t *kmb_ctr_footprint_json(const struct kmb_ctr_acc *a, double peak_objects,
			       long page_size);

/* ---- reading them back (check.c) ---- */

/*
 * Checks a result case's "counters" and "footprint" where present: every
 * figure a number, every object an object. Returns 0, or -1 with the field
 * at fault (e.g. "counters.vmstat.pgfree.per_op") in @field.
 */
int kmb_ctr_check(const json_t *case_obj, char *field, size_t len);
/*
 * A case's figures flattened for exports and reports: {"pgalloc_per_op":
 * x, "slab_slow_path_share": y, "footprint_bytes_per_object": z, ...};
 * an empty object when the case has none.
 */
json_t *kmb_ctr_flat(const json_t *case_obj);

#endif
