/*
 * fault-cow: copy-on-write faults after fork(). The parent writes every
 * page, forks, and the child writes every page again, timing each write:
 * each one copies a page the parent still maps. The child reports its
 * samples and fault counts back through a pipe, then exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wl_lib.h"
#include "wl_pipe.h"
#include "workload.h"

static const struct kmb_dim cow_dims[] = {
	{ "sizes", "size", KMB_DIM_SIZES, NULL, "64M", 4096, 1ULL << 36 },
	{ "thp", "thp", KMB_DIM_NAMES, kmb_thp_advice_names, "nohuge", 0, 0 },
	{ 0 },
};

static const struct kmb_setting cow_settings[] = {
	{ "iterations", KMB_SETTING_UINT, 1, 1, 100000, NULL },
	{ 0 },
};

struct cow_report {
	uint64_t pages, minor, major;
	double ns;
};

/*
 * Takes, before counting, the faults the measuring loop would add: fork()
 * does not copy the page tables of the vDSO and its data page, so the
 * child's first clock reading faults them in, and the loop's stack frames
 * below this one are copy-on-write like any other page.
 */
__attribute__((noinline)) static void child_prefault(void)
{
	volatile char pad[4 * 4096];

	for (size_t i = 0; i < sizeof(pad); i += 512)
		pad[i] = 0;
	(void)kmb_now_ns();
}

/* In the child: nothing but system calls, then _exit. */
__attribute__((noreturn)) static void cow_child(char *p, size_t size, struct kmb_samples *s, int fd,
		      volatile sig_atomic_t *stop)
{
	struct kmb_samples mine = { .v = s->v + s->n, .n = 0, .cap = s->cap - s->n };
	volatile double *v = mine.v;
	size_t step = kmb_page_size() / sizeof(double);
	struct kmb_faults before, after;
	struct cow_report rep;

	/* The sample buffer is copy-on-write too: copy it before counting. */
	for (size_t i = 0; i < mine.cap; i += step)
		v[i] = v[i];
	if (mine.cap)
		v[mine.cap - 1] = v[mine.cap - 1];
	child_prefault();
	kmb_faults_now(&before);
	rep.pages = kmb_touch_timed(p, size, true, &mine, stop, &rep.ns);
	kmb_faults_now(&after);
	rep.minor = after.minor - before.minor;
	rep.major = after.major - before.major;
	if (kmb_write_all(fd, &rep, sizeof(rep)) ||
	    kmb_write_all(fd, mine.v, mine.n * sizeof(double)))
		_exit(1);
	_exit(0);
}

static int cow_collect(struct kmb_bench_case *c, pid_t pid, int fd, struct kmb_samples *s,
		       struct kmb_err *err)
{
	struct kmb_faults zero = { 0, 0 }, counted;
	struct cow_report rep;
	ssize_t got = kmb_read_all(fd, &rep, sizeof(rep));
	bool complete = false;
	int status, ret = 0;

	if (got == (ssize_t)sizeof(rep) && rep.pages <= s->cap - s->n) {
		size_t want = (size_t)rep.pages * sizeof(double);

		complete = kmb_read_all(fd, s->v + s->n, want) == (ssize_t)want;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return kmb_fail(err, KMB_EXIT_ENV, "%s: waitpid: %s", c->id,
					strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: the measuring child %s %d", c->id,
			       WIFEXITED(status) ? "exited with" : "was killed by signal",
			       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	else if (!complete)
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: the measuring child sent a short report",
			       c->id);
	if (ret)
		return ret;
	s->n += (size_t)rep.pages;
	counted.minor = rep.minor;
	counted.major = rep.major;
	kmb_faults_note(c, "write", rep.pages, &zero, &counted, rep.ns);
	return 0;
}

static int cow_once(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_samples *s,
		    size_t size, struct kmb_err *err)
{
	enum kmb_thp_advice advice = kmb_thp_advice_of(c);
	char *p = kmb_map_anon(size, kmb_thp_align(advice), 0);
	int fds[2], ret = 0;
	pid_t pid;

	if (!p)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: mmap of %zu bytes: %s", c->id, size,
				strerror(errno));
	if (kmb_thp_apply(p, size, advice) || pipe2(fds, O_CLOEXEC)) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: madvise or pipe: %s", c->id,
			       strerror(errno));
		munmap(p, size);
		return ret;
	}
	kmb_touch(p, size, true);
	pid = fork();
	if (pid < 0) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: fork: %s", c->id, strerror(errno));
	} else if (pid == 0) {
		close(fds[0]);
		cow_child(p, size, s, fds[1], ctx->stop);
	} else {
		close(fds[1]);
		fds[1] = -1;
		ret = cow_collect(c, pid, fds[0], s, err);
	}
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	munmap(p, size);
	return ret;
}

static int cow_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	size_t page = kmb_page_size();
	size_t size = (kmb_param_uint(c, "size") + page - 1) / page * page;
	uint64_t iterations = kmb_param_uint(c, "iterations");
	struct kmb_samples s = { 0 };
	char why[256];
	int ret = 0;

	if (!kmb_thp_usable(kmb_thp_advice_of(c), why, sizeof(why))) {
		kmb_case_skip(c, "%s", why);
		return 0;
	}
	if (kmb_samples_init(&s, size / page * iterations))
		return kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
	for (uint64_t i = 0; i < iterations && !*ctx->stop && !ret; i++)
		ret = cow_once(c, ctx, &s, size, err);
	if (!ret)
		ret = kmb_record(c, "write", "ns", &s, s.n, 0, 0, err);
	json_object_set_new(c->extra, "thp", kmb_thp_json());
	json_object_set_new(c->extra, "clock", kmb_clock_json());
	if (*ctx->stop)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
	kmb_samples_free(&s);
	return ret;
}

const struct kmb_workload kmb_workload_fault_cow = {
	.name = "fault-cow",
	.dims = cow_dims,
	.settings = cow_settings,
	.run_rep = cow_run_rep,
};
