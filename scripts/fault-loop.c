/*
 * The classic anonymous page-fault loop, for scripts/fault-compare: map a
 * private anonymous range, write one byte to each page, unmap; repeat.
 * Prints the time of the writes per fault taken (getrusage), and the time of
 * the whole map-write-unmap cycle per page. MADV_NOHUGEPAGE keeps it to one
 * fault per base page, like kmembench's fault-anon thp=nohuge.
 *
 * usage: fault-loop [MiB per round (64)] [rounds (8)]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static long arg(int argc, char **argv, int i, long dflt)
{
	char *end;
	long v;

	if (argc <= i)
		return dflt;
	v = strtol(argv[i], &end, 10);
	if (*end || v <= 0) {
		fprintf(stderr, "fault-loop: '%s' is not a positive number\n", argv[i]);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	size_t size = (size_t)arg(argc, argv, 1, 64) << 20;
	long rounds = arg(argc, argv, 2, 8);
	size_t page = (size_t)sysconf(_SC_PAGESIZE), pages = 0;
	unsigned long long touch_ns = 0, cycle_ns = 0, faults = 0;

	for (long r = 0; r < rounds; r++) {
		struct rusage before, after;
		unsigned long long t0 = now_ns(), t1, t2;
		char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (p == MAP_FAILED || (madvise(p, size, MADV_NOHUGEPAGE) && errno != EINVAL)) {
			perror("fault-loop: mmap/madvise");
			return 1;
		}
		getrusage(RUSAGE_SELF, &before);
		t1 = now_ns();
		for (size_t off = 0; off < size; off += page)
			((volatile char *)p)[off] = 1;
		t2 = now_ns();
		getrusage(RUSAGE_SELF, &after);
		if (munmap(p, size)) {
			perror("fault-loop: munmap");
			return 1;
		}
		touch_ns += t2 - t1;
		cycle_ns += now_ns() - t0;
		faults += (unsigned long long)(after.ru_minflt - before.ru_minflt);
		pages += size / page;
	}
	printf("pages %zu faults %llu ns_per_fault %.1f cycle_ns_per_page %.1f\n", pages, faults,
	       faults ? (double)touch_ns / (double)faults : 0.0, (double)cycle_ns / (double)pages);
	return 0;
}
