/*
 * fault-file: faults on a mapped regular file, one timed touch per page.
 * "hot" maps a file whose pages are all in the page cache (minor faults,
 * fewer than one per page on reads because of fault-around); "cold" evicts
 * the file first (fdatasync, POSIX_FADV_DONTNEED, then MADV_PAGEOUT for what
 * stays), so the first touch of a page reads it from the disk: a major fault.
 * The file lives in a mkdtemp() directory removed after every repetition.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "wl_lib.h"
#include "workload.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define KMB_WARM_CHUNK (1u << 20)

static const char *const file_mappings[] = { "private", "shared", NULL };
static const char *const file_accesses[] = { "read", "write", NULL };
static const char *const file_caches[] = { "hot", "cold", NULL };
static const char *const file_advices[] = { "normal", "random", "sequential", NULL };

static const struct kmb_dim file_dims[] = {
	{ "mapping", "mapping", KMB_DIM_NAMES, file_mappings, "private", 0, 0 },
	{ "access", "access", KMB_DIM_NAMES, file_accesses, "read", 0, 0 },
	{ "cache", "cache", KMB_DIM_NAMES, file_caches, "hot", 0, 0 },
	{ "advice", "advice", KMB_DIM_NAMES, file_advices, "normal", 0, 0 },
	{ "sizes", "size", KMB_DIM_SIZES, NULL, "16M", 4096, 1ULL << 36 },
	{ 0 },
};

static const struct kmb_setting file_settings[] = {
	{ "iterations", KMB_SETTING_UINT, 1, 1, 100000, NULL },
	/* Where the scratch file goes: a disk, for major faults to exist. */
	{ "dir", KMB_SETTING_STRING, 0, 0, 0, NULL },
	{ 0 },
};

static const char *fs_name(const char *dir)
{
	static const struct {
		long magic;
		const char *name;
	} known[] = {
		{ 0xEF53, "ext2/3/4" }, { 0x58465342, "xfs" }, { 0x9123683E, "btrfs" },
		{ 0x01021994, "tmpfs" }, { 0x858458f6, "ramfs" }, { 0x794c7630, "overlayfs" },
		{ 0x6969, "nfs" }, { 0x65735546, "fuse" }, { 0x2fc12fc1, "zfs" },
		{ 0xF2F52010, "f2fs" }, { 0x01021997, "9p" }, { 0x786f4256, "virtiofs?" },
	};
	struct statfs st;

	if (statfs(dir, &st))
		return "unknown";
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if ((long)st.f_type == known[i].magic)
			return known[i].name;
	return "other";
}

/* Pages of the file in the page cache, or -1 when that cannot be told. */
static long resident_pages(int fd, size_t size)
{
	size_t pages = size / kmb_page_size();
	unsigned char *vec = malloc(pages ? pages : 1);
	void *p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	long n = -1;

	if (vec && p != MAP_FAILED && mincore(p, size, vec) == 0) {
		n = 0;
		for (size_t i = 0; i < pages; i++)
			n += vec[i] & 1;
	}
	if (p != MAP_FAILED)
		munmap(p, size);
	free(vec);
	return n;
}

/* Drops the file from the page cache; returns the pages that stayed. */
static long evict(int fd, size_t size)
{
	long left;
	void *p;

	if (fdatasync(fd) || posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED))
		return -1;
	left = resident_pages(fd, size);
	if (left <= 0)
		return left;
	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return left;
	madvise(p, size, MADV_PAGEOUT);
	munmap(p, size);
	return resident_pages(fd, size);
}

/* Reads the whole file so that every page is in the page cache. */
static int warm(int fd, size_t size)
{
	char *buf = malloc(KMB_WARM_CHUNK);
	size_t done = 0;

	if (!buf)
		return -1;
	while (done < size) {
		ssize_t r = pread(fd, buf, KMB_WARM_CHUNK, (off_t)done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	free(buf);
	return done == size ? 0 : -1;
}

static int advice_of(const struct kmb_bench_case *c)
{
	if (kmb_param_is(c, "advice", "random"))
		return MADV_RANDOM;
	if (kmb_param_is(c, "advice", "sequential"))
		return MADV_SEQUENTIAL;
	return MADV_NORMAL;
}

struct file_run {
	struct kmb_tmpfile f;
	struct kmb_samples s;
	size_t size;
	bool cold, write;
	long left_resident;	/* pages still cached after the last eviction */
};

static int file_once(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct file_run *r,
		     struct kmb_err *err)
{
	int flags = kmb_param_is(c, "mapping", "shared") ? MAP_SHARED : MAP_PRIVATE;
	struct kmb_faults before, after;
	size_t pages;
	double ns;
	char *p;

	if (r->cold)
		r->left_resident = evict(r->f.fd, r->size);
	if (r->cold ? r->left_resident < 0 : warm(r->f.fd, r->size) != 0)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: cannot %s the scratch file %s: %s", c->id,
				r->cold ? "evict" : "read", r->f.path, strerror(errno));
	p = mmap(NULL, r->size, PROT_READ | PROT_WRITE, flags, r->f.fd, 0);
	if (p == MAP_FAILED)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: mmap of %s: %s", c->id, r->f.path,
				strerror(errno));
	if (madvise(p, r->size, advice_of(c))) {
		int e = errno;

		munmap(p, r->size);
		return kmb_fail(err, KMB_EXIT_ENV, "%s: madvise: %s", c->id, strerror(e));
	}
	kmb_faults_now(&before);
	pages = kmb_touch_timed(p, r->size, r->write, &r->s, ctx->stop, &ns);
	kmb_faults_now(&after);
	kmb_faults_note(c, r->write ? "write" : "read", pages, &before, &after, ns);
	munmap(p, r->size);
	return 0;
}

/* Whether this file system lets the page cache go; skips the case if not. */
static bool can_evict(struct kmb_bench_case *c, struct file_run *r, const char *base)
{
	long left = evict(r->f.fd, r->size);

	if (left == 0)
		return true;
	if (left < 0)
		kmb_case_skip(c, "cannot evict %s (%s) from the page cache: %s", r->f.path,
			      fs_name(base), strerror(errno));
	else
		kmb_case_skip(c, "the page cache of %s (%s) cannot be evicted: %ld of %zu pages "
			      "stayed resident after POSIX_FADV_DONTNEED and MADV_PAGEOUT, so no "
			      "major fault can happen (use a disk-backed \"dir\")", base,
			      fs_name(base), left, r->size / kmb_page_size());
	return false;
}

static int file_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	size_t page = kmb_page_size();
	uint64_t iterations = kmb_param_uint(c, "iterations");
	const char *base = kmb_tmpfile_base(c);
	struct file_run r = { .f = { .fd = -1 } };
	int ret;

	r.size = (kmb_param_uint(c, "size") + page - 1) / page * page;
	r.cold = kmb_param_is(c, "cache", "cold");
	r.write = kmb_param_is(c, "access", "write");
	ret = kmb_tmpfile_create(&r.f, base, r.size, err);
	if (ret)
		return ret;
	if (r.cold && !can_evict(c, &r, base))
		goto out;
	if (kmb_samples_init(&r.s, r.size / page * iterations)) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
		goto out;
	}
	for (uint64_t i = 0; i < iterations && !*ctx->stop && !ret; i++)
		ret = file_once(c, ctx, &r, err);
	if (!ret)
		ret = kmb_record(c, r.write ? "write" : "read", "ns", &r.s, r.s.n, 0, 0, err);
	json_object_set_new(c->extra, "file", json_pack(
		"{s:s, s:s, s:o}", "dir", base, "fs", fs_name(base), "resident_pages_after_evict",
		r.cold ? json_integer(r.left_resident) : json_null()));
	json_object_set_new(c->extra, "clock", kmb_clock_json());
	if (*ctx->stop)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
out:
	kmb_samples_free(&r.s);
	kmb_tmpfile_remove(&r.f);
	return ret;
}

const struct kmb_workload kmb_workload_fault_file = {
	.name = "fault-file",
	.dims = file_dims,
	.settings = file_settings,
	.run_rep = file_run_rep,
};
