/*
 * Reading a result document (results/schema.json), checked and indexed:
 * the one loader that compare, merge, report and export read every result
 * through (read.c). A bad file stops the command before anything is
 * computed or written, with the file, the field and the reason.
 *
 * The names keep their historical kmb_cmp_ prefix: compare was the first
 * reader.
 */
#ifndef KMB_RESULT_READ_H
#define KMB_RESULT_READ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "clock.h"
#include "util.h"

/* One measured phase of a case, as read from a result document. */
struct kmb_cmp_phase {
	const char *name, *unit;	/* borrowed from the document */
	double *reps;			/* rep_medians, sorted ascending */
	size_t nreps;
	double *boots;			/* boot_medians of a merge, sorted; or NULL */
	size_t nboots;
};

struct kmb_cmp_case {
	const char *id;
	const char *skipped, *error;	/* NULL unless the result says so */
	struct kmb_cmp_phase *phases;
	size_t nphases;
	const json_t *obj;		/* the case's object, for its counters */
};

/* A result document, checked and indexed for comparison. */
struct kmb_cmp_doc {
	char *path;			/* as named on the command line */
	json_t *root;			/* owns every borrowed string */
	bool interrupted;		/* run.interrupted */
	enum kmb_clock clock;		/* "clock", time when absent */
	const char *kernel, *suite;	/* NULL when not recorded */
	struct kmb_cmp_case *cases;	/* in document order */
	size_t ncases;
	struct kmb_cmp_case **by_id;	/* the same, sorted by id */
};

/*
 * Reads and checks @path. Every problem is exit 2 (KMB_EXIT_USAGE) with a
 * message naming the file, the field and the reason; out of memory is 3.
 */
int kmb_cmp_doc_load(const char *path, struct kmb_cmp_doc *d, struct kmb_err *err);
/* The same for a document already parsed; takes a reference to @root. */
int kmb_cmp_doc_from_json(json_t *root, const char *path, struct kmb_cmp_doc *d,
			  struct kmb_err *err);
const struct kmb_cmp_case *kmb_cmp_doc_find(const struct kmb_cmp_doc *d, const char *id);
void kmb_cmp_doc_free(struct kmb_cmp_doc *d);

#endif
