#include "case.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

struct kmb_bench_case *kmb_case_new(const struct kmb_group_ops *ops, json_t *params,
				    void *priv, const char *idfmt, ...)
{
	struct kmb_bench_case *c = calloc(1, sizeof(*c));
	va_list ap;

	if (!c)
		return NULL;
	va_start(ap, idfmt);
	vsnprintf(c->id, sizeof(c->id), idfmt, ap);
	va_end(ap);
	c->ops = ops;
	c->params = params;
	c->priv = priv;
	c->extra = json_object();
	return c;
}

struct kmb_phase_data *kmb_case_phase(struct kmb_bench_case *c, const char *name, const char *unit)
{
	for (size_t i = 0; i < c->nphases; i++)
		if (strcmp(c->phases[i].name, name) == 0)
			return &c->phases[i];
	if (c->nphases == KMB_MAX_PHASES)
		return NULL;
	c->phases[c->nphases].name = name;
	/* Every timed phase is in the run's clock unit: said here, once. */
	c->phases[c->nphases].unit = kmb_clock_unit(unit);
	return &c->phases[c->nphases++];
}

void kmb_case_skip(struct kmb_bench_case *c, const char *fmt, ...)
{
	va_list ap;

	free(c->skip_reason);
	va_start(ap, fmt);
	if (vasprintf(&c->skip_reason, fmt, ap) < 0)
		c->skip_reason = NULL;
	va_end(ap);
}

void kmb_case_free(struct kmb_bench_case *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nphases; i++)
		kmb_phase_free(&c->phases[i]);
	if (c->ops && c->ops->free_priv)
		c->ops->free_priv(c->priv);
	json_decref(c->params);
	json_decref(c->extra);
	free(c->skip_reason);
	free(c->error);
	free(c);
}

json_t *kmb_case_json(struct kmb_bench_case *c)
{
	json_t *o = json_object(), *phases = json_object();

	json_object_set_new(o, "id", json_string(c->id));
	json_object_set_new(o, "group", json_string(c->ops->group));
	json_object_set(o, "params", c->params);
	json_object_set_new(o, "repetitions", json_integer(c->reps_done));
	if (c->skip_reason)
		json_object_set_new(o, "skipped", json_string(c->skip_reason));
	if (c->error)
		json_object_set_new(o, "error", json_string(c->error));
	if (c->stopped[0])
		json_object_set_new(o, "stopped", json_string(c->stopped));
	json_object_update(o, c->extra);
	for (size_t i = 0; i < c->nphases; i++)
		json_object_set_new(phases, c->phases[i].name, kmb_phase_json(&c->phases[i]));
	json_object_set_new(o, "phases", phases);
	return o;
}

int kmb_case_list_push(struct kmb_case_list *l, struct kmb_bench_case *c)
{
	if (l->n == KMB_MAX_CASES)
		return -1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct kmb_bench_case **v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = c;
	return 0;
}

void kmb_case_list_free(struct kmb_case_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		kmb_case_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
