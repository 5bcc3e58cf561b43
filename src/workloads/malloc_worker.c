/*
 * The worker side of the malloc workload (see malloc_worker.h): one thread
 * per processing unit, each pinned with hwloc, warmed up, then released
 * together by a barrier to time every allocation and every free.
 */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "malloc_libs.h"
#include "commands.h"
#include "malloc_worker.h"
#include "wl_lib.h"
#include "wl_pipe.h"

static volatile sig_atomic_t worker_stop;

static void on_stop_signal(int sig)
{
	(void)sig;
	worker_stop = 1;
}

enum worker_pattern { PATTERN_PAIR, PATTERN_BATCH, PATTERN_RANDOM_FREE };

struct worker_spec {
	char allocator[32];
	uint64_t size, iterations, batch, warmup, seed;
	unsigned int threads;
	enum worker_pattern pattern;
};

/*
 * A barrier that the main thread opens once every worker has arrived, or
 * aborts when not all of them could be started (a pthread barrier would
 * leave the started ones waiting forever).
 */
struct start_gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int arrived;
	bool open, aborted;
};

struct worker_thread {
	pthread_t tid;
	unsigned int idx, pu;
	const struct worker_spec *spec;
	const struct kmb_malloc_lib *a;
	struct start_gate *gate;
	struct kmb_samples alloc, release;
	uint64_t alloc_failures;
	void **ptrs;
	size_t *order;
	uint64_t rng;
	char error[256];
};

/* One timed allocation; the first byte is written outside the window. */
static void *timed_alloc(struct worker_thread *t)
{
	uint64_t t0 = kmb_now_ns(), t1;
	void *p = t->a->alloc(t->spec->size);

	t1 = kmb_now_ns();
	if (!p) {
		t->alloc_failures++;
		return NULL;
	}
	kmb_samples_push(&t->alloc, (double)(t1 - t0));
	*(volatile char *)p = 1;
	return p;
}

static void timed_free(struct worker_thread *t, void *p)
{
	uint64_t t0 = kmb_now_ns(), t1;

	t->a->release(p);
	t1 = kmb_now_ns();
	kmb_samples_push(&t->release, (double)(t1 - t0));
}

static void run_pair(struct worker_thread *t)
{
	for (uint64_t i = 0; i < t->spec->iterations && !worker_stop; i++) {
		void *p = timed_alloc(t);

		if (p)
			timed_free(t, p);
	}
}

/* Batches of allocations, freed in allocation order or in a random one. */
static void run_batches(struct worker_thread *t, bool shuffled)
{
	for (uint64_t done = 0; done < t->spec->iterations && !worker_stop;) {
		size_t k = (size_t)(t->spec->iterations - done < t->spec->batch ?
				    t->spec->iterations - done : t->spec->batch);

		for (size_t j = 0; j < k; j++) {
			t->ptrs[j] = timed_alloc(t);
			t->order[j] = j;
		}
		for (size_t j = k; shuffled && j > 1; j--) {
			size_t r = (size_t)(kmb_splitmix64(&t->rng) % j), tmp = t->order[j - 1];

			t->order[j - 1] = t->order[r];
			t->order[r] = tmp;
		}
		for (size_t j = 0; j < k; j++)
			if (t->ptrs[t->order[j]])
				timed_free(t, t->ptrs[t->order[j]]);
		done += k;
	}
}

/* Arrives at the gate and waits; true when the gate opened. */
static bool gate_pass(struct start_gate *g)
{
	bool open;

	pthread_mutex_lock(&g->lock);
	g->arrived++;
	pthread_cond_broadcast(&g->cond);
	while (!g->open && !g->aborted)
		pthread_cond_wait(&g->cond, &g->lock);
	open = g->open;
	pthread_mutex_unlock(&g->lock);
	return open;
}

/* Waits for @n arrivals, then opens the gate (or aborts it). */
static void gate_release(struct start_gate *g, unsigned int n, bool open)
{
	pthread_mutex_lock(&g->lock);
	while (g->arrived < n)
		pthread_cond_wait(&g->cond, &g->lock);
	g->open = open;
	g->aborted = !open;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static void *worker_thread_main(void *arg)
{
	struct worker_thread *t = arg;
	struct kmb_err err = { 0 };
	bool pinned = kmb_pin_thread_pu(t->idx, &t->pu, &err) == 0;

	if (!pinned)
		snprintf(t->error, sizeof(t->error), "%.200s", err.msg);
	for (uint64_t i = 0; pinned && i < t->spec->warmup && !worker_stop; i++) {
		void *p = t->a->alloc(t->spec->size);

		if (p) {
			*(volatile char *)p = 1;
			t->a->release(p);
		}
	}
	/* Every thread reaches the gate, pinned or not, or the others hang. */
	if (!gate_pass(t->gate) || !pinned)
		return NULL;
	if (t->spec->pattern == PATTERN_PAIR)
		run_pair(t);
	else
		run_batches(t, t->spec->pattern == PATTERN_RANDOM_FREE);
	return NULL;
}

static int parse_spec(const char *text, struct worker_spec *s, char *why, size_t len)
{
	json_error_t jerr;
	json_t *o = json_loads(text, 0, &jerr);
	const char *allocator = NULL, *pattern = NULL;
	json_int_t size = 0, iterations = 0, batch = 1, warmup = 0, seed = 0, threads = 0;

	if (!o || json_unpack_ex(o, &jerr, 0, "{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, *}",
				 "allocator", &allocator, "pattern", &pattern, "size", &size,
				 "iterations", &iterations, "batch", &batch, "warmup", &warmup,
				 "seed", &seed, "threads", &threads) ||
	    size <= 0 || iterations <= 0 || batch <= 0 || warmup < 0 || threads <= 0 ||
	    threads > KMB_MALLOC_MAX_THREADS) {
		snprintf(why, len, "bad worker request: %s", o ? jerr.text : "not JSON");
		json_decref(o);
		return -1;
	}
	snprintf(s->allocator, sizeof(s->allocator), "%s", allocator);
	s->pattern = strcmp(pattern, "pair") == 0 ? PATTERN_PAIR :
		     strcmp(pattern, "batch") == 0 ? PATTERN_BATCH : PATTERN_RANDOM_FREE;
	s->size = (uint64_t)size;
	s->iterations = (uint64_t)iterations;
	s->batch = (uint64_t)batch;
	s->warmup = (uint64_t)warmup;
	s->seed = (uint64_t)seed;
	s->threads = (unsigned int)threads;
	json_decref(o);
	return 0;
}

static void threads_free(struct worker_thread *th, unsigned int n)
{
	for (unsigned int i = 0; th && i < n; i++) {
		kmb_samples_free(&th[i].alloc);
		kmb_samples_free(&th[i].release);
		free(th[i].ptrs);
		free(th[i].order);
	}
	free(th);
}

static struct worker_thread *threads_new(const struct worker_spec *s,
					 const struct kmb_malloc_lib *a)
{
	struct worker_thread *th = calloc(s->threads, sizeof(*th));
	size_t slots = s->pattern == PATTERN_PAIR ? 1 : (size_t)s->batch;

	for (unsigned int i = 0; th && i < s->threads; i++) {
		th[i].idx = i;
		th[i].spec = s;
		th[i].a = a;
		th[i].rng = s->seed * 0x100000001b3ULL + i;
		th[i].ptrs = calloc(slots, sizeof(*th[i].ptrs));
		th[i].order = calloc(slots, sizeof(*th[i].order));
		if (kmb_samples_init(&th[i].alloc, s->iterations) ||
		    kmb_samples_init(&th[i].release, s->iterations) || !th[i].ptrs ||
		    !th[i].order) {
			threads_free(th, s->threads);
			return NULL;
		}
	}
	return th;
}

/* Runs the threads; fills @rep's counts, or its message on failure. */
static int measure(const struct worker_spec *s, struct worker_thread *th,
		   struct kmb_malloc_report *rep)
{
	struct start_gate gate = { .lock = PTHREAD_MUTEX_INITIALIZER,
				   .cond = PTHREAD_COND_INITIALIZER };
	unsigned int started = 0;
	int ret = 0;

	for (unsigned int i = 0; i < s->threads; i++) {
		th[i].gate = &gate;
		if (pthread_create(&th[i].tid, NULL, worker_thread_main, &th[i]))
			break;
		started++;
	}
	gate_release(&gate, started, started == s->threads);
	if (started < s->threads) {
		snprintf(rep->message, sizeof(rep->message), "pthread_create failed after %u of "
			 "%u threads", started, s->threads);
		ret = -1;
	}
	for (unsigned int i = 0; i < started; i++) {
		pthread_join(th[i].tid, NULL);
		if (th[i].error[0] && !ret) {
			snprintf(rep->message, sizeof(rep->message), "thread %u: %s", i, th[i].error);
			ret = -1;
		}
		rep->pus[i] = th[i].pu;
		rep->alloc_samples += th[i].alloc.n;
		rep->free_samples += th[i].release.n;
		rep->alloc_failures += th[i].alloc_failures;
	}
	pthread_cond_destroy(&gate.cond);
	pthread_mutex_destroy(&gate.lock);
	rep->alloc_ops = rep->alloc_samples + rep->alloc_failures;
	rep->free_ops = rep->free_samples;
	return ret;
}

static int send_report(int fd, const struct kmb_malloc_report *rep,
		       const struct worker_thread *th, unsigned int n)
{
	if (kmb_write_all(fd, rep, sizeof(*rep)))
		return -1;
	for (unsigned int i = 0; th && i < n; i++)
		if (kmb_write_all(fd, th[i].alloc.v, th[i].alloc.n * sizeof(double)))
			return -1;
	for (unsigned int i = 0; th && i < n; i++)
		if (kmb_write_all(fd, th[i].release.v, th[i].release.n * sizeof(double)))
			return -1;
	return 0;
}

static int worker_main(int fd, const char *spec_text)
{
	struct kmb_malloc_report rep;
	struct worker_spec s = { .threads = 0 };
	struct kmb_malloc_lib a;
	struct worker_thread *th = NULL;
	struct sigaction sa;
	unsigned int pus;
	int ret;

	memset(&rep, 0, sizeof(rep));
	rep.magic = KMB_MALLOC_REPORT_MAGIC;
	rep.status = KMB_MALLOC_FAILED;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (parse_spec(spec_text, &s, rep.message, sizeof(rep.message)))
		goto send;
	rep.threads = s.threads;
	pus = kmb_topo_pus();
	if (kmb_malloc_lib_load(s.allocator, &a, rep.message, sizeof(rep.message))) {
		rep.status = KMB_MALLOC_SKIPPED;
		goto send;
	}
	snprintf(rep.version, sizeof(rep.version), "%s", a.version);
	snprintf(rep.library, sizeof(rep.library), "%s", a.library);
	if (s.threads > pus) {
		rep.status = KMB_MALLOC_SKIPPED;
		snprintf(rep.message, sizeof(rep.message), "threads=%u needs one processing unit "
			 "per thread; this system gives the runner %u", s.threads, pus);
		goto send;
	}
	th = threads_new(&s, &a);
	if (!th) {
		snprintf(rep.message, sizeof(rep.message), "out of memory for %u threads' samples",
			 s.threads);
		goto send;
	}
	if (measure(&s, th, &rep) == 0)
		rep.status = KMB_MALLOC_MEASURED;
	rep.stopped = worker_stop != 0;
send:
	if (rep.status != KMB_MALLOC_MEASURED)
		rep.alloc_samples = rep.free_samples = 0;
	ret = send_report(fd, &rep, rep.status == KMB_MALLOC_MEASURED ? th : NULL, s.threads);
	threads_free(th, th ? s.threads : 0);
	close(fd);
	return ret ? 1 : 0;
}

/*
 * kmembench malloc-worker FD SPEC: the hidden command malloc.c starts, the
 * runner's own binary run again. Measures SPEC (the case's params, JSON)
 * and writes the report to descriptor FD.
 */
int kmb_cmd_malloc_worker(int argc, char **argv)
{
	uint64_t fd;

	if (argc != 3 || kmb_parse_uint(argv[1], INT32_MAX, &fd)) {
		fprintf(stderr, "kmembench malloc-worker: started by the malloc workload only, "
			"as 'malloc-worker FD SPEC'\n");
		return 2;
	}
	/* As before the worker was a command: straight out, no atexit work. */
	_exit(worker_main((int)fd, argv[2]));
}
