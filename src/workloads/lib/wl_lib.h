/*
 * Helpers the user workloads share: the clock, sample buffers, fault
 * counts, anonymous mappings and THP, the locked-memory limit, a scratch
 * file, CPU pinning and the case's params.
 */
#ifndef KMB_WL_LIB_H
#define KMB_WL_LIB_H

#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>

#include "case.h"

/* --- clock (clock.c) ------------------------------------------------ */

/* CLOCK_MONOTONIC through the vDSO: a few tens of ns, no fault, no syscall. */
static inline uint64_t kmb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * The case's "clock": its source and the median cost of two back-to-back
 * readings, which every per-operation sample includes (reported, not
 * subtracted). Not "timer", which is the module's cycle counter.
 */
json_t *kmb_clock_json(void);

/* --- the case's params (params.c) ----------------------------------- */

uint64_t kmb_param_uint(const struct kmb_bench_case *c, const char *key);
/* The string value of @key, "" when absent. */
const char *kmb_param_str(const struct kmb_bench_case *c, const char *key);
bool kmb_param_is(const struct kmb_bench_case *c, const char *key, const char *value);

/* --- samples (samples.c) -------------------------------------------- */

struct kmb_samples {
	double *v;
	size_t n, cap;
};

/* A buffer already written once, so that recording into it takes no fault. */
int kmb_samples_init(struct kmb_samples *s, size_t cap);
void kmb_samples_free(struct kmb_samples *s);

static inline void kmb_samples_push(struct kmb_samples *s, double x)
{
	if (s->n < s->cap)
		s->v[s->n++] = x;
}

/* Adds @s as one repetition of phase @name (a static string) of @c. */
int kmb_record(struct kmb_bench_case *c, const char *name, const char *unit,
	       const struct kmb_samples *s, uint64_t ops, uint64_t failures, double wall_ns,
	       struct kmb_err *err);

/* --- page faults (faults.c) ----------------------------------------- */

struct kmb_faults {
	uint64_t minor, major;
};

/* The calling thread's fault counts so far (getrusage RUSAGE_THREAD). */
void kmb_faults_now(struct kmb_faults *f);
/*
 * Adds @pages touched between @before and @after, taking @ns, to the tally of
 * @phase in c->extra "faults": pages, minor, major, their ratios per page
 * and the time per fault, summed over repetitions.
 */
void kmb_faults_note(struct kmb_bench_case *c, const char *phase, uint64_t pages,
		     const struct kmb_faults *before, const struct kmb_faults *after, double ns);

/* --- memory (mem.c) ------------------------------------------------- */

size_t kmb_page_size(void);
/*
 * A private anonymous mapping of @size at an address aligned to @align (a
 * power of two, at least a page), with @flags added to the mmap flags.
 * NULL with errno set on failure; unmap with munmap(p, size).
 */
void *kmb_map_anon(size_t size, size_t align, int flags);
/* Touches one byte per page; returns the number of pages. */
size_t kmb_touch(char *p, size_t size, bool write);
/*
 * Touches one byte per page, timing each touch into @s, until done or
 * *@stop; returns the number of pages touched and the summed time in @ns.
 */
size_t kmb_touch_timed(char *p, size_t size, bool write, struct kmb_samples *s,
		       volatile sig_atomic_t *stop, double *ns);

/* --- transparent huge pages (thp.c) --------------------------------- */

/* The "thp" dimension: what a workload asks of its anonymous range. */
enum kmb_thp_advice {
	KMB_THP_NOHUGE,		/* MADV_NOHUGEPAGE: base pages, whatever the system says */
	KMB_THP_HUGE,		/* MADV_HUGEPAGE */
	KMB_THP_SYSTEM,		/* no advice: the system setting decides */
};
extern const char *const kmb_thp_advice_names[];	/* "nohuge", "huge", "system" */

enum kmb_thp_advice kmb_thp_advice_of(const struct kmb_bench_case *c);
/* The alignment a range needs for @advice to get huge pages. */
size_t kmb_thp_align(enum kmb_thp_advice advice);
int kmb_thp_apply(void *p, size_t size, enum kmb_thp_advice advice);
/*
 * Whether @advice can have its effect here; if not, @why says why (THP
 * absent or "never").
 */
bool kmb_thp_usable(enum kmb_thp_advice advice, char *why, size_t len);
/* The settings under /sys/kernel/mm/transparent_hugepage, or null. */
json_t *kmb_thp_json(void);
/* AnonHugePages of the mapping that holds @addr, in bytes; -1 if unknown. */
int64_t kmb_anon_huge_bytes(const void *addr);

/* --- locked-memory limit (memlock.c) -------------------------------- */

struct kmb_memlock {
	struct rlimit saved;
	bool changed;
	char why[320];		/* why the limit stays too low */
};

/*
 * Makes RLIMIT_MEMLOCK at least @need bytes when allowed. Returns 0 when the
 * limit now covers @need; -1 with m->why naming the limit, @what (e.g. "mlock
 * of 4194304 bytes") and @need when it could not be raised (a process with
 * CAP_IPC_LOCK may still lock: callers skip only when locking then fails).
 */
int kmb_memlock_raise(struct kmb_memlock *m, uint64_t need, const char *what);
void kmb_memlock_restore(struct kmb_memlock *m);
/*
 * mlock() and munlock() as system calls: the libc entry points can be
 * interposed, and a sanitizer's turn them into no-ops.
 */
int kmb_sys_mlock(const void *p, size_t len);
int kmb_sys_munlock(const void *p, size_t len);
/* Locked memory the limit must cover for mlockall: the whole address space. */
uint64_t kmb_vm_size(void);

/* --- scratch file (tmpfile.c) --------------------------------------- */

struct kmb_tmpfile {
	char dir[PATH_MAX];	/* from mkdtemp(), "" when none */
	char path[PATH_MAX];
	int fd;
};

/*
 * A file of @size bytes (written, synced) in a new directory under @base;
 * on failure nothing is left behind.
 */
int kmb_tmpfile_create(struct kmb_tmpfile *t, const char *base, uint64_t size,
		       struct kmb_err *err);
/* Closes and removes the file and its directory; safe to call twice. */
void kmb_tmpfile_remove(struct kmb_tmpfile *t);
/*
 * Where the case's scratch files go: its "dir", else $TMPDIR, else /var/tmp
 * (usually on a disk, unlike /tmp), else /tmp.
 */
const char *kmb_tmpfile_base(const struct kmb_bench_case *c);

/* --- CPU topology and pinning (topo.c) ------------------------------ */

/* Processing units this process may run on; 0 when hwloc cannot tell. */
unsigned int kmb_topo_pus(void);
/* Binds the calling thread to the @idx-th allowed PU; its OS index in @os. */
int kmb_pin_thread_pu(unsigned int idx, unsigned int *os, struct kmb_err *err);
/* Binds the calling thread to the CPUs of NUMA node @node (OS index). */
int kmb_pin_thread_node(unsigned int node, struct kmb_err *err);
/* The calling thread's CPU binding, to hand back to kmb_restore_thread_binding(). */
void *kmb_save_thread_binding(void);
/* Restores (and frees) a binding from kmb_save_thread_binding(); NULL is a no-op. */
void kmb_restore_thread_binding(void *saved);

#endif
