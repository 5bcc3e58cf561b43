#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wl_lib.h"

#define KMB_FILL_CHUNK (1u << 20)

const char *kmb_tmpfile_base(const struct kmb_bench_case *c)
{
	const char *dir = kmb_param_str(c, "dir"), *env;
	struct stat st;

	if (*dir)
		return dir;
	env = getenv("TMPDIR");
	if (env && *env)
		return env;
	/* A guest's initramfs may have no /var/tmp. */
	return stat("/var/tmp", &st) == 0 && S_ISDIR(st.st_mode) ? "/var/tmp" : "/tmp";
}

/* Non-zero contents: a zero-filled file could be stored sparse. */
static int fill(int fd, uint64_t size)
{
	char *buf = malloc(KMB_FILL_CHUNK);
	uint64_t done = 0;

	if (!buf)
		return -1;
	memset(buf, 0x5a, KMB_FILL_CHUNK);
	while (done < size) {
		size_t chunk = size - done < KMB_FILL_CHUNK ? (size_t)(size - done) : KMB_FILL_CHUNK;
		ssize_t w = write(fd, buf, chunk);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;

			free(buf);
			errno = e;
			return -1;
		}
		done += (uint64_t)w;
	}
	free(buf);
	return fsync(fd);
}

int kmb_tmpfile_create(struct kmb_tmpfile *t, const char *base, uint64_t size,
		       struct kmb_err *err)
{
	t->fd = -1;
	t->path[0] = '\0';
	if (snprintf(t->dir, sizeof(t->dir), "%s/kmembench.XXXXXX", base) >= (int)sizeof(t->dir)) {
		t->dir[0] = '\0';
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: path too long", base);
	}
	if (!mkdtemp(t->dir)) {
		int e = errno;

		t->dir[0] = '\0';
		return kmb_fail(err, KMB_EXIT_ENV, "%s: cannot create a scratch directory: %s",
				base, strerror(e));
	}
	if (snprintf(t->path, sizeof(t->path), "%s/data", t->dir) >= (int)sizeof(t->path)) {
		t->path[0] = '\0';
		kmb_tmpfile_remove(t);
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: path too long", base);
	}
	t->fd = open(t->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (t->fd < 0 || fill(t->fd, size)) {
		int e = errno;

		kmb_tmpfile_remove(t);
		return kmb_fail(err, KMB_EXIT_ENV, "%s: cannot write a %llu-byte scratch file: %s",
				base, (unsigned long long)size, strerror(e));
	}
	return 0;
}

void kmb_tmpfile_remove(struct kmb_tmpfile *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->path[0])
		unlink(t->path);
	t->path[0] = '\0';
	if (t->dir[0])
		rmdir(t->dir);
	t->dir[0] = '\0';
}
