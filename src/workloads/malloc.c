/*
 * malloc: the cost of malloc() and free() per call, by allocator, size,
 * pattern and thread count. "pair" frees each block right after allocating
 * it; "batch" allocates a batch, then frees it in allocation order;
 * "random-free" frees the batch in a random order. Each repetition runs in
 * a fresh worker process (malloc_worker.h says why), which this file starts
 * and reads back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "malloc_libs.h"
#include "malloc_worker.h"
#include "wl_lib.h"
#include "workload.h"

extern char **environ;

/* jemalloc's initial-exec TLS is 2.6 KiB; glibc keeps 512 bytes spare. */
#define KMB_STATIC_TLS_TUNABLE	"glibc.rtld.optional_static_tls=16384"
/* Batches may reserve this much address space at once, summed over threads. */
#define KMB_MALLOC_MAX_SPAN	(64ULL << 30)

static const char *const malloc_patterns[] = { "pair", "batch", "random-free", NULL };

static const struct kmb_dim malloc_dims[] = {
	{ "allocator", "allocator", KMB_DIM_NAMES, kmb_malloc_lib_names, "glibc", 0, 0 },
	{ "sizes", "size", KMB_DIM_SIZES, NULL, NULL, 1, 1ULL << 30 },
	{ "pattern", "pattern", KMB_DIM_NAMES, malloc_patterns, "pair", 0, 0 },
	{ "threads", "threads", KMB_DIM_UINTS, NULL, "1", 1, KMB_MALLOC_MAX_THREADS },
	{ 0 },
};

static const struct kmb_setting malloc_settings[] = {
	/* Allocations per thread and repetition. */
	{ "iterations", KMB_SETTING_UINT, 10000, 1, 10000000, NULL },
	{ "batch", KMB_SETTING_UINT, 64, 1, 1u << 20, NULL },
	/* Untimed allocate-free pairs per thread before the threads start. */
	{ "warmup", KMB_SETTING_UINT, 1000, 0, 10000000, NULL },
	{ 0 },
};

static json_int_t param_int(json_t *params, const char *key)
{
	return json_integer_value(json_object_get(params, key));
}

static int malloc_check(json_t *params, const char *where, struct kmb_err *err)
{
	const char *pattern = json_string_value(json_object_get(params, "pattern"));
	uint64_t span = (uint64_t)param_int(params, "batch") * (uint64_t)param_int(params, "size") *
			(uint64_t)param_int(params, "threads");

	if (strcmp(pattern, "pair") != 0 && span > KMB_MALLOC_MAX_SPAN)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: batch x size x threads is %llu bytes, "
				"more than the %llu a batch may hold", where,
				(unsigned long long)span, (unsigned long long)KMB_MALLOC_MAX_SPAN);
	return 0;
}

/* The batch size changes what batch patterns measure, so it names them. */
static void malloc_id_extra(json_t *params, char *id, size_t len)
{
	size_t used = strlen(id);

	if (strcmp(json_string_value(json_object_get(params, "pattern")), "pair") != 0)
		snprintf(id + used, len - used, "/batch=%" JSON_INTEGER_FORMAT,
			 param_int(params, "batch"));
}

struct worker_env {
	char **envp;
	size_t n;
};

static void worker_env_free(struct worker_env *e)
{
	for (size_t i = 0; e->envp && i < e->n; i++)
		free(e->envp[i]);
	free(e->envp);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* This process's environment with the worker's TLS reserve. */
static int worker_env_new(struct worker_env *e)
{
	const char *tunables = getenv("GLIBC_TUNABLES");
	size_t count = 0;
	int bad = 0;

	while (environ[count])
		count++;
	e->n = 0;
	e->envp = calloc(count + 2, sizeof(*e->envp));
	if (!e->envp)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (has_prefix(environ[i], "GLIBC_TUNABLES="))
			continue;
		if (!(e->envp[e->n] = strdup(environ[i])))
			bad = 1;
		e->n++;
	}
	bad |= asprintf(&e->envp[e->n++], "GLIBC_TUNABLES=%s%s" KMB_STATIC_TLS_TUNABLE,
			tunables ? tunables : "", tunables && *tunables ? ":" : "") < 0;
	return bad ? -1 : 0;
}

/* Reads @len bytes; a stop signal to the runner is passed on to the worker. */
static int read_report(int fd, void *buf, size_t len, pid_t pid, volatile sig_atomic_t *stop,
		       bool *forwarded)
{
	char *p = buf;

	while (len) {
		ssize_t r = read(fd, p, len);

		if (r < 0 && errno == EINTR) {
			if (*stop && !*forwarded) {
				kill(pid, SIGTERM);
				*forwarded = true;
			}
			continue;
		}
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static int start_worker(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, int fd, pid_t *pid,
			struct kmb_err *err)
{
	json_t *spec = json_deep_copy(c->params);
	struct worker_env env = { 0 };
	char *text = NULL, fd_text[16];
	/* The runner's hidden command, in a fresh process (malloc_worker.h). */
	char *argv[] = { "kmembench", "malloc-worker", fd_text, NULL, NULL };
	int rc = -1;

	if (spec && json_object_set_new(spec, "seed",
					json_integer((json_int_t)(ctx->seed * 1000003u + ctx->rep))) == 0)
		text = json_dumps(spec, JSON_COMPACT);
	snprintf(fd_text, sizeof(fd_text), "%d", fd);
	argv[3] = text;
	if (text && worker_env_new(&env) == 0)
		rc = posix_spawn(pid, "/proc/self/exe", NULL, NULL, argv, env.envp);
	else
		rc = ENOMEM;
	worker_env_free(&env);
	free(text);
	json_decref(spec);
	if (rc)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: cannot start the allocator worker "
				"(/proc/self/exe): %s", c->id, strerror(rc));
	return 0;
}

static void note_allocator(struct kmb_bench_case *c, const struct kmb_malloc_report *rep)
{
	json_t *pus = json_array();

	for (uint32_t i = 0; i < rep->threads && i < KMB_MALLOC_MAX_THREADS; i++)
		json_array_append_new(pus, json_integer(rep->pus[i]));
	json_object_set_new(c->extra, "allocator", json_pack(
		"{s:s, s:s, s:s}", "name", kmb_param_str(c, "allocator"),
		"version", rep->version, "library", rep->library));
	json_object_set_new(c->extra, "pus", pus);
	json_object_set_new(c->extra, "process", json_string("a fresh worker per repetition"));
	json_object_set_new(c->extra, "clock", kmb_clock_json());
}

/* Reads the worker's report and samples, and adds them to the case. */
static int collect(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, int fd, pid_t pid,
		   struct kmb_err *err)
{
	uint64_t max = kmb_param_uint(c, "iterations") * kmb_param_uint(c, "threads");
	struct kmb_malloc_report rep;
	struct kmb_samples a = { 0 }, f = { 0 };
	bool forwarded = false, ok;
	int status = 0, ret = 0;
	pid_t waited;

	ok = read_report(fd, &rep, sizeof(rep), pid, ctx->stop, &forwarded) == 0 &&
	     rep.magic == KMB_MALLOC_REPORT_MAGIC && rep.alloc_samples <= max &&
	     rep.free_samples <= max;
	if (ok) {
		a.v = malloc((rep.alloc_samples + 1) * sizeof(double));
		f.v = malloc((rep.free_samples + 1) * sizeof(double));
		a.n = a.cap = rep.alloc_samples;
		f.n = f.cap = rep.free_samples;
		ok = a.v && f.v &&
		     read_report(fd, a.v, a.n * sizeof(double), pid, ctx->stop, &forwarded) == 0 &&
		     read_report(fd, f.v, f.n * sizeof(double), pid, ctx->stop, &forwarded) == 0;
	}
	while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (waited < 0 || !ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: the allocator worker ended without a "
			       "complete report (status 0x%x)", c->id, status);
	else if (rep.status == KMB_MALLOC_SKIPPED)
		kmb_case_skip(c, "%s", rep.message);
	else if (rep.status != KMB_MALLOC_MEASURED)
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: %s", c->id, rep.message);
	else if (!(ret = kmb_record(c, "alloc", "ns", &a, rep.alloc_ops, rep.alloc_failures, 0,
				    err)) &&
		 !(ret = kmb_record(c, "free", "ns", &f, rep.free_ops, 0, 0, err))) {
		note_allocator(c, &rep);
		if (rep.stopped || *ctx->stop)
			snprintf(c->stopped, sizeof(c->stopped), "signal");
	}
	free(a.v);
	free(f.v);
	return ret;
}

static int malloc_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	int fds[2], ret;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return kmb_fail(err, KMB_EXIT_ENV, "%s: pipe: %s", c->id, strerror(errno));
	/* Only the write end goes to the worker. */
	if (fcntl(fds[1], F_SETFD, 0)) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: fcntl: %s", c->id, strerror(errno));
	} else {
		ret = start_worker(c, ctx, fds[1], &pid, err);
	}
	close(fds[1]);
	if (!ret)
		ret = collect(c, ctx, fds[0], pid, err);
	close(fds[0]);
	return ret;
}

const struct kmb_workload kmb_workload_malloc = {
	.name = "malloc",
	.dims = malloc_dims,
	.settings = malloc_settings,
	.check = malloc_check,
	.id_extra = malloc_id_extra,
	.run_rep = malloc_run_rep,
};
