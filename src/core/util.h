/* Small helpers every part of the runner uses: errors, exit codes, files. */
#ifndef KMB_UTIL_H
#define KMB_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kmb_exit {
	KMB_EXIT_OK = 0,
	KMB_EXIT_REGRESSION = 1,	/* compare found a regression */
	KMB_EXIT_USAGE = 2,		/* bad arguments or bad input */
	KMB_EXIT_ENV = 3,		/* environment cannot run it */
};

/* An error message on its way up to the command that prints it. */
struct kmb_err {
	int code;		/* enum kmb_exit */
	char msg[1024];
};

/* Sets @err (if not NULL) and returns @code, for `return kmb_fail(...)`. */
int kmb_fail(struct kmb_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prints "kmembench: <msg>" to stderr and returns the error's code. */
int kmb_err_print(const struct kmb_err *err);

/*
 * Writes @doc to @path through a temporary file in the same folder and a
 * rename, so that no reader ever sees half a file. "-" writes to stdout.
 */
int kmb_write_json_atomic(const char *path, json_t *doc, struct kmb_err *err);
/* The same for @len bytes of any content. */
int kmb_write_file_atomic(const char *path, const char *buf, size_t len, struct kmb_err *err);

/* Reads a whole JSON file; errors name the file, line and column. */
json_t *kmb_read_json(const char *path, struct kmb_err *err);

/* @x as a JSON real, or null when it is not finite (JSON has no NaN). */
json_t *kmb_json_real_or_null(double x);

/* qsort() comparators, ascending. */
int kmb_cmp_u64(const void *a, const void *b);
int kmb_cmp_double(const void *a, const void *b);

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, well mixed, seedable. */
uint64_t kmb_splitmix64(uint64_t *state);

/* Parses "4096", "4K", "64KiB", "2M", "1G" into bytes. */
int kmb_parse_size(const char *s, uint64_t *out);
/* The smallest page order whose block holds @bytes (the kernel's get_order()). */
unsigned int kmb_page_order(uint64_t bytes, uint64_t page_size);
/* Parses a non-negative decimal integer that fits in @max. */
int kmb_parse_uint(const char *s, uint64_t max, uint64_t *out);
/* Parses a finite decimal number in [lo, hi]; a trailing '%' is allowed when @pct. */
int kmb_parse_double(const char *s, double lo, double hi, bool pct, double *out);

/*
 * Checks, before any work, that @path ("-" is stdout) can be written later:
 * its folder exists and is writable. KMB_EXIT_USAGE with the path named.
 */
int kmb_check_output_dir(const char *path, struct kmb_err *err);

/* Appends @item to the ", "-separated list in @buf (truncating, never overflowing). */
void kmb_list_append(char *buf, size_t len, const char *item);

/* Reads a small text file into @buf, trimming the trailing newline. */
int kmb_read_text(const char *path, char *buf, size_t len);

double kmb_now_sec(void);
/* ISO 8601 UTC timestamp of now, e.g. 2026-11-21T05:39:21Z. */
void kmb_iso_time(char *buf, size_t len);

#endif
