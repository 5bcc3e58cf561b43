/*
 * kmembench-ioctl-fuzz: sends random and mutated requests to /dev/kmembench
 * and checks every answer (tests/fuzz/README.md). The kernel's own checks
 * (slub_debug, the log scan of scripts/vm-run) catch what the module does
 * wrong inside; this program catches what it answers wrong.
 *
 * First a sequential phase, reproducible request by request (--replay),
 * then a concurrent one: threads and a forked process sharing the
 * descriptor, a second opener, a process without root using it, a sharer
 * killed mid-request and the descriptor closed while a case runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ifz.h"

/* Kinds per million requests; SIGNAL and REOPEN only run sequentially. */
static const uint32_t ifz_weights[IFZ_KIND_NR] = {
	[IFZ_NUMBER] = 260500,
	[IFZ_INFO] = 5000,
	[IFZ_RUN] = 380000,
	[IFZ_PROBE] = 250000,
	[IFZ_POINTER] = 70000,
	[IFZ_TRUNCATED] = 34000,
	[IFZ_SIGNAL] = 300,
	[IFZ_REOPEN] = 200,
};

/* A FRAGMENT hold is given back after this many requests. */
#define IFZ_HOLD_REQUESTS	3000
/* The module must be idle this often in the sequential phase. */
#define IFZ_IDLE_EVERY		4096

static void on_signal(int sig)
{
	(void)sig;
}

/* The sequential request in flight, named when the fuzzer itself crashes. */
static volatile uint64_t ifz_current;

static void on_crash(int sig)
{
	char msg[96];
	int n = snprintf(msg, sizeof(msg), "ioctl-fuzz: signal %d in request %llu\n", sig,
			 (unsigned long long)ifz_current);

	if (write(STDERR_FILENO, msg, (size_t)n) < 0)
		_exit(128 + sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

int ifz_open_device(const struct ifz_env *env)
{
	int fd = open(env->device, O_RDWR | O_CLOEXEC);

	return fd >= 0 ? fd : -errno;
}

static void reopen(struct ifz_worker *w, uint64_t index)
{
	int fd;

	close(w->fd);
	fd = ifz_open_device(w->env);
	ifz_count(w->env, IFZ_REOPEN, fd < 0 ? -1 : 0, -fd);
	if (fd < 0) {
		ifz_violation(w->env, w->id, index, IFZ_REOPEN, "reopening failed: %s",
			      strerror(-fd));
		exit(1);
	}
	w->fd = fd;
	/* closing gave back any FRAGMENT hold */
	w->frag_held = 0;
	ifz_check_idle(w, index, "after reopening");
}

/* The request kinds that point into an ABI structure, for bad pointers. */
static void bad_argument(struct ifz_worker *w, struct ifz_rng *r, uint64_t index,
			 enum ifz_kind kind)
{
	uint64_t x = ifz_below(r, 10);

	if (x < 2)
		ifz_do_info(w, r, index, kind);
	else if (x < 6)
		ifz_do_run(w, r, index, kind);
	else
		ifz_do_probe(w, r, index, kind);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void dispatch(struct ifz_worker *w, struct ifz_rng *r, uint64_t index,
		     enum ifz_kind kind);

void ifz_one(struct ifz_worker *w, uint64_t index)
{
	struct ifz_rng r = ifz_stream(w->env->seed, w->id, index);
	uint64_t x = ifz_below(&r, 1000000), t0;
	enum ifz_kind kind = IFZ_NUMBER;

	if (w->env->only >= 0)
		x = ifz_weights[w->env->only] ? 0 : x;
	for (unsigned int k = 0; k < IFZ_KIND_NR; k++) {
		if (w->env->only >= 0 && (int)k != w->env->only)
			continue;
		if (x < ifz_weights[k]) {
			kind = (enum ifz_kind)k;
			break;
		}
		x -= ifz_weights[k];
	}
	if (w->frag_held && ++w->since_restore > IFZ_HOLD_REQUESTS)
		kind = IFZ_KIND_NR;	/* give the hold back instead */
	t0 = now_ns();
	dispatch(w, &r, index, kind);
	t0 = now_ns() - t0;
	__atomic_fetch_add(&w->env->stats->ns[kind == IFZ_KIND_NR ? IFZ_PROBE : kind], t0,
			   __ATOMIC_RELAXED);
	if (w->env->verbose && t0 > 20000000)
		fprintf(stderr, "ioctl-fuzz: slow: worker %u request %llu kind %s: %.1f ms\n", w->id,
			(unsigned long long)index, kind < IFZ_KIND_NR ? ifz_kind_names[kind] : "restore",
			(double)t0 / 1e6);
}

static void dispatch(struct ifz_worker *w, struct ifz_rng *r, uint64_t index,
		     enum ifz_kind kind)
{
	switch (kind) {
	case IFZ_NUMBER: ifz_do_number(w, r, index); break;
	case IFZ_INFO: ifz_do_info(w, r, index, IFZ_INFO); break;
	case IFZ_RUN: ifz_do_run(w, r, index, IFZ_RUN); break;
	case IFZ_PROBE: ifz_do_probe(w, r, index, IFZ_PROBE); break;
	case IFZ_POINTER:
	case IFZ_TRUNCATED: bad_argument(w, r, index, kind); break;
	case IFZ_SIGNAL:
		/* a process-wide timer signal would land in any thread */
		if (w->concurrent)
			ifz_do_run(w, r, index, IFZ_RUN);
		else
			ifz_do_signal(w, r, index);
		break;
	case IFZ_REOPEN:
		if (w->concurrent)
			ifz_do_info(w, r, index, IFZ_INFO);
		else
			reopen(w, index);
		break;
	default:
		ifz_do_restore(w, index);
		break;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t total_requests(const struct ifz_stats *s)
{
	uint64_t n = 0;

	for (unsigned int k = 0; k < IFZ_KIND_NR; k++)
		for (unsigned int o = 0; o < IFZ_OUT_NR; o++)
			n += s->count[k][o];
	return n;
}

static void report(const struct ifz_env *env, double seconds, const struct kmb_info *after)
{
	const struct ifz_stats *s = env->stats;
	uint64_t total = total_requests(s);

	for (unsigned int k = 0; k < IFZ_KIND_NR; k++) {
		uint64_t n = 0;

		for (unsigned int o = 0; o < IFZ_OUT_NR; o++)
			n += s->count[k][o];
		printf("ioctl-fuzz: kind=%s requests=%llu seconds=%.1f", ifz_kind_names[k],
		       (unsigned long long)n, (double)s->ns[k] / 1e9);
		for (unsigned int o = 0; o < IFZ_OUT_NR; o++)
			if (s->count[k][o])
				printf(" %s=%llu", ifz_outcome_names[o],
				       (unsigned long long)s->count[k][o]);
		printf("\n");
	}
	printf("ioctl-fuzz: runs_measured=%llu probes_tried=%llu fragments=%llu "
	       "idle_checks=%llu\n", (unsigned long long)s->runs_measured,
	       (unsigned long long)s->probes_tried, (unsigned long long)s->fragments,
	       (unsigned long long)s->live_checks);
	printf("ioctl-fuzz: module live_objects=%llu live_bytes=%llu\n",
	       (unsigned long long)after->live_objects, (unsigned long long)after->live_bytes);
	printf("ioctl-fuzz: total requests=%llu seconds=%.1f requests_per_s=%.0f seed=%llu "
	       "violations=%llu\n", (unsigned long long)total, seconds,
	       seconds > 0 ? (double)total / seconds : 0.0, (unsigned long long)env->seed,
	       (unsigned long long)s->violations);
}

static void usage(FILE *f)
{
	fputs("usage: kmembench-ioctl-fuzz [-n REQUESTS] [-s SEED] [-j THREADS] [-c PERCENT]\n"
	      "                            [-R ROUNDS] [-d DEVICE] [--replay INDEX] [-v]\n"
	      "\n"
	      "Sends REQUESTS (default 1000000) random and mutated ioctls to the kmembench\n"
	      "device and checks every answer: errno values each request may return, no\n"
	      "kernel address in anything written back, totals, samples and histograms that\n"
	      "agree, buffers untouched past what the module said it wrote, the module idle\n"
	      "(live counters zero) between requests. PERCENT of them (default 10) go to a\n"
	      "concurrent phase in ROUNDS rounds (default 4): THREADS threads (default 4)\n"
	      "and a forked process share the descriptor, a second opener must get EBUSY, a\n"
	      "process without root EPERM, the sharer is SIGKILLed and the descriptor closed\n"
	      "while a case runs. Prints totals per kind, requests/s and the seed; exits 1\n"
	      "on any violation (each names the request to replay), 2 on bad usage, 3 when\n"
	      "the device cannot be opened. Needs root and the module loaded.\n"
	      "\n"
	      "  -n N          requests (sequential and concurrent together)\n"
	      "  -s SEED       seed (default: from the clock, printed)\n"
	      "  -j THREADS    worker threads of the concurrent phase\n"
	      "  -c PERCENT    share of the requests sent concurrently\n"
	      "  -R ROUNDS     concurrent rounds (each ends with a close and a kill)\n"
	      "  -d DEVICE     the device (default " KMB_DEVICE_PATH ")\n"
	      "  --only KIND   only requests of KIND (number, info, run, probe, pointer,\n"
	      "                truncated, signal, reopen)\n"
	      "  --replay I    run sequential request I of SEED alone, then exit\n"
	      "  -v            name every request slower than 20 ms\n", f);
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end || *s == '-';
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "replay", required_argument, NULL, 'P' },
		{ "only", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct ifz_env env = { .device = KMB_DEVICE_PATH, .only = -1 };
	struct ifz_worker w = { .env = &env };
	uint64_t requests = 1000000, percent = 10, threads = 4, rounds = 4, replay = 0, v, nseq;
	int have_seed = 0, do_replay = 0, c, fd;
	struct sigaction sa;
	struct kmb_info after;
	double t0, t1, t2;

	env.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	while ((c = getopt_long(argc, argv, "n:s:j:c:R:d:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'n': if (parse_u64(optarg, &requests)) goto bad; break;
		case 's': if (parse_u64(optarg, &env.seed)) goto bad; have_seed = 1; break;
		case 'j': if (parse_u64(optarg, &threads) || !threads || threads > 64) goto bad; break;
		case 'c': if (parse_u64(optarg, &percent) || percent > 100) goto bad; break;
		case 'R': if (parse_u64(optarg, &rounds) || !rounds || rounds > 1000) goto bad; break;
		case 'd': env.device = optarg; break;
		case 'P': if (parse_u64(optarg, &replay)) goto bad; do_replay = 1; break;
		case 'v': env.verbose++; break;
		case 'k':
			for (env.only = 0; env.only < IFZ_KIND_NR; env.only++)
				if (!strcmp(optarg, ifz_kind_names[env.only]))
					break;
			if (env.only >= IFZ_KIND_NR || !ifz_weights[env.only])
				goto bad;
			break;
		case 'h': usage(stdout); return 0;
		default: goto bad;
		}
	}
	if (optind < argc || (do_replay && !have_seed))
		goto bad;

	env.page = (size_t)sysconf(_SC_PAGESIZE);
	v = (uint64_t)sysconf(_SC_NPROCESSORS_ONLN);
	env.online_cpus = v ? (uint32_t)v : 1;
	/* shared with the forked processes of the concurrent phase */
	env.stats = mmap(NULL, sizeof(*env.stats), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (env.stats == MAP_FAILED || ifz_arena_init(&w.arena, env.page, IFZ_SAMPLES_SEQ)) {
		perror("ioctl-fuzz: mmap");
		return 3;
	}
	memset(env.stats, 0, sizeof(*env.stats));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: interrupted waits return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);

	fd = ifz_open_device(&env);
	if (fd < 0) {
		fprintf(stderr, "ioctl-fuzz: %s: %s (load the module, run as root)\n", env.device,
			strerror(-fd));
		return 3;
	}
	if (ioctl(fd, KMB_IOC_INFO, &env.info)) {
		fprintf(stderr, "ioctl-fuzz: INFO failed: %s (a module of another ABI?)\n",
			strerror(errno));
		return 3;
	}
	w.fd = fd;
	if (do_replay) {
		ifz_one(&w, replay);
		ifz_check_idle(&w, replay, "after the replayed request");
		printf("ioctl-fuzz: replayed request %llu of seed %llu: violations=%llu\n",
		       (unsigned long long)replay, (unsigned long long)env.seed,
		       (unsigned long long)env.stats->violations);
		return env.stats->violations ? 1 : 0;
	}

	nseq = requests - requests * percent / 100;
	printf("ioctl-fuzz: seed=%llu requests=%llu sequential=%llu threads=%llu rounds=%llu "
	       "device=%s abi=%u cpus=%u\n", (unsigned long long)env.seed,
	       (unsigned long long)requests, (unsigned long long)nseq,
	       (unsigned long long)threads, (unsigned long long)rounds, env.device,
	       env.info.abi_version, env.online_cpus);
	fflush(stdout);
	t0 = now();
	for (uint64_t i = 0; i < nseq; i++) {
		ifz_current = i;
		ifz_one(&w, i);
		if (i % IFZ_IDLE_EVERY == IFZ_IDLE_EVERY - 1)
			ifz_check_idle(&w, i, "between requests");
		if (env.verbose && i % 100000 == 99999)
			fprintf(stderr, "ioctl-fuzz: %llu requests, %.1f s\n",
				(unsigned long long)i + 1, now() - t0);
	}
	if (w.frag_held)
		ifz_do_restore(&w, nseq);
	ifz_check_idle(&w, nseq, "after the sequential phase");
	t1 = now();
	printf("ioctl-fuzz: phase=sequential requests=%llu seconds=%.1f\n",
	       (unsigned long long)total_requests(env.stats), t1 - t0);
	fflush(stdout);

	ifz_arena_free(&w.arena, env.page);
	if (requests > nseq)
		ifz_concurrent(&env, &w.fd, nseq, requests - nseq, (uint32_t)threads,
			       (uint32_t)rounds);
	t2 = now();
	printf("ioctl-fuzz: phase=concurrent seconds=%.1f\n", t2 - t1);

	memset(&after, 0, sizeof(after));
	if (ioctl(w.fd, KMB_IOC_INFO, &after)) {
		fprintf(stderr, "ioctl-fuzz: final INFO failed: %s\n", strerror(errno));
		env.stats->violations++;
	} else if (after.live_objects || after.live_bytes) {
		ifz_violation(&env, 0, requests, IFZ_INFO, "module not idle at the end");
	}
	report(&env, t2 - t0, &after);
	close(w.fd);
	return env.stats->violations ? 1 : 0;
bad:
	usage(stderr);
	return 2;
}
