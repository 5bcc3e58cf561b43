#include "phase.h"

#include <math.h>
#include <stdlib.h>

#include "clock.h"

int kmb_phase_add_rep(struct kmb_phase_data *p, const double *ns, const double *cycles,
		      size_t n, uint64_t ops, uint64_t failures, double busy_ns)
{
	double *tmp;
	double med;

	if (kmb_dvec_append(&p->samples, ns, n))
		return -1;
	if (cycles && kmb_dvec_append(&p->cycles, cycles, n))
		return -1;
	tmp = malloc((n ? n : 1) * sizeof(*tmp));
	if (!tmp)
		return -1;
	for (size_t i = 0; i < n; i++)
		tmp[i] = ns[i];
	med = kmb_median(tmp, n);
	free(tmp);
	/* A repetition where every operation failed has no median to compare. */
	if (n && kmb_dvec_push(&p->rep_medians, med))
		return -1;
	p->ops += ops;
	p->failures += failures;
	p->busy_ns += busy_ns;
	return 0;
}

/* Mean and stddev over every operation, where the source summed them all. */
static void use_moments(struct kmb_stats *s, const struct kmb_moments *m)
{
	if (m->n <= 0)
		return;
	s->mean = m->mean;
	s->stddev = kmb_moments_stddev(m);
}

json_t *kmb_phase_json(struct kmb_phase_data *p)
{
	struct kmb_stats s;
	json_t *o, *reps;

	kmb_stats_compute(p->samples.v, p->samples.n, &s);
	use_moments(&s, &p->every);
	o = kmb_stats_json(&s);
	if (p->every.n > 0)
		json_object_set_new(o, "statistics", json_pack(
			"{s:s, s:s, s:s}",
			"mean_stddev", "every operation (the module's sums)",
			"min_max", "every operation",
			"quantiles", p->quantiles_from ? p->quantiles_from : "the samples"));
	json_object_set_new(o, "unit", json_string(p->unit ? p->unit : "ns"));
	json_object_set_new(o, "ops", json_integer((json_int_t)p->ops));
	json_object_set_new(o, "failures", json_integer((json_int_t)p->failures));
	/* Throughput of one caller at the measured mean cost per operation. */
	json_object_set_new(o, "ops_per_sec",
			    isfinite(s.mean) && s.mean > 0 ? json_real(1e9 / s.mean) : json_null());
	if (p->busy_ns > 0 && p->ops)
		json_object_set_new(o, "wall_ns_per_op", json_real(p->busy_ns / (double)p->ops));
	reps = json_array();
	for (size_t i = 0; i < p->rep_medians.n; i++)
		json_array_append_new(reps, json_real(p->rep_medians.v[i]));
	json_object_set_new(o, "rep_medians", reps);
	if (kmb_unit_is_count(p->unit)) {
		/* The cycles are the instructions: no second copy. */
		kmb_round_counts(o);
		return o;
	}
	if (p->cycles.n) {
		kmb_stats_compute(p->cycles.v, p->cycles.n, &s);
		use_moments(&s, &p->every_cycles);
		json_object_set_new(o, "cycles", kmb_stats_json(&s));
	}
	return o;
}

void kmb_phase_free(struct kmb_phase_data *p)
{
	kmb_dvec_free(&p->samples);
	kmb_dvec_free(&p->cycles);
	kmb_dvec_free(&p->rep_medians);
}
