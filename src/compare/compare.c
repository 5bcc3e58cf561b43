/* Matching two result documents and deciding each (case, phase) pair. */
#include "compare.h"

#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

void kmb_cmp_opts_default(struct kmb_cmp_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = 0.05;
	o->alpha = 0.05;
	o->correction = KMB_PADJ_HOLM;
	o->ci_level = 0.95;
	o->resamples = 2000;
	o->seed = 1;
	o->exact_floor = 2;
}

const char *kmb_verdict_name(enum kmb_verdict v)
{
	static const char *const names[KMB_NVERDICTS] = {
		[KMB_VERDICT_REGRESSION] = "regression",
		[KMB_VERDICT_IMPROVEMENT] = "improvement",
		[KMB_VERDICT_UNCHANGED] = "unchanged",
		[KMB_VERDICT_NOISY] = "noisy",
	};

	return (unsigned int)v < KMB_NVERDICTS ? names[v] : "?";
}

const char *kmb_cmp_rule_name(enum kmb_cmp_rule r)
{
	switch (r) {
	case KMB_RULE_EXACT:
		return "exact";
	case KMB_RULE_BOOTS:
		return "boots";
	default:
		return "repetitions";
	}
}

void kmb_cmp_rules_text(const struct kmb_cmp_opts *o, char *buf, size_t len)
{
	const char *adj = o->correction == KMB_PADJ_HOLM ? "Holm-adjusted" :
			  o->correction == KMB_PADJ_BH ? "Benjamini-Hochberg-adjusted" :
			  "unadjusted";
	double t = o->threshold * 100, ci = o->ci_level * 100;

	snprintf(buf, len,
		 "replicates: one value per boot when a document merges several boots, else "
		 "each repetition's median; regression: %s Mann-Whitney p < %g over the "
		 "replicates and the median up by more than %g%%; improvement: the same, down "
		 "by more than %g%%; noisy: not significant, but the %g%% bootstrap CI of the "
		 "ratio of medians reaches beyond +-%g%%; unchanged: otherwise. Exact "
		 "(instructions clock, every value of each side within 1 insn): a change "
		 "beyond +-%g%% and beyond %g insn is a regression or improvement, "
		 "without a test.",
		 adj, o->alpha, t, t, ci, t, t, o->exact_floor);
}

static bool selected(const struct kmb_cmp_opts *o, const char *id)
{
	if (!o->nfilters)
		return true;
	for (size_t i = 0; i < o->nfilters; i++)
		if (fnmatch(o->filters[i], id, 0) == 0)
			return true;
	return false;
}

/*
 * Room for element @n in @v (elements of @size, capacity *cap): returns the
 * array, moved if it had to grow, with element @n zeroed; NULL when out of
 * memory (@v is then still valid).
 */
static void *room(void *v, size_t size, size_t n, size_t *cap)
{
	if (n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;

		v = realloc(v, ncap * size);
		if (!v)
			return NULL;
		*cap = ncap;
	}
	memset((char *)v + n * size, 0, size);
	return v;
}

struct builder {
	struct kmb_comparison *c;
	const struct kmb_cmp_opts *o;
	size_t cap_pairs, cap_skips, cap_only_base, cap_only_new;
};

static int skip(struct builder *b, const char *id, const char *phase, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int skip(struct builder *b, const char *id, const char *phase, const char *fmt, ...)
{
	struct kmb_cmp_skip *s = room(b->c->skips, sizeof(*s), b->c->nskips, &b->cap_skips);
	va_list ap;

	if (!s)
		return -1;
	b->c->skips = s;
	s += b->c->nskips++;
	s->id = id;
	s->phase = phase;
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
	/* Reasons quote the documents; a line break would break every layout. */
	for (char *r = s->reason; *r; r++)
		if ((unsigned char)*r < ' ')
			*r = ' ';
	return 0;
}

/* FNV-1a of the pair's name: each pair gets its own bootstrap stream. */
static uint64_t pair_seed(uint64_t seed, const char *id, const char *phase)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const char *s = id; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h *= 0x100000001b3ULL;		/* the NUL between id and phase */
	for (const char *s = phase; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h ^ (seed * 0x9e3779b97f4a7c15ULL);
}

static const struct kmb_cmp_phase *find_phase(const struct kmb_cmp_case *c, const char *name)
{
	for (size_t i = 0; i < c->nphases; i++)
		if (strcmp(c->phases[i].name, name) == 0)
			return &c->phases[i];
	return NULL;
}

/* The spread of a side: every repetition of every boot, in its unit. */
static double spread(const struct kmb_cmp_phase *p)
{
	return p->reps[p->nreps - 1] - p->reps[0];
}

/*
 * The replicates of one side under @rule: per boot when the document is a
 * merge (a single document is one boot, its value the median of its
 * repetitions), else per repetition. @one holds that single value.
 */
static const double *replicates(const struct kmb_cmp_phase *p, enum kmb_cmp_rule rule,
				double *one, size_t *n)
{
	if (rule != KMB_RULE_BOOTS) {
		*n = p->nreps;
		return p->reps;
	}
	if (p->nboots) {
		*n = p->nboots;
		return p->boots;
	}
	*one = kmb_quantile_sorted(p->reps, p->nreps, 0.5);
	*n = 1;
	return one;
}

static int compare_phase(struct builder *b, const char *id, const struct kmb_cmp_phase *bp,
			 const struct kmb_cmp_phase *np)
{
	const struct kmb_cmp_doc *base = b->c->base, *new = b->c->new;
	const double *bv, *nv;
	double bone, none;
	size_t bn, nn;
	struct kmb_cmp_pair *p;
	struct kmb_mwu mwu;

	if (strcmp(bp->unit, np->unit) != 0)
		return skip(b, id, bp->name, "unit '%s' in %s but '%s' in %s", bp->unit,
			    base->path, np->unit, new->path);
	/* Only for times and instruction counts is it known that lower is better. */
	if (strcmp(bp->unit, "ns") != 0 && strcmp(bp->unit, "insn") != 0)
		return skip(b, id, bp->name, "unit '%s' is neither ns nor insn", bp->unit);
	/* The loader lets a list be empty only when the phase has no operation. */
	if (!bp->nreps || !np->nreps)
		return skip(b, id, bp->name, "no repetition medians in %s: no operation succeeded",
			    !bp->nreps ? base->path : new->path);
	if (!(bp->reps[0] > 0) || !(np->reps[0] > 0))
		return skip(b, id, bp->name, "a repetition median <= 0 %s in %s: no ratio",
			    bp->unit, !(bp->reps[0] > 0) ? base->path : new->path);

	p = room(b->c->pairs, sizeof(*p), b->c->npairs, &b->cap_pairs);
	if (!p)
		return -1;
	b->c->pairs = p;
	p += b->c->npairs++;
	p->id = id;
	p->phase = bp->name;
	p->unit = bp->unit;
	if (base->clock == KMB_CLOCK_INSTRUCTIONS && spread(bp) <= 1 && spread(np) <= 1)
		p->rule = KMB_RULE_EXACT;
	else if (bp->nboots > 1 || np->nboots > 1)
		p->rule = KMB_RULE_BOOTS;
	else
		p->rule = KMB_RULE_REPETITIONS;
	bv = replicates(bp, p->rule, &bone, &bn);
	nv = replicates(np, p->rule, &none, &nn);
	p->base_reps = bn;
	p->new_reps = nn;
	p->base_median = kmb_quantile_sorted(bv, bn, 0.5);
	p->new_median = kmb_quantile_sorted(nv, nn, 0.5);
	p->ratio = p->new_median / p->base_median;
	if (p->rule == KMB_RULE_EXACT) {
		/* Nothing to resample: the interval is the ratio itself. */
		p->p = p->p_adj = NAN;
		p->ci_lo = p->ci_hi = p->ratio;
		return 0;
	}
	if (kmb_mwu_test(nv, nn, bv, bn, &mwu))
		return -1;
	p->p = mwu.p;
	p->exact = mwu.exact;
	return kmb_bootstrap_ratio_ci(bv, bn, nv, nn, b->o->resamples, b->o->ci_level,
				      pair_seed(b->o->seed, id, bp->name), &p->ci_lo, &p->ci_hi);
}

/* "skipped in base.json: why" for whichever sides did not run the case. */
static int skip_case(struct builder *b, const struct kmb_cmp_case *bc,
		     const struct kmb_cmp_case *nc)
{
	const struct kmb_cmp_case *side[2] = { bc, nc };
	const char *path[2] = { b->c->base->path, b->c->new->path };
	char reason[sizeof(((struct kmb_cmp_skip *)0)->reason)] = "";
	size_t used = 0;

	for (int i = 0; i < 2; i++) {
		const char *what = side[i]->error ? "error" : "skipped";
		const char *why = side[i]->error ? side[i]->error : side[i]->skipped;

		if (!why || used >= sizeof(reason))
			continue;
		used += (size_t)snprintf(reason + used, sizeof(reason) - used, "%s%s in %s: %s",
					 used ? "; " : "", what, path[i], why);
	}
	return skip(b, bc->id, NULL, "%s", reason);
}

static int compare_case(struct builder *b, const struct kmb_cmp_case *bc,
			const struct kmb_cmp_case *nc)
{
	if (bc->skipped || bc->error || nc->skipped || nc->error)
		return skip_case(b, bc, nc);
	for (size_t i = 0; i < bc->nphases; i++) {
		const struct kmb_cmp_phase *np = find_phase(nc, bc->phases[i].name);
		int ret = np ? compare_phase(b, bc->id, &bc->phases[i], np)
			     : skip(b, bc->id, bc->phases[i].name, "phase only in %s",
				    b->c->base->path);

		if (ret)
			return ret;
	}
	for (size_t i = 0; i < nc->nphases; i++)
		if (!find_phase(bc, nc->phases[i].name) &&
		    skip(b, bc->id, nc->phases[i].name, "phase only in %s", b->c->new->path))
			return -1;
	return 0;
}

static enum kmb_verdict decide(const struct kmb_cmp_pair *p, const struct kmb_cmp_opts *o)
{
	/*
	 * Exact data has no spread to test: the change itself is the evidence,
	 * once it is larger than what boots of one kernel differ by.
	 */
	bool significant = p->rule == KMB_RULE_EXACT ?
			   fabs(p->new_median - p->base_median) > o->exact_floor :
			   p->p_adj < o->alpha;
	double change = p->ratio - 1;

	if (significant && change > o->threshold)
		return KMB_VERDICT_REGRESSION;
	if (significant && change < -o->threshold)
		return KMB_VERDICT_IMPROVEMENT;
	if (p->rule == KMB_RULE_EXACT)
		return KMB_VERDICT_UNCHANGED;
	/*
	 * Not significant is not the same as unchanged: when the interval
	 * still holds changes larger than the threshold, the runs were too
	 * noisy (or too short) to tell, and saying "unchanged" would hide it.
	 */
	if (!significant && !(p->ci_lo >= 1 - o->threshold && p->ci_hi <= 1 + o->threshold))
		return KMB_VERDICT_NOISY;
	return KMB_VERDICT_UNCHANGED;
}

/*
 * Adjusts the p-values of the tested pairs together (exact pairs have none),
 * then decides and sums up.
 */
static int finish(struct kmb_comparison *c, const struct kmb_cmp_opts *o)
{
	double *v = malloc((c->npairs ? c->npairs : 1) * sizeof(*v));
	size_t ntested = 0, k = 0;
	double family;

	if (!v)
		return -1;
	for (size_t i = 0; i < c->npairs; i++)
		if (c->pairs[i].rule != KMB_RULE_EXACT)
			v[ntested++] = c->pairs[i].p;
	/* An isolated change's p is multiplied by the family size by both methods. */
	family = o->correction == KMB_PADJ_NONE ? 1 : (double)ntested;
	c->tested = ntested;
	if (kmb_p_adjust(v, ntested, o->correction, v)) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < c->npairs; i++) {
		struct kmb_cmp_pair *p = &c->pairs[i];
		double floor_p = kmb_mwu_p_floor(p->base_reps, p->new_reps);

		if (p->rule != KMB_RULE_EXACT)
			p->p_adj = v[k++];
		p->verdict = decide(p, o);
		c->count[p->verdict]++;
		if (p->rule != KMB_RULE_EXACT && floor_p * family >= o->alpha) {
			if (!c->underpowered++ || floor_p < c->p_floor) {
				c->p_floor = floor_p;
				c->floor_base_reps = p->base_reps;
				c->floor_new_reps = p->new_reps;
			}
		}
	}
	for (size_t i = 0; i < c->npairs; i++)
		v[i] = c->pairs[i].ratio;
	c->geomean = kmb_geomean(v, c->npairs);
	free(v);
	return 0;
}

int kmb_compare(const struct kmb_cmp_doc *base, const struct kmb_cmp_doc *new,
		const struct kmb_cmp_opts *o, struct kmb_comparison *c, struct kmb_err *err)
{
	struct builder b = { .c = c, .o = o };

	memset(c, 0, sizeof(*c));
	c->base = base;
	c->new = new;
	c->geomean = NAN;
	c->p_floor = 1;
	if (base->clock != new->clock)
		return kmb_clock_same(base->clock, base->path, new->clock, new->path, "compare",
				      err);
	if (kmb_cmp_env_diff(base->root, new->root, &c->env, &c->nenv))
		goto oom;
	for (size_t i = 0; i < base->ncases; i++) {
		const struct kmb_cmp_case *bc = &base->cases[i], *nc;

		if (!selected(o, bc->id))
			continue;
		nc = kmb_cmp_doc_find(new, bc->id);
		if (nc) {
			if (compare_case(&b, bc, nc))
				goto oom;
		} else {
			const char **ids = room(c->only_base, sizeof(*ids), c->nonly_base,
						&b.cap_only_base);

			if (!ids)
				goto oom;
			c->only_base = ids;
			ids[c->nonly_base++] = bc->id;
		}
	}
	for (size_t i = 0; i < new->ncases; i++) {
		const char *id = new->cases[i].id, **ids;

		if (!selected(o, id) || kmb_cmp_doc_find(base, id))
			continue;
		ids = room(c->only_new, sizeof(*ids), c->nonly_new, &b.cap_only_new);
		if (!ids)
			goto oom;
		c->only_new = ids;
		ids[c->nonly_new++] = id;
	}
	if (finish(c, o))
		goto oom;
	return 0;
oom:
	return kmb_fail(err, KMB_EXIT_ENV, "out of memory comparing %s with %s", new->path,
			base->path);
}

void kmb_comparison_free(struct kmb_comparison *c)
{
	free(c->pairs);
	free(c->only_base);
	free(c->only_new);
	free(c->skips);
	free(c->env);
	memset(c, 0, sizeof(*c));
}
