/*
 * The memory hog of `run --pressure`: a forked child that takes memory in
 * steps, makes it resident (mlock where allowed, so that swap cannot take
 * the pressure away), tells the runner what it holds and waits to be
 * killed. It is the OOM killer's first choice and dies with the runner.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "pressure.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23	/* Linux 5.14 */
#endif

uint64_t kmb_meminfo(const char *key)
{
	char buf[4096], *at;
	size_t klen = strlen(key);
	ssize_t n;
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (at = buf; (at = strstr(at, key)); at += klen) {
		if ((at == buf || at[-1] == '\n') && at[klen] == ':')
			return strtoull(at + klen + 1, NULL, 10) * 1024;	/* kB */
	}
	return 0;
}

/* Makes [p, p + len) resident; returns how (enum kmb_hog_method). */
static uint32_t make_resident(unsigned char *p, size_t len, size_t page)
{
	if (!mlock(p, len))
		return KMB_HOG_MLOCK;
	if (!madvise(p, len, MADV_POPULATE_WRITE))
		return KMB_HOG_POPULATE;
	for (size_t off = 0; off < len; off += page)
		p[off] = 1;
	return KMB_HOG_TOUCH;
}

void kmb_hog_main(int report_fd, pid_t parent, uint64_t target, uint64_t reserve)
{
	const uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	struct kmb_hog_report rep = { .limit = KMB_HOG_TARGET };
	int adj = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	/* Gone with the runner, however it ends (a SIGKILL included). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	/* The OOM killer's first choice: raising one's own is always allowed. */
	if (adj >= 0) {
		/* should it fail, the runner records the value the hog has */
		ssize_t w = write(adj, "1000", 4);

		(void)w;
		close(adj);
	}
	/* A terminal's Ctrl-C is the runner's to handle: it reaps the hog. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	/* Nothing of the runner's stays open here (the device above all). */
	if (report_fd != 3 && dup2(report_fd, 3) < 0)
		_exit(3);
	close_range(4, ~0U, 0);
	report_fd = 3;

	while (rep.held < target) {
		uint64_t avail = kmb_meminfo("MemAvailable"), step = target - rep.held;
		unsigned char *p;

		if (step > KMB_PRESSURE_CHUNK)
			step = KMB_PRESSURE_CHUNK;
		if (avail < reserve + step) {
			/* the last step: up to the reserve, not into it */
			step = avail > reserve ? (avail - reserve) / page * page : 0;
			rep.limit = KMB_HOG_RESERVE;
			if (!step)
				break;
		}
		p = mmap(NULL, step, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			rep.limit = KMB_HOG_MAP_FAILED;
			break;
		}
		rep.method = make_resident(p, step, page);
		rep.held += step;
		if (rep.limit == KMB_HOG_RESERVE)
			break;
	}
	rep.available = kmb_meminfo("MemAvailable");
	if (write(report_fd, &rep, sizeof(rep)) != (ssize_t)sizeof(rep))
		_exit(3);
	close(report_fd);
	for (;;)
		pause();
}
