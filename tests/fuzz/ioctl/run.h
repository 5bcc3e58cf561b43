/*
 * What the RUN request files share: the request as generated (run_build.c),
 * placed and sent (gen_run.c), and checked (run_check.c).
 */
#ifndef IFZ_RUN_H
#define IFZ_RUN_H

#include "ifz.h"

struct ifz_run_req {
	struct kmb_run run;
	int samples, hist, cpus;	/* whether the request has those buffers */
	int bad_cpu;			/* an offline or absurd CPU in the array */
	int null_result;		/* no result buffer: refused */
	int invalid;			/* the ABI calls it invalid: refused */
};

/* How a request is made: near a valid case, randomly, or surely invalid. */
enum ifz_flavour { IFZ_NEAR, IFZ_RANDOM, IFZ_INVALID };

/* The flavour a request of @kind gets. */
enum ifz_flavour ifz_run_flavour(struct ifz_rng *r, enum ifz_kind kind);

/* A request from a template, mutated as @flavour says, kept quick. */
void ifz_run_build(struct ifz_rng *r, const struct ifz_worker *w, struct ifz_run_req *q,
		   enum ifz_flavour flavour);

/* @a * @b * @c * @d bytes, or SIZE_MAX when that does not fit. */
size_t ifz_bytes_of(uint64_t a, uint64_t b, uint64_t c, uint64_t d);

/*
 * What a RUN that returned 0 wrote back. @in is what was sent; @buffers_good:
 * every buffer was good and holds the canary where the module did not
 * write; @res_threads: threads' worth of entries in the result buffer.
 */
void ifz_check_run(struct ifz_worker *w, uint64_t index, enum ifz_kind kind,
		   const struct kmb_run *in, const struct kmb_run *out, int buffers_good,
		   uint32_t res_threads);

#endif
