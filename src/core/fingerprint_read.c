/*
 * Readers of what the running kernel exposes about allocation cost, for the
 * fingerprint (fingerprint.h). Each returns NULL when its file is absent or
 * unreadable: the fingerprint records that as absent.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fingerprint.h"
#include "util.h"

/* At most this much of the kernel log is read (its buffer is far smaller). */
#define KMSG_MAX	(16u << 20)

static void join(char *buf, size_t len, const char *root, const char *path)
{
	snprintf(buf, len, "%s%s", root, path);
}

/* The whole of @s is one integer (surrounding blanks aside). */
static json_t *integer_of(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (errno || end == s || *end)
		return NULL;
	return json_integer(v);
}

json_t *kmb_fp_read_integer(const char *root, const char *arg, char *source, size_t len)
{
	char path[4096], buf[64];
	json_t *v;

	join(path, sizeof(path), root, arg);
	if (kmb_read_text(path, buf, sizeof(buf)) || !(v = integer_of(buf)))
		return NULL;
	snprintf(source, len, "%s", arg);
	return v;
}

json_t *kmb_fp_read_choice(const char *root, const char *arg, char *source, size_t len)
{
	char path[4096], buf[256], *l, *r;

	join(path, sizeof(path), root, arg);
	if (kmb_read_text(path, buf, sizeof(buf)))
		return NULL;
	l = strchr(buf, '[');
	r = l ? strchr(l, ']') : NULL;
	if (!l || !r)
		return NULL;
	*r = '\0';
	snprintf(source, len, "%s", arg);
	return json_string(l + 1);
}

json_t *kmb_fp_read_meminfo(const char *root, const char *arg, char *source, size_t len)
{
	char path[4096], line[256];
	size_t klen = strlen(arg);
	json_t *v = NULL;
	FILE *f;

	join(path, sizeof(path), root, "/proc/meminfo");
	if (!(f = fopen(path, "re")))
		return NULL;
	while (!v && fgets(line, sizeof(line), f)) {
		char *end;
		long long kib;

		if (strncmp(line, arg, klen) != 0 || line[klen] != ':')
			continue;
		kib = strtoll(line + klen + 1, &end, 10);
		if (end != line + klen + 1 && strncmp(end, " kB", 3) == 0)
			v = json_integer(kib * 1024);
	}
	fclose(f);
	if (v)
		snprintf(source, len, "/proc/meminfo %s", arg);
	return v;
}

/*
 * The kernel log as one string: /dev/kmsg gives one record per read and
 * EAGAIN at its end (EPIPE when a record was overwritten meanwhile: read on);
 * a fixture file gives chunks and then 0.
 */
static char *read_kmsg(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t n = 0, cap = 0;
	char *buf = NULL;

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t got;

		if (cap - n < 8192 + 1) {
			char *grown;

			if (cap >= KMSG_MAX || !(grown = realloc(buf, cap + (64u << 10))))
				break;
			buf = grown;
			cap += 64u << 10;
		}
		got = read(fd, buf + n, 8192);
		if (got > 0)
			n += (size_t)got;
		else if (got < 0 && (errno == EPIPE || errno == EINTR))
			continue;
		else
			break;
	}
	close(fd);
	if (buf)
		buf[n] = '\0';
	return buf;
}

json_t *kmb_fp_read_meminit_log(const char *root, const char *arg, char *source, size_t len)
{
	char path[4096], field[64], *log, *line, *next;
	json_t *v = NULL;

	join(path, sizeof(path), root, "/dev/kmsg");
	if (!(log = read_kmsg(path)))
		return NULL;
	snprintf(field, sizeof(field), "%s:", arg);
	for (line = log; line && *line; line = next) {
		char *at, *hit;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		at = strstr(line, "mem auto-init: stack:");
		if (!at || !(hit = strstr(at, field)))
			continue;
		hit += strlen(field);
		hit[strcspn(hit, ", \t")] = '\0';
		json_decref(v);	/* the last one is what the kernel runs with */
		v = json_string(hit);
	}
	free(log);
	if (v)
		snprintf(source, len, "/dev/kmsg mem auto-init");
	return v;
}

json_t *kmb_fp_read_slab_debug(const char *root, const char *arg, char *source, size_t len)
{
	static const char *const flags[] = {
		"sanity_checks", "red_zone", "poison", "store_user", "trace",
	};
	char set[128] = "", path[4096], buf[16];
	bool any = false;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		char rel[512];

		snprintf(rel, sizeof(rel), "/sys/kernel/slab/%s/%s", arg, flags[i]);
		join(path, sizeof(path), root, rel);
		if (kmb_read_text(path, buf, sizeof(buf)))
			continue;
		any = true;
		if (strcmp(buf, "1") == 0)
			kmb_list_append(set, sizeof(set), flags[i]);
	}
	if (!any)
		return NULL;
	snprintf(source, len, "/sys/kernel/slab/%s", arg);
	return json_string(set[0] ? set : "off");
}

json_t *kmb_fp_read_vulnerabilities(const char *root, const char *arg, char *source,
				    size_t len)
{
	char path[4096];
	struct dirent *e;
	json_t *o;
	DIR *d;

	join(path, sizeof(path), root, arg);
	if (!(d = opendir(path)))
		return NULL;
	o = json_object();
	while ((e = readdir(d))) {
		char file[4096 + 256], status[512];

		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
		if (kmb_read_text(file, status, sizeof(status)) == 0 &&
		    strcmp(status, "Not affected") != 0)
			json_object_set_new(o, e->d_name, json_string(status));
	}
	closedir(d);
	snprintf(source, len, "%s", arg);
	return o;
}

json_t *kmb_fp_read_zones(const char *root, const char *arg, char *source, size_t len)
{
	char path[4096], line[256], node[32] = "", zone[32] = "";
	json_t *o;
	FILE *f;

	join(path, sizeof(path), root, arg);
	if (!(f = fopen(path, "re")))
		return NULL;
	o = json_object();
	while (fgets(line, sizeof(line), f)) {
		int n;
		long long managed;
		char name[32];

		if (sscanf(line, "Node %d, zone %31s", &n, name) == 2) {
			snprintf(node, sizeof(node), "node%d", n);
			snprintf(zone, sizeof(zone), "%s", name);
		} else if (zone[0] && sscanf(line, " managed %lld", &managed) == 1) {
			json_t *per = json_object_get(o, node);

			if (managed > 0) {
				if (!per)
					json_object_set_new(o, node, per = json_object());
				json_object_set_new(per, zone, json_integer(managed));
			}
			zone[0] = '\0';
		}
	}
	fclose(f);
	snprintf(source, len, "%s", arg);
	return o;
}
