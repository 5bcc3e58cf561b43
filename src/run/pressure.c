/*
 * The runner's side of `run --pressure`: sizes the hog, keeps the OOM
 * killer away from the runner, starts the hog and waits until it holds its
 * memory, reaps it on every way out, and says in the result what it held.
 */
#include "pressure.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Making hundreds of MiB resident takes seconds under emulation. */
#define KMB_HOG_TIMEOUT_SEC	600

static const char *const kmb_hog_limits[] = {
	[KMB_HOG_TARGET] = "target",
	[KMB_HOG_RESERVE] = "reserve",
	[KMB_HOG_MAP_FAILED] = "mmap",
};

static const char *const kmb_hog_methods[] = {
	[KMB_HOG_MLOCK] = "mlock",
	[KMB_HOG_POPULATE] = "populate",
	[KMB_HOG_TOUCH] = "touch",
};

/* The oom_score_adj of process @pid (0: this one), or INT32_MIN. */
static int oom_score_adj(pid_t pid)
{
	char path[64], buf[32];

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/oom_score_adj");
	if (kmb_read_text(path, buf, sizeof(buf)))
		return INT32_MIN;
	return atoi(buf);
}

/* The OOM killer must take the hog, never the runner holding the results. */
static int protect_runner(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC), e;

	if (fd >= 0 && write(fd, "-1000", 5) == 5) {
		close(fd);
		return 1;
	}
	e = errno;
	if (fd >= 0)
		close(fd);
	fprintf(stderr, "kmembench: --pressure: cannot set this runner's oom_score_adj to -1000 "
		"(%s): the OOM killer might pick the runner rather than the memory hog "
		"(root can set it); going on\n", strerror(e));
	return 0;
}

static void describe_end(struct kmb_pressure *p, int status, int by_us)
{
	if (by_us)
		snprintf(p->end, sizeof(p->end), "released");
	else if (WIFSIGNALED(status))
		snprintf(p->end, sizeof(p->end), "killed by signal %d before the run ended%s",
			 WTERMSIG(status), WTERMSIG(status) == SIGKILL ? " (the OOM killer?)" : "");
	else
		snprintf(p->end, sizeof(p->end), "exited with status %d before the run ended",
			 WEXITSTATUS(status));
}

void kmb_pressure_stop(struct kmb_pressure *p)
{
	int status = 0;
	pid_t r;

	if (!p->pid)
		return;
	r = waitpid(p->pid, &status, WNOHANG);
	if (r == 0) {
		kill(p->pid, SIGKILL);
		while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
			;
		describe_end(p, status, 1);
	} else {
		describe_end(p, status, 0);
		fprintf(stderr, "kmembench: the memory hog %s: cases after that ran with less "
			"pressure\n", p->end);
	}
	p->pid = 0;
}

/* Reads the hog's report; 0 also when a stop signal ended the wait. */
static int wait_report(struct kmb_pressure *p, int fd, const volatile sig_atomic_t *stop,
		       struct kmb_err *err)
{
	unsigned char *dst = (unsigned char *)&p->report;
	double t0 = kmb_now_sec();
	size_t got = 0;

	while (got < sizeof(p->report)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (*stop)
			return 0;
		if (kmb_now_sec() - t0 > KMB_HOG_TIMEOUT_SEC)
			return kmb_fail(err, KMB_EXIT_ENV, "--pressure: the memory hog did not take "
					"its memory within %d s", KMB_HOG_TIMEOUT_SEC);
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(fd, dst + got, sizeof(p->report) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			kmb_pressure_stop(p);
			return kmb_fail(err, KMB_EXIT_ENV, "--pressure: the memory hog %s, before it "
					"held its memory", p->end);
		}
		got += (size_t)n;
	}
	p->reported = 1;
	p->hog_adj = oom_score_adj(p->pid);
	return 0;
}

int kmb_pressure_start(struct kmb_pressure *p, unsigned int percent,
		       const volatile sig_atomic_t *stop, struct kmb_err *err)
{
	pid_t parent = getpid();
	uint64_t page;
	int fds[2], ret;

	memset(p, 0, sizeof(*p));
	p->percent = percent;
	p->total = kmb_meminfo("MemTotal");
	p->available_before = kmb_meminfo("MemAvailable");
	if (!p->total || !p->available_before)
		return kmb_fail(err, KMB_EXIT_ENV, "--pressure: /proc/meminfo has no MemTotal "
				"or MemAvailable");
	p->reserve = p->total / 100 * KMB_PRESSURE_RESERVE_PCT;
	if (p->reserve < KMB_PRESSURE_RESERVE_MIN)
		p->reserve = KMB_PRESSURE_RESERVE_MIN;
	page = (uint64_t)sysconf(_SC_PAGESIZE);
	p->target = p->available_before / 100 * percent / page * page;
	p->runner_protected = protect_runner();
	if (pipe2(fds, O_CLOEXEC))
		return kmb_fail(err, KMB_EXIT_ENV, "--pressure: pipe: %s", strerror(errno));
	/* nothing buffered may be written twice, by the hog too */
	fflush(NULL);
	p->pid = fork();
	if (p->pid < 0) {
		p->pid = 0;
		close(fds[0]);
		close(fds[1]);
		return kmb_fail(err, KMB_EXIT_ENV, "--pressure: fork: %s", strerror(errno));
	}
	if (p->pid == 0) {
		close(fds[0]);
		kmb_hog_main(fds[1], parent, p->target, p->reserve);
	}
	close(fds[1]);
	ret = wait_report(p, fds[0], stop, err);
	close(fds[0]);
	if (ret || *stop)
		kmb_pressure_stop(p);
	if (!ret && p->reported)
		fprintf(stderr, "kmembench: memory pressure: the hog holds %.0f MiB (%s; %u %% of "
			"%.0f MiB available, %s), %.0f MiB are left available\n",
			(double)p->report.held / (1 << 20), kmb_hog_methods[p->report.method],
			percent, (double)p->available_before / (1 << 20),
			p->report.limit == KMB_HOG_TARGET ? "as asked" :
			p->report.limit == KMB_HOG_RESERVE ? "stopped at the reserve" :
			"stopped where mmap failed", (double)p->report.available / (1 << 20));
	return ret;
}

json_t *kmb_pressure_json(const struct kmb_pressure *p)
{
	int runner_adj = oom_score_adj(0);

	return json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:b, s:o, s:s}",
			 "percent", (int)p->percent,
			 "total_bytes", (json_int_t)p->total,
			 "available_before_bytes", (json_int_t)p->available_before,
			 "target_bytes", (json_int_t)p->target,
			 "reserve_bytes", (json_int_t)p->reserve,
			 "held_bytes", (json_int_t)p->report.held,
			 "available_held_bytes", (json_int_t)p->report.available,
			 "method", p->reported ?
				   json_string(kmb_hog_methods[p->report.method]) : json_null(),
			 "limited_by", p->reported ?
				       json_string(kmb_hog_limits[p->report.limit]) :
				       json_string("interrupted"),
			 "hog_oom_score_adj", p->reported && p->hog_adj != INT32_MIN ?
					      json_integer(p->hog_adj) : json_null(),
			 "runner_protected", p->runner_protected,
			 "runner_oom_score_adj", runner_adj == INT32_MIN ? json_null() :
						 json_integer(runner_adj),
			 "hog_end", p->end[0] ? p->end : "running");
}
