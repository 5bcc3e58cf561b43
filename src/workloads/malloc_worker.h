/*
 * The malloc workload measures in a fresh process per repetition, a
 * re-execution of the runner (malloc.c starts it, malloc_worker.c is its
 * side). A fresh process gives each case the same allocator state whatever
 * ran before (glibc's mmap threshold, for one, moves with every free), and
 * lets the runner reserve the static TLS that jemalloc's initial-exec TLS
 * needs to be dlopen()ed at all.
 *
 * The worker is the hidden command `kmembench malloc-worker FD SPEC`
 * (kmb_cmd_malloc_worker): it writes a struct kmb_malloc_report, then the
 * alloc samples, then the free samples, to descriptor FD.
 */
#ifndef KMB_MALLOC_WORKER_H
#define KMB_MALLOC_WORKER_H

#include <stdint.h>

#define KMB_MALLOC_REPORT_MAGIC		0x6b6d6231u
#define KMB_MALLOC_MAX_THREADS		256

enum kmb_malloc_status {
	KMB_MALLOC_MEASURED,
	KMB_MALLOC_SKIPPED,	/* message says why */
	KMB_MALLOC_FAILED,	/* message says what went wrong */
};

struct kmb_malloc_report {
	uint32_t magic;
	int32_t status;		/* enum kmb_malloc_status */
	int32_t stopped;	/* a signal ended the measurement early */
	uint32_t threads;
	char message[512];
	char version[128];	/* of the allocator */
	char library[256];
	uint64_t alloc_samples, free_samples;	/* how many follow, in this order */
	uint64_t alloc_ops, alloc_failures, free_ops;
	double alloc_wall_ns, free_wall_ns;	/* summed over threads */
	uint32_t pus[KMB_MALLOC_MAX_THREADS];	/* OS index of each thread's PU */
};

#endif
