/*
 * The concurrent phase. The device has one opener at a time, but that
 * opener may have many threads and hand its descriptor to children: each
 * round, worker threads and a forked sharer send requests on the same
 * descriptor at once, a second opener keeps being refused, a child that
 * dropped root keeps getting EPERM; then the descriptor is closed while a
 * case runs, the sharer is SIGKILLed, and the device must open again with
 * nothing left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ifz.h"

/* Requests the unprivileged child makes per round. */
#define IFZ_NOPRIV_REQUESTS	256
/* Stream ids that no worker uses. */
#define IFZ_ID_NOPRIV		0xfffe
#define IFZ_ID_INFLIGHT		0xfffd
/* How long the device may stay busy after the close (in-flight cases). */
#define IFZ_REOPEN_SECONDS	60

struct ifz_job {
	struct ifz_worker w;
	uint64_t first, count;
	pthread_t tid;
};

struct ifz_opener {
	struct ifz_env *env;
	int stop;
	pthread_t tid;
};

static void sleep_us(uint64_t us)
{
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int job_init(struct ifz_job *j, struct ifz_env *env, uint32_t id, int fd, uint64_t first,
		    uint64_t count)
{
	memset(j, 0, sizeof(*j));
	j->w.env = env;
	j->w.id = id;
	j->w.fd = fd;
	j->w.concurrent = 1;
	j->first = first;
	j->count = count;
	return ifz_arena_init(&j->w.arena, env->page, IFZ_SAMPLES_CONC);
}

static void *job_main(void *arg)
{
	struct ifz_job *j = arg;

	for (uint64_t i = 0; i < j->count; i++)
		ifz_one(&j->w, j->first + i);
	return NULL;
}

/* One long case, on the descriptor the coordinator is about to close. */
static void *inflight_main(void *arg)
{
	struct ifz_job *j = arg;
	struct ifz_rng r = ifz_stream(j->w.env->seed, j->w.id, j->first);

	ifz_do_long_run(&j->w, &r, j->first);
	return NULL;
}

/* Another open() while the device is open: refused with EBUSY, every time. */
static void *opener_main(void *arg)
{
	struct ifz_opener *o = arg;
	static const int modes[] = { O_RDWR, O_RDONLY, O_WRONLY };
	unsigned int n = 0;

	while (!__atomic_load_n(&o->stop, __ATOMIC_ACQUIRE)) {
		int fd = open(o->env->device, modes[n++ % 3] | O_CLOEXEC), err = errno;

		ifz_count(o->env, IFZ_OPEN, fd < 0 ? -1 : 0, err);
		if (fd >= 0) {
			close(fd);
			ifz_violation(o->env, 0, n, IFZ_OPEN, "a second opener got the device");
		} else if (err != EBUSY) {
			ifz_violation(o->env, 0, n, IFZ_OPEN, "a second open failed with %s, not EBUSY",
				      strerror(err));
		}
		sleep_us(2000);
	}
	return NULL;
}

/*
 * A process sharing the descriptor: its requests, then a byte on @done, and
 * once a byte comes on @go (its long cases would have held up the workers,
 * the module runs one case at a time) long cases until it is killed in one.
 */
static pid_t start_sharer(struct ifz_env *env, uint32_t id, int fd, const int done[2],
			  const int go[2], uint64_t first, uint64_t count)
{
	struct ifz_job j;
	pid_t pid = fork();
	char c = 1;

	if (pid)
		return pid;
	if (job_init(&j, env, id, fd, first, count))
		_exit(3);
	job_main(&j);
	if (write(done[1], &c, 1) != 1)
		_exit(3);
	while (read(go[0], &c, 1) < 0 && errno == EINTR)
		;
	for (uint64_t i = 0;; i++) {
		struct ifz_rng r = ifz_stream(env->seed, id, first + count + i);

		ifz_do_long_run(&j.w, &r, first + count + i);
	}
}

/* One byte from @fd, waiting through signals. */
static void wait_byte(int fd)
{
	char c;

	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
}

/* A child that dropped root: the descriptor it inherited answers EPERM. */
static pid_t start_nopriv(struct ifz_env *env, int fd, uint64_t first)
{
	static const unsigned long cmds[] = { KMB_IOC_ABI_VERSION, KMB_IOC_INFO, KMB_IOC_RUN,
					      KMB_IOC_PROBE };
	uint64_t buf[512];
	pid_t pid = fork();
	int nfd;

	if (pid)
		return pid;
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		_exit(3);
	for (uint64_t i = 0; i < IFZ_NOPRIV_REQUESTS; i++) {
		struct ifz_rng r = ifz_stream(env->seed, IFZ_ID_NOPRIV, first + i);
		unsigned long cmd = ifz_chance(&r, 800000) ? cmds[ifz_below(&r, 4)] :
				    _IOC((unsigned int)ifz_below(&r, 4), KMB_IOC_MAGIC,
					 (unsigned int)ifz_below(&r, 256),
					 (unsigned int)ifz_below(&r, 1024));
		int ret, err;

		for (size_t b = 0; b < sizeof(buf) / sizeof(buf[0]); b++)
			buf[b] = ifz_next(&r);
		ret = ioctl(fd, cmd, buf);
		err = errno;
		ifz_count(env, IFZ_NOPRIV, ret, err);
		if (!(ret == -1 && err == EPERM))
			ifz_violation(env, IFZ_ID_NOPRIV, first + i, IFZ_NOPRIV,
				      "cmd 0x%lx without root returned %d (%s)", cmd, ret,
				      ret ? strerror(err) : "no error");
	}
	nfd = open(env->device, O_RDWR | O_CLOEXEC);
	ifz_count(env, IFZ_NOPRIV, nfd < 0 ? -1 : 0, errno);
	if (nfd >= 0 || (errno != EACCES && errno != EPERM))
		ifz_violation(env, IFZ_ID_NOPRIV, first, IFZ_NOPRIV,
			      "open without root: %s", nfd >= 0 ? "succeeded" : strerror(errno));
	_exit(0);
}

static void reap(struct ifz_env *env, pid_t pid, int want_sigkill, uint64_t index)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (want_sigkill) {
		int killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;

		ifz_count(env, IFZ_KILLED, killed ? 0 : -1, killed ? 0 : EINVAL);
		if (!killed)
			ifz_violation(env, 0, index, IFZ_KILLED, "the sharer ended with status 0x%x",
				      status);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		ifz_violation(env, 0, index, IFZ_NOPRIV, "the unprivileged child ended with 0x%x",
			      status);
	}
}

/* After the close: the device opens again once nothing holds it, idle. */
static int reopen_idle(struct ifz_env *env, uint64_t index)
{
	struct ifz_worker w = { .env = env };

	for (int i = 0; i < IFZ_REOPEN_SECONDS * 100; i++) {
		w.fd = ifz_open_device(env);
		if (w.fd >= 0 || w.fd != -EBUSY)
			break;
		sleep_us(10000);
	}
	ifz_count(env, IFZ_REOPEN, w.fd < 0 ? -1 : 0, -w.fd);
	if (w.fd < 0) {
		ifz_violation(env, 0, index, IFZ_REOPEN, "the device did not open again: %s",
			      strerror(-w.fd));
		exit(1);
	}
	ifz_check_idle(&w, index, "after a concurrent round");
	return w.fd;
}

static void round_run(struct ifz_env *env, int *fd, uint64_t first, uint64_t count,
		      uint32_t threads, uint32_t round)
{
	uint64_t share = count / (threads + 1);
	struct ifz_job *jobs = calloc(threads + 1, sizeof(*jobs));
	struct ifz_opener opener = { .env = env };
	struct ifz_rng r = ifz_stream(env->seed, IFZ_ID_INFLIGHT, first);
	pid_t sharer, nopriv;
	int go[2], done[2];
	char c = 1;

	if (!jobs || pipe2(go, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) {
		perror("ioctl-fuzz");
		exit(3);
	}
	fflush(NULL);
	/* processes first: forking a threaded process leaves locks behind */
	sharer = start_sharer(env, threads + 1, *fd, done, go, first + threads * share,
			      count - threads * share);
	/* the sharer's ends: a sharer that died shows as end of file */
	close(done[1]);
	close(go[0]);
	nopriv = start_nopriv(env, *fd, first + round * IFZ_NOPRIV_REQUESTS);
	if (sharer < 0 || nopriv < 0) {
		perror("ioctl-fuzz: fork");
		exit(3);
	}
	pthread_create(&opener.tid, NULL, opener_main, &opener);
	for (uint32_t t = 0; t < threads; t++) {
		if (job_init(&jobs[t], env, t + 1, *fd, first + t * share, share)) {
			perror("ioctl-fuzz: mmap");
			exit(3);
		}
		pthread_create(&jobs[t].tid, NULL, job_main, &jobs[t]);
	}
	for (uint32_t t = 0; t < threads; t++)
		pthread_join(jobs[t].tid, NULL);

	/* the sharer's share done, its long cases begin: it dies in one */
	wait_byte(done[0]);
	if (write(go[1], &c, 1) != 1)
		perror("ioctl-fuzz: pipe");
	/* close the descriptor while a case runs on it, kill the sharer */
	if (job_init(&jobs[threads], env, IFZ_ID_INFLIGHT, *fd, first, 1)) {
		perror("ioctl-fuzz: mmap");
		exit(3);
	}
	pthread_create(&jobs[threads].tid, NULL, inflight_main, &jobs[threads]);
	sleep_us(2000 + ifz_below(&r, 20000));
	__atomic_store_n(&opener.stop, 1, __ATOMIC_RELEASE);
	pthread_join(opener.tid, NULL);
	close(*fd);
	sleep_us(ifz_below(&r, 20000));
	kill(sharer, SIGKILL);
	reap(env, sharer, 1, first);
	reap(env, nopriv, 0, first);
	pthread_join(jobs[threads].tid, NULL);
	*fd = reopen_idle(env, first + count);
	close(go[1]);
	close(done[0]);
	for (uint32_t t = 0; t <= threads; t++)
		ifz_arena_free(&jobs[t].w.arena, env->page);
	free(jobs);
}

void ifz_concurrent(struct ifz_env *env, int *fd, uint64_t first, uint64_t requests,
		    uint32_t threads, uint32_t rounds)
{
	uint64_t per = requests / rounds;

	for (uint32_t k = 0; k < rounds; k++)
		round_run(env, fd, first + k * per, k + 1 < rounds ? per : requests - k * per,
			  threads, k);
}
