/*
 * kmembench-ioctl-fuzz: random and mutated requests against /dev/kmembench.
 * What the parts of the fuzzer share: the seeded generator, the request
 * kinds and their counters, the guarded buffers requests point into.
 */
#ifndef IFZ_H
#define IFZ_H

#include <stddef.h>
#include <stdint.h>

#include "kmembench.h"

/* ---- seeded randomness: one stream per request, so any can be replayed */

struct ifz_rng {
	uint64_t s;
};

/* splitmix64: tiny, and every seed gives a good stream. */
static inline uint64_t ifz_next(struct ifz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n); 0 when n is 0. */
static inline uint64_t ifz_below(struct ifz_rng *r, uint64_t n)
{
	return n ? ifz_next(r) % n : 0;
}

/* True with probability @per_million / 1e6. */
static inline int ifz_chance(struct ifz_rng *r, uint32_t per_million)
{
	return ifz_below(r, 1000000) < per_million;
}

/* The stream of request @index of worker @worker under @seed. */
static inline struct ifz_rng ifz_stream(uint64_t seed, uint32_t worker, uint64_t index)
{
	struct ifz_rng r = { seed ^ ((uint64_t)worker << 48) ^ (index * 0xd1b54a32d192ed03ULL) };

	ifz_next(&r);
	return r;
}

/* ---- request kinds and what came back ---------------------------------- */

enum ifz_kind {
	IFZ_NUMBER,	/* ioctl numbers in and around the magic, random payload */
	IFZ_INFO,	/* ABI_VERSION and INFO with good buffers */
	IFZ_RUN,	/* mutated kmb_run, good buffers unless a mutation says */
	IFZ_PROBE,	/* mutated kmb_probe */
	IFZ_POINTER,	/* a known request with at least one bad pointer */
	IFZ_TRUNCATED,	/* the argument runs into a PROT_NONE page */
	IFZ_SIGNAL,	/* a long RUN interrupted by a signal */
	IFZ_REOPEN,	/* close and reopen the device, holdings released */
	IFZ_OPEN,	/* a second opener while the device is open */
	IFZ_NOPRIV,	/* the open descriptor used after dropping root */
	IFZ_KILLED,	/* a process sharing the descriptor SIGKILLed mid-request */
	IFZ_KIND_NR
};

enum ifz_outcome {
	IFZ_OK,
	IFZ_EINVAL,
	IFZ_EFAULT,
	IFZ_ENOTTY,
	IFZ_ENOMEM,
	IFZ_EOPNOTSUPP,
	IFZ_EINTR,
	IFZ_EBUSY,
	IFZ_EPERM,
	IFZ_EACCES,
	IFZ_EBADF,
	IFZ_EIO,
	IFZ_EOTHER,
	IFZ_OUT_NR
};

extern const char *const ifz_kind_names[IFZ_KIND_NR];
extern const char *const ifz_outcome_names[IFZ_OUT_NR];

/*
 * Counters shared by every thread and forked process of a run (they live in
 * a MAP_SHARED mapping and are updated atomically).
 */
struct ifz_stats {
	uint64_t count[IFZ_KIND_NR][IFZ_OUT_NR];
	uint64_t ns[IFZ_KIND_NR];	/* time spent in requests of each kind */
	uint64_t runs_measured;		/* RUNs that returned 0 */
	uint64_t probes_tried;		/* PROBE TRYs that returned 0 */
	uint64_t fragments;		/* FRAGMENTs that returned 0 */
	uint64_t live_checks;		/* INFO reads that found the module idle */
	uint64_t violations;
};

/* ---- the run's settings and state -------------------------------------- */

struct ifz_env {
	const char *device;
	uint64_t seed;
	uint32_t online_cpus;
	size_t page;
	struct kmb_info info;	/* read once at the start */
	struct ifz_stats *stats;
	int verbose;
	int only;		/* a kind to send exclusively, or -1 */
};

/*
 * A slot is a read-write region followed by a PROT_NONE page: a buffer
 * placed at its end makes any access past the buffer fault.
 */
struct ifz_slot {
	unsigned char *base;
	size_t size;
};

struct ifz_arena {
	struct ifz_slot arg;	/* the ioctl's own argument */
	struct ifz_slot result;
	struct ifz_slot samples;
	struct ifz_slot hist;
	struct ifz_slot cpus;
	unsigned char *ro;	/* a read-only page, then a PROT_NONE page */
	unsigned char *none;	/* a PROT_NONE page */
};

/* How a generated pointer relates to the buffer it should point to. */
enum ifz_ptr {
	IFZ_PTR_EXACT,		/* the buffer, ending at the guard page */
	IFZ_PTR_UNALIGNED,	/* the buffer at an odd address */
	IFZ_PTR_NULL,
	IFZ_PTR_SHORT,		/* too short: runs into the guard page */
	IFZ_PTR_RO,		/* a read-only page */
	IFZ_PTR_NONE,		/* a PROT_NONE page */
	IFZ_PTR_KERNEL,		/* kernel addresses, 4- and 5-level */
	IFZ_PTR_NONCANON,	/* between user and kernel halves */
	IFZ_PTR_RANDOM,
	IFZ_PTR_NR
};

/* One worker: its stream, its buffers, its device descriptor. */
struct ifz_worker {
	struct ifz_env *env;
	struct ifz_arena arena;
	uint32_t id;
	int fd;
	int frag_held;		/* a FRAGMENT of this descriptor is held */
	int concurrent;		/* others use the device at the same time */
	uint64_t since_restore;	/* requests since the hold was made */
};

/* mem.c */
int ifz_arena_init(struct ifz_arena *a, size_t page, size_t samples_bytes);
void ifz_arena_free(struct ifz_arena *a, size_t page);
/*
 * A pointer of class @cls for a buffer of @len bytes in @slot (contents
 * left as they are). Sets *@usable to whether the module may use it for
 * @len bytes (reading, or writing when @write).
 */
uint64_t ifz_ptr_make(struct ifz_rng *r, const struct ifz_arena *a, const struct ifz_slot *slot,
		      size_t len, enum ifz_ptr cls, int write, int *usable);
/* Mostly exact, sometimes any other class (@bad_per_million of the time). */
enum ifz_ptr ifz_ptr_pick(struct ifz_rng *r, uint32_t bad_per_million);
/* Where a @len-byte object ends exactly at @slot's guard page, or NULL. */
void *ifz_slot_end(const struct ifz_slot *slot, size_t len);

/* gen_run.c, gen_probe.c, gen_number.c: one request of a kind each */
void ifz_do_run(struct ifz_worker *w, struct ifz_rng *r, uint64_t index, enum ifz_kind kind);
void ifz_do_signal(struct ifz_worker *w, struct ifz_rng *r, uint64_t index);
/* A case of 10M iterations and a 300 ms budget, for others to interrupt. */
void ifz_do_long_run(struct ifz_worker *w, struct ifz_rng *r, uint64_t index);
void ifz_do_probe(struct ifz_worker *w, struct ifz_rng *r, uint64_t index, enum ifz_kind kind);
void ifz_do_restore(struct ifz_worker *w, uint64_t index);
void ifz_do_number(struct ifz_worker *w, struct ifz_rng *r, uint64_t index);
void ifz_do_info(struct ifz_worker *w, struct ifz_rng *r, uint64_t index, enum ifz_kind kind);
/* Interesting values of the widths the ABI uses. */
uint64_t ifz_interesting(struct ifz_rng *r, uint64_t current, unsigned int bits);
uint64_t ifz_size_value(struct ifz_rng *r);

/* check.c: oracles */
void ifz_count(struct ifz_env *env, enum ifz_kind kind, int ret, int err);
void ifz_violation(struct ifz_env *env, uint32_t worker, uint64_t index, enum ifz_kind kind,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Whether @err may come from @cmd at all. */
int ifz_errno_allowed(unsigned long cmd, int err);
/* Checks the outcome of an ioctl against the errno rules; counts it. */
void ifz_outcome(struct ifz_worker *w, uint64_t index, enum ifz_kind kind, unsigned long cmd,
		 int ret, int err);
/* A word that looks like a kernel address in @len bytes at @p, or 0. */
uint64_t ifz_kernel_word(const void *p, size_t len);
/* INFO: the module holds nothing (with no FRAGMENT held). */
void ifz_check_idle(struct ifz_worker *w, uint64_t index, const char *when);

/* conc.c: several threads and processes on one descriptor */
void ifz_concurrent(struct ifz_env *env, int *fd, uint64_t first, uint64_t requests,
		    uint32_t threads, uint32_t rounds);

/* main.c */
/* One request of a kind drawn from request @index's stream. */
void ifz_one(struct ifz_worker *w, uint64_t index);
/* The device opened read-write, or -errno. */
int ifz_open_device(const struct ifz_env *env);
/* Samples slot bytes of a sequential and of a concurrent worker. */
#define IFZ_SAMPLES_SEQ		(8u << 20)
#define IFZ_SAMPLES_CONC	(1u << 20)

#endif
