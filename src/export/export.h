/*
 * A result document in formats other tools read:
 *   KCIDB v5 (KernelCI's database I/O format), the mapping in ci/README.md:
 *     one checkout and one build for the kernel, one test per case and phase
 *     with status "DONE" and number { value: the median, unit }, the raw
 *     statistics under misc; skipped cases "SKIP", failed ones "ERROR".
 *   google-benchmark JSON: context plus one "iteration" entry per
 *     repetition (its median in real_time and cpu_time, ns) and the
 *     aggregates mean, median, stddev and cv over repetitions, as
 *     google-benchmark's tools/compare.py reads them.
 * The document must have passed kmb_cmp_doc_from_json (cmd_export does it).
 */
#ifndef KMB_EXPORT_H
#define KMB_EXPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

#define KMB_KCIDB_MAJOR		5
/* The oldest v5 minor that has every field written: any v5 reader takes it. */
#define KMB_KCIDB_MINOR		0

struct kmb_kcidb_opts {
	const char *origin;		/* CI system name, ^[a-z0-9_]+$ (default kmembench) */
	const char *checkout_id;	/* an existing checkout: none emitted */
	const char *build_id;		/* an existing build: no checkout or build emitted */
};

/* Whether @s is a KCIDB origin (^[a-z0-9_]+$) or object id (^[a-z0-9_]+:.*$). */
bool kmb_kcidb_origin_ok(const char *s);
bool kmb_kcidb_id_ok(const char *s);

/*
 * The KCIDB test path of a case id and phase: "kmembench." then the id's
 * components joined by '.', with '=' turned into '-' and any character but
 * [A-Za-z0-9_-] into '_', then the phase (NULL: none). Always matches
 * ^([a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*)?$. Truncated to @len.
 */
void kmb_kcidb_path(const char *case_id, const char *phase, char *buf, size_t len);

/* NULL when out of memory. */
json_t *kmb_export_kcidb(json_t *doc, const struct kmb_kcidb_opts *o);
json_t *kmb_export_gbench(json_t *doc);

/**
 * struct kmb_export_format - one format `kmembench export` writes
 * @name: the --format value
 * @help: its paragraph of --help, lines separated by '\n'
 * @write: a JSON format: the document in this format; NULL when out of memory
 * @emit: any other format (text): writes @doc to @out; 0, or KMB_EXIT_ENV
 *	with @err set. A row has exactly one of @write and @emit.
 * @kcidb_opts: whether --origin, --checkout-id and --build-id apply
 */
struct kmb_export_format {
	const char *name;
	const char *help;
	json_t *(*write)(json_t *doc, const struct kmb_kcidb_opts *o);
	int (*emit)(json_t *doc, FILE *out, struct kmb_err *err);
	bool kcidb_opts;
};

/*
 * The formats, one row each: X(id) names the struct kmb_export_format
 * kmb_export_format_<id> that the format's own file (export/<id>.c)
 * defines. Adding a format is its file and a row.
 */
#define KMB_EXPORT_FORMATS(X)	\
	X(kcidb)		\
	X(gbench)		\
	X(ktap)			\
	X(bmf)			\
	X(gab)

#define KMB_EXPORT_FORMAT_EXTERN(id) extern const struct kmb_export_format kmb_export_format_##id;
KMB_EXPORT_FORMATS(KMB_EXPORT_FORMAT_EXTERN)
#undef KMB_EXPORT_FORMAT_EXTERN

/* Shared by both: a deep copy of @v without any null (KCIDB allows none). */
json_t *kmb_json_without_nulls(const json_t *v);
/* A string field or @fallback. */
const char *kmb_json_str(const json_t *obj, const char *key, const char *fallback);
/* The kernel release of @doc, or "unknown". */
const char *kmb_doc_release(json_t *doc);

#endif
