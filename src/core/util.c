#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int kmb_fail(struct kmb_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

int kmb_err_print(const struct kmb_err *err)
{
	fprintf(stderr, "kmembench: %s\n", err->msg);
	return err->code;
}

int kmb_write_file_atomic(const char *path, const char *buf, size_t len, struct kmb_err *err)
{
	char tmp[PATH_MAX];
	int fd, e;

	if (strcmp(path, "-") == 0) {
		if (fwrite(buf, 1, len, stdout) != len || fflush(stdout))
			return kmb_fail(err, KMB_EXIT_ENV, "writing to stdout failed");
		return 0;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: path too long", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: cannot create a file there: %s", path,
				strerror(errno));
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fd, buf + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		done += (size_t)w;
	}
	if (fsync(fd) || fchmod(fd, 0644))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path)) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return kmb_fail(err, KMB_EXIT_ENV, "%s: writing failed: %s", path, strerror(e));
}

int kmb_write_json_atomic(const char *path, json_t *doc, struct kmb_err *err)
{
	const size_t flags = JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10);
	char *text = json_dumps(doc, flags), *file = NULL;
	int ret, len;

	/* json_dumps leaves no final newline; files end with one. */
	len = text ? asprintf(&file, "%s\n", text) : -1;
	free(text);
	if (len < 0)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory rendering JSON", path);
	ret = kmb_write_file_atomic(path, file, (size_t)len, err);
	free(file);
	return ret;
}

json_t *kmb_read_json(const char *path, struct kmb_err *err)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	if (!doc) {
		if (jerr.line < 0)
			kmb_fail(err, KMB_EXIT_USAGE, "%s: %s", path, jerr.text);
		else
			kmb_fail(err, KMB_EXIT_USAGE, "%s:%d:%d: not valid JSON: %s", path,
				 jerr.line, jerr.column, jerr.text);
	}
	return doc;
}

unsigned int kmb_page_order(uint64_t bytes, uint64_t page_size)
{
	unsigned int order = 0;

	while (order < 63 && page_size << order < bytes)
		order++;
	return order;
}

int kmb_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int kmb_parse_double(const char *s, double lo, double hi, bool pct, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (pct && *end == '%')
		end++;
	if (end == s || *end || errno || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int kmb_check_output_dir(const char *path, struct kmb_err *err)
{
	char buf[PATH_MAX];

	if (strcmp(path, "-") == 0)
		return 0;
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: path too long", path);
	if (access(dirname(buf), W_OK))
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: cannot write into its folder: %s", path,
				strerror(errno));
	return 0;
}

int kmb_parse_size(const char *s, uint64_t *out)
{
	static const struct {
		const char *suffix;
		unsigned int shift;
	} units[] = {
		{ "", 0 }, { "B", 0 },
		{ "K", 10 }, { "KB", 10 }, { "KIB", 10 },
		{ "M", 20 }, { "MB", 20 }, { "MIB", 20 },
		{ "G", 30 }, { "GB", 30 }, { "GIB", 30 },
		{ "T", 40 }, { "TB", 40 }, { "TIB", 40 },
	};
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].suffix) == 0) {
			if (units[i].shift && v > (UINT64_MAX >> units[i].shift))
				return -1;
			*out = (uint64_t)v << units[i].shift;
			return 0;
		}
	}
	return -1;
}

void kmb_list_append(char *buf, size_t len, const char *item)
{
	size_t used = strnlen(buf, len);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s", used ? ", " : "", item);
}

int kmb_read_text(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

double kmb_now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void kmb_iso_time(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_t *kmb_json_real_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

int kmb_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

int kmb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

uint64_t kmb_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
