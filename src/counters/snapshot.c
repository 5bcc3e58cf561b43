/*
 * Reading the counters off a running kernel: /proc/vmstat, /proc/meminfo and
 * /sys/kernel/slab/<cache>/. A file the kernel does not have is left out of
 * the snapshot, never an error: the consumers record it as absent.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "counters.h"

/* /proc/vmstat is about 5 KiB on 6.12; a cut-off read would lose keys. */
#define KMB_CTR_BUF	(64 * 1024)

static char kmb_ctr_buf[KMB_CTR_BUF];

/* The whole file in kmb_ctr_buf, or NULL when it cannot be read. */
static const char *slurp(const char *root, const char *path)
{
	char full[PATH_MAX];
	size_t got = 0;
	ssize_t n;
	int fd;

	snprintf(full, sizeof(full), "%s%s", root, path);
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	while (got < KMB_CTR_BUF - 1 &&
	       (n = read(fd, kmb_ctr_buf + got, KMB_CTR_BUF - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	kmb_ctr_buf[got] = '\0';
	return kmb_ctr_buf;
}

static int cmp_size(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

json_t *kmb_ctr_kmalloc_caches(const char *root, const char *type, uint64_t lo, uint64_t hi)
{
	char dir[PATH_MAX];
	uint64_t classes[64], from = 0, to = 0, size;
	size_t n = 0, i;
	struct dirent *e;
	json_t *names;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/sys/kernel/slab", root);
	d = opendir(dir);
	if (!d)
		return NULL;
	while ((e = readdir(d)) && n < sizeof(classes) / sizeof(classes[0]))
		if (!kmb_ctr_kmalloc_class(e->d_name, type, &size))
			classes[n++] = size;
	qsort(classes, n, sizeof(*classes), cmp_size);
	/* The class that serves a request is the smallest at least as large. */
	for (i = 0; i < n && classes[i] < lo; i++)
		;
	if (i < n)
		from = classes[i];
	for (; i < n && classes[i] < hi; i++)
		;
	if (i < n)
		to = classes[i];
	else if (from)
		to = classes[n - 1];
	names = json_array();
	rewinddir(d);
	while (names && from && (e = readdir(d)))
		if (!kmb_ctr_kmalloc_class(e->d_name, type, &size) && size >= from && size <= to)
			json_array_append_new(names, json_string(e->d_name));
	closedir(d);
	return names;
}

int kmb_ctr_cache_number(const char *root, const char *name, const char *file, uint64_t *v)
{
	char path[PATH_MAX];
	const char *text;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/%s", name, file);
	text = slurp(root, path);
	return text ? kmb_ctr_first_number(text, v) : -1;
}

json_t *kmb_ctr_read_cache(const char *root, const char *name)
{
	char path[PATH_MAX], target[PATH_MAX];
	json_t *o = json_object();
	struct stat st;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/sys/kernel/slab/%s", root, name);
	if (!o || lstat(path, &st))
		return o;
	/* A merged cache is a link to the cache that really holds the objects. */
	n = S_ISLNK(st.st_mode) ? readlink(path, target, sizeof(target) - 1) : -1;
	if (n > 0) {
		const char *base;

		target[n] = '\0';
		base = strrchr(target, '/');
		json_object_set_new(o, "dir", json_string(base ? base + 1 : target));
	} else {
		json_object_set_new(o, "dir", json_string(name));
	}
	json_object_set_new(o, "link", json_boolean(n > 0));
	for (size_t i = 0; kmb_ctr_slab_files[i]; i++) {
		uint64_t v;

		if (!kmb_ctr_cache_number(root, name, kmb_ctr_slab_files[i], &v))
			json_object_set_new(o, kmb_ctr_slab_files[i], json_integer((json_int_t)v));
	}
	return o;
}

json_t *kmb_ctr_snapshot(const char *root, const json_t *caches)
{
	json_t *s = json_object(), *c = json_object(), *v;
	const char *text;
	size_t i;

	if (!s || !c)
		goto fail;
	text = slurp(root, "/proc/vmstat");
	if (text && (v = kmb_ctr_parse_vmstat(text)))
		json_object_set_new(s, "vmstat", v);
	text = slurp(root, "/proc/meminfo");
	if (text && (v = kmb_ctr_parse_meminfo(text)))
		json_object_set_new(s, "meminfo", v);
	json_array_foreach(caches, i, v) {
		const char *name = json_string_value(v);
		json_t *one = name ? kmb_ctr_read_cache(root, name) : NULL;

		if (!one || json_object_set_new(c, name, one))
			goto fail;
	}
	json_object_set_new(s, "caches", c);
	return s;
fail:
	json_decref(s);
	json_decref(c);
	return NULL;
}
