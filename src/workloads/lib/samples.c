#include <stdlib.h>

#include "wl_lib.h"

int kmb_samples_init(struct kmb_samples *s, size_t cap)
{
	size_t step = kmb_page_size() / sizeof(double);

	s->n = 0;
	s->cap = cap;
	s->v = malloc((cap ? cap : 1) * sizeof(*s->v));
	if (!s->v)
		return -1;
	/* A fault while recording would land in the next sample's window. */
	for (size_t i = 0; i < cap; i += step)
		((volatile double *)s->v)[i] = 0;
	if (cap)
		((volatile double *)s->v)[cap - 1] = 0;
	return 0;
}

void kmb_samples_free(struct kmb_samples *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

int kmb_record(struct kmb_bench_case *c, const char *name, const char *unit,
	       const struct kmb_samples *s, uint64_t ops, uint64_t failures, double wall_ns,
	       struct kmb_err *err)
{
	struct kmb_phase_data *ph = kmb_case_phase(c, name, unit);

	if (!ph)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: more than %d phases", c->id,
				KMB_MAX_PHASES);
	if (kmb_phase_add_rep(ph, s->v, NULL, s->n, ops, failures, wall_ns))
		return kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
	return 0;
}
