/* The one-screen summary of a result (summary.h). */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progress.h"
#include "run_model.h"
#include "stats.h"
#include "summary.h"

#define SIZES_SHOWN	3
#define PHASES_SHOWN	3
#define PHASES_WIDTH	22

static const char *str_at(json_t *root, const char *a, const char *b)
{
	return json_string_value(json_object_get(json_object_get(root, a), b));
}

static double iso_seconds(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NAN;
	return (double)timegm(&tm);
}

static void header(FILE *f, json_t *root, const struct kmb_run_model *m)
{
	json_t *run = json_object_get(root, "run"), *kernel;
	const char *release, *virt = str_at(root, "system", "virt");
	const char *clock = json_string_value(json_object_get(root, "clock"));
	double took = iso_seconds(json_string_value(json_object_get(run, "end"))) -
		      iso_seconds(json_string_value(json_object_get(run, "start")));
	char t[32] = "";

	kernel = json_object_get(json_object_get(root, "system"), "kernel");
	release = json_string_value(json_object_get(kernel, "release"));
	if (isfinite(took))
		kmb_fmt_clock(took, t, sizeof(t));
	fprintf(f, "%s (%s, clock %s): suite %s, %zu cases, %lld repetitions%s%s%s\n",
		release ? release : "unknown kernel", virt ? virt : "unknown", clock ? clock : "time",
		str_at(root, "run", "suite") ? str_at(root, "run", "suite") : "?", m->ncases,
		(long long)json_integer_value(json_object_get(run, "repetitions")),
		*t ? ", " : "", t, json_is_true(json_object_get(run, "interrupted")) ?
		" (INTERRUPTED: partial)" : "");
}

/* Whether the variant the line shows measured @phase. */
static bool ref_has(const struct kmb_run_api *a, const char *phase)
{
	for (size_t i = 0; i < a->ncases; i++) {
		const struct kmb_run_case *c = a->cases[i];

		if (kmb_run_measured(c) && a->ref_variant && !strcmp(c->variant, a->ref_variant))
			return isfinite(kmb_run_stat(c, phase, "median"));
	}
	return false;
}

/*
 * How many of @a's phases its line shows: the first two, and a third (an
 * API's own: krealloc's grow, kmem_cache_shrink's shrink) when the variant
 * shown has it and its name still fits the column, "alloc/free/shrink ns".
 */
static size_t phases_shown(const struct kmb_run_api *a)
{
	size_t n = a->nphases < 2 ? a->nphases : 2;
	size_t width = a->unit ? strlen(a->unit) : 0;

	for (size_t i = 0; i < n; i++)
		width += strlen(a->phases[i]) + 1;
	while (n < a->nphases && n < PHASES_SHOWN &&
	       width + strlen(a->phases[n]) + 1 <= PHASES_WIDTH && ref_has(a, a->phases[n]))
		width += strlen(a->phases[n++]) + 1;
	return n;
}

/*
 * "140/90": the medians of @c's first @shown phases (phases_shown()), up
 * to the first one it lacks (fault-anon measures read only in
 * read-then-write).
 */
static void medians(const struct kmb_run_api *a, size_t shown, const struct kmb_run_case *c,
		    char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t n = 0; n < shown; n++) {
		double v = kmb_run_stat(c, a->phases[n], "median");
		char num[16];

		if (n && !isfinite(v))
			break;
		kmb_run_fmt_num(v, num, sizeof(num));
		at += (size_t)snprintf(buf + at, at < len ? len - at : 0, "%s%s", n ? "/" : "", num);
	}
}

/* "64 B 140/90" for one size of the reference variant. */
static void at_size(const struct kmb_run_api *a, size_t shown, const struct kmb_run_case *c,
		    char *buf, size_t len)
{
	char x[24];
	size_t at;

	kmb_run_fmt_x(c->x, c->by_order, x, sizeof(x));
	at = (size_t)snprintf(buf, len, "%s ", x);
	if (at < len)
		medians(a, shown, c, buf + at, len - at);
}

static int api_line(FILE *f, const struct kmb_run_api *a)
{
	const struct kmb_run_case **cs = calloc(a->ncases ? a->ncases : 1, sizeof(*cs));
	char range[64] = "", lo[24], hi[24], vals[160] = "", phases[48] = "", fail[48];
	size_t n, at = 0, shown = phases_shown(a);

	if (!cs)
		return -1;
	if (!isnan(a->xmin)) {
		kmb_run_fmt_x(a->xmin, a->by_order, lo, sizeof(lo));
		kmb_run_fmt_x(a->xmax, a->by_order, hi, sizeof(hi));
		if (a->xmin == a->xmax)
			snprintf(range, sizeof(range), "%s", lo);
		else if (a->by_order)
			snprintf(range, sizeof(range), "order %g..%g", a->xmin, a->xmax);
		else
			snprintf(range, sizeof(range), "%s..%s", lo, hi);
	}
	n = kmb_run_variant_cases(a, a->ref_variant, cs);
	for (size_t k = 0; k < SIZES_SHOWN && n; k++) {
		/* the smallest, one in the middle, the largest: each once */
		size_t i = k == 0 ? 0 : k == 1 ? n / 2 : n - 1;
		char one[64];

		if ((k == 1 && (i == 0 || i == n - 1)) || (k == 2 && i == 0))
			continue;
		at_size(a, shown, cs[i], one, sizeof(one));
		at += (size_t)snprintf(vals + at, sizeof(vals) - at, "%s%s", at ? "  " : "", one);
		if (at >= sizeof(vals))
			at = sizeof(vals) - 1;
	}
	if (!n) {
		/* No sizes: the first measured case. */
		for (size_t i = 0; i < a->ncases && !*vals; i++)
			if (!a->cases[i]->skipped && !a->cases[i]->error)
				medians(a, shown, a->cases[i], vals, sizeof(vals));
	}
	for (size_t i = 0; i < shown; i++)
		snprintf(phases + strlen(phases), sizeof(phases) - strlen(phases), "%s%s",
			 i ? "/" : "", a->phases[i]);
	if (a->nphases)
		snprintf(phases + strlen(phases), sizeof(phases) - strlen(phases), " %s",
			 a->unit ? a->unit : "");
	snprintf(fail, sizeof(fail), "%llu failed", (unsigned long long)a->failures);
	if (a->skipped || a->errors)
		snprintf(fail + strlen(fail), sizeof(fail) - strlen(fail), ", %zu skipped%s",
			 a->skipped + a->errors, a->errors ? " or in error" : "");
	fprintf(f, "%-26s %-18s %-*s %s  (%s)\n", a->name, range,
		PHASES_WIDTH, phases, *vals ? vals : "-",
		fail);
	free(cs);
	return 0;
}

static void limits(FILE *f, json_t *root)
{
	json_t *l = json_object_get(root, "limits");
	char a[32], b[32], c[32], d[32];
	double order = json_number_value(json_object_get(l, "max_page_order"));
	double page = json_number_value(json_object_get(l, "page_size"));

	if (!json_is_object(l))
		return;
	kmb_run_fmt_x(json_number_value(json_object_get(l, "kmalloc_max_size")), false, a, sizeof(a));
	kmb_run_fmt_x(json_number_value(json_object_get(l, "kmalloc_max_cache_size")), false, b,
		      sizeof(b));
	kmb_run_fmt_x(page * pow(2, order), false, c, sizeof(c));
	snprintf(d, sizeof(d), "%.0f MiB",
		 json_number_value(json_object_get(l, "available_ram")) / 1048576.0);
	fprintf(f, "limits: kmalloc up to %s (slab caches up to %s), pages up to order %g (%s), "
		   "%s available of %.0f MiB\n", a, b, order, c, d,
		json_number_value(json_object_get(l, "total_ram")) / 1048576.0);
}

/* "25 ms", "3.8 s" */
static void fmt_ms(double ms, char *buf, size_t len)
{
	if (!isfinite(ms))
		snprintf(buf, len, "-");
	else if (ms < 1000)
		snprintf(buf, len, "%.0f ms", ms);
	else
		snprintf(buf, len, "%.1f s", ms / 1e3);
}

/*
 * For a kfree_rcu-style API, one line: the objects its runs left waiting
 * for a grace period and how long they took to be freed, over every
 * repetition of its cases (rcu_backlog, src/kernel/rcu_backlog.c).
 * Returns -1 when out of memory.
 */
static int rcu_backlog(FILE *f, const struct kmb_run_api *a)
{
	size_t cap = 0, np = 0, nd = 0, late = 0, i, k;
	double *pend, *drain, slowest = NAN;
	char p[24], d[24], z[24];
	json_t *r, *x;

	for (i = 0; i < a->ncases; i++) {
		r = json_object_get(a->cases[i]->json, "rcu_backlog");
		cap += json_array_size(json_object_get(r, "pending_objects")) +
		       json_array_size(json_object_get(r, "drain_ms"));
	}
	if (!cap)
		return 0;
	pend = malloc(cap * sizeof(*pend));
	drain = malloc(cap * sizeof(*drain));
	if (!pend || !drain) {
		free(pend);
		free(drain);
		return -1;
	}
	for (i = 0; i < a->ncases; i++) {
		r = json_object_get(a->cases[i]->json, "rcu_backlog");
		json_array_foreach(json_object_get(r, "pending_objects"), k, x)
			pend[np++] = json_number_value(x);
		json_array_foreach(json_object_get(r, "drain_ms"), k, x) {
			if (!json_is_number(x)) {
				late++;
				continue;
			}
			drain[nd++] = json_number_value(x);
			if (isnan(slowest) || drain[nd - 1] > slowest)
				slowest = drain[nd - 1];
		}
	}
	if (np) {
		kmb_run_fmt_num(kmb_median(pend, np), p, sizeof(p));
		fmt_ms(kmb_median(drain, nd), d, sizeof(d));
		fmt_ms(slowest, z, sizeof(z));
		fprintf(f, "%s backlog: %s objects queued at run end (median of %zu), "
			"freed in %s (slowest %s; %zu over 5 s)\n", a->name, p, np, d, z, late);
	}
	free(pend);
	free(drain);
	return 0;
}

int kmb_summary_print(FILE *f, json_t *root, const char *path, struct kmb_err *err)
{
	struct kmb_run_model m;
	size_t skipped = 0, errors = 0;
	int ret = kmb_run_model_build(root, &m, err);

	if (ret)
		return ret;
	header(f, root, &m);
	fprintf(f, "%-26s %-18s %-*s %s\n", "API", "sizes", PHASES_WIDTH, "medians of", "at the smallest, a "
		"middle, the largest size");
	for (size_t i = 0; i < m.napis; i++) {
		if (api_line(f, &m.apis[i])) {
			kmb_run_model_free(&m);
			return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		}
		skipped += m.apis[i].skipped;
		errors += m.apis[i].errors;
	}
	limits(f, root);
	for (size_t i = 0; i < m.napis; i++) {
		if (rcu_backlog(f, &m.apis[i])) {
			kmb_run_model_free(&m);
			return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		}
	}
	if (skipped || errors)
		fprintf(f, "%zu case%s skipped, %zu in error (reasons in the result)\n", skipped,
			skipped == 1 ? "" : "s", errors);
	if (path)
		fprintf(f, "full result: %s\n(every case: kmembench summary --table %s)\n", path,
			path);
	kmb_run_model_free(&m);
	return 0;
}
