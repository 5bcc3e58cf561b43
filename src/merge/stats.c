/*
 * Combining per-boot summaries of one phase into one summary, by the rules
 * in merge.h: exact where the summaries allow it, a stated approximation
 * (the median of the per-boot values) for quantiles, which they do not.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "merge.h"
#include "stats.h"

enum rule {
	SUM,		/* integer sum */
	MIN,
	MAX,
	MEAN_BY_N,	/* weighted by each boot's n */
	MEAN_BY_OPS,	/* weighted by each boot's ops */
	POOLED_SD,
	BOOT_MEDIAN,	/* median of the per-boot values */
};

static const struct {
	const char *key;
	enum rule rule;
} stat_rules[] = {
	{ "n", SUM }, { "ops", SUM }, { "failures", SUM },
	{ "min", MIN }, { "max", MAX },
	{ "mean", MEAN_BY_N }, { "stddev", POOLED_SD },
	{ "median", BOOT_MEDIAN }, { "p50", BOOT_MEDIAN }, { "p90", BOOT_MEDIAN },
	{ "p99", BOOT_MEDIAN }, { "p99_9", BOOT_MEDIAN },
	{ "wall_ns_per_op", MEAN_BY_OPS },
};

#define NRULES (sizeof(stat_rules) / sizeof(stat_rules[0]))

static bool number_of(json_t *obj, const char *key, double *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return isfinite(*out);
}

/* A boot's weight: its @key ("n" or "ops"), 1 when it does not say. */
static double weight_of(json_t *obj, const char *key)
{
	double w;

	return number_of(obj, key, &w) ? w : 1;
}

static json_t *merge_sum(json_t *const *s, size_t n, const char *key)
{
	json_int_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(s[i], key);

		if (json_is_integer(v))
			sum += json_integer_value(v);
	}
	return json_integer(sum);
}

/* The smallest (@sign -1) or largest (+1) value, the JSON value itself: exact. */
static json_t *merge_extreme(json_t *const *s, size_t n, const char *key, int sign)
{
	json_t *best = NULL;

	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(s[i], key);

		if (!json_is_number(v))
			continue;
		if (!best || sign * (json_number_value(v) - json_number_value(best)) > 0)
			best = v;
	}
	return best ? json_deep_copy(best) : json_null();
}

static double weighted_mean(json_t *const *s, size_t n, const char *key, const char *wkey)
{
	double sum = 0, wsum = 0, x;

	for (size_t i = 0; i < n; i++) {
		double w = weight_of(s[i], wkey);

		if (w > 0 && number_of(s[i], key, &x)) {
			sum += w * x;
			wsum += w;
		}
	}
	return wsum > 0 ? sum / wsum : NAN;
}

/*
 * The sample standard deviation of the pooled samples, exact from each
 * boot's n, mean and stddev: (sum (n_i - 1) s_i^2 + sum n_i (m_i - m)^2)
 * / (N - 1). A boot of one sample has no stddev and adds no spread term.
 */
static double pooled_sd(json_t *const *s, size_t n)
{
	double mean = weighted_mean(s, n, "mean", "n"), within = 0, between = 0, total = 0;

	for (size_t i = 0; i < n; i++) {
		double ni, mi, si;

		if (!number_of(s[i], "n", &ni) || ni <= 0)
			continue;
		if (!number_of(s[i], "mean", &mi))
			return NAN;
		if (ni >= 2) {
			if (!number_of(s[i], "stddev", &si))
				return NAN;
			within += (ni - 1) * si * si;
		}
		between += ni * (mi - mean) * (mi - mean);
		total += ni;
	}
	return total >= 2 ? sqrt((within + between) / (total - 1)) : NAN;
}

static double boot_median(json_t *const *s, size_t n, const char *key)
{
	double *v = malloc((n ? n : 1) * sizeof(*v)), m;
	size_t k = 0;

	if (!v)
		return NAN;
	for (size_t i = 0; i < n; i++)
		if (number_of(s[i], key, &v[k]))
			k++;
	qsort(v, k, sizeof(*v), kmb_cmp_double);
	m = kmb_quantile_sorted(v, k, 0.5);
	free(v);
	return m;
}

static json_t *apply_rule(json_t *const *s, size_t n, const char *key, enum rule rule)
{
	switch (rule) {
	case SUM: return merge_sum(s, n, key);
	case MIN: return merge_extreme(s, n, key, -1);
	case MAX: return merge_extreme(s, n, key, 1);
	case MEAN_BY_N: return kmb_json_real_or_null(weighted_mean(s, n, key, "n"));
	case MEAN_BY_OPS: return kmb_json_real_or_null(weighted_mean(s, n, key, "ops"));
	case POOLED_SD: return kmb_json_real_or_null(pooled_sd(s, n));
	case BOOT_MEDIAN: return kmb_json_real_or_null(boot_median(s, n, key));
	}
	return json_null();
}

static bool any_has(json_t *const *s, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (json_object_get(s[i], key))
			return true;
	return false;
}

json_t *kmb_merge_stats(json_t *const *stats, size_t n)
{
	json_t **s = calloc(n ? n : 1, sizeof(*s)), *out = json_object(), *first = NULL;
	size_t k = 0;
	const char *key;
	json_t *v;

	if (!s || !out)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if (json_is_object(stats[i]))
			s[k++] = stats[i];
	/* Fields without a rule: the first boot's (merge.h says so). */
	if (k)
		first = s[0];
	json_object_foreach(first, key, v)
		if (json_object_set_new(out, key, json_deep_copy(v)))
			goto oom;
	for (size_t r = 0; r < NRULES; r++) {
		if (!any_has(s, k, stat_rules[r].key))
			continue;
		if (json_object_set_new(out, stat_rules[r].key,
					apply_rule(s, k, stat_rules[r].key, stat_rules[r].rule)))
			goto oom;
	}
	free(s);
	return out;
oom:
	free(s);
	json_decref(out);
	return NULL;
}

static json_t *concat_reps(json_t *const *phases, size_t n)
{
	json_t *all = json_array(), *x;
	size_t j;

	for (size_t i = 0; all && i < n; i++)
		json_array_foreach(json_object_get(phases[i], "rep_medians"), j, x)
			if (json_array_append(all, x)) {
				json_decref(all);
				return NULL;
			}
	return all;
}

/* One value per boot: the median of that boot's repetition medians. */
static json_t *boot_medians(json_t *const *phases, size_t n)
{
	json_t *all = json_array(), *x;
	double *v = NULL;
	size_t j;

	for (size_t i = 0; all && i < n; i++) {
		json_t *reps = json_object_get(phases[i], "rep_medians");
		size_t k = 0;

		if (!json_array_size(reps))
			continue;
		free(v);
		v = malloc(json_array_size(reps) * sizeof(*v));
		if (!v)
			goto oom;
		json_array_foreach(reps, j, x)
			if (json_is_number(x))
				v[k++] = json_number_value(x);
		if (k && json_array_append_new(all, json_real(kmb_median(v, k))))
			goto oom;
	}
	free(v);
	return all;
oom:
	free(v);
	json_decref(all);
	return NULL;
}

json_t *kmb_merge_phase(json_t *const *phases, size_t n)
{
	json_t *out = kmb_merge_stats(phases, n), **cycles = NULL, *reps;
	double mean;
	size_t k = 0;

	if (!out)
		return NULL;
	if (any_has(phases, n, "rep_medians")) {
		reps = concat_reps(phases, n);
		if (!reps || json_object_set_new(out, "rep_medians", reps))
			goto oom;
		reps = boot_medians(phases, n);
		if (!reps || json_object_set_new(out, "boot_medians", reps))
			goto oom;
	}
	/* The runner's definition: one caller's throughput at the mean cost. */
	if (any_has(phases, n, "ops_per_sec")) {
		bool ok = number_of(out, "mean", &mean) && mean > 0;

		if (json_object_set_new(out, "ops_per_sec", ok ? json_real(1e9 / mean) : json_null()))
			goto oom;
	}
	if (any_has(phases, n, "cycles")) {
		json_t *merged;

		cycles = calloc(n, sizeof(*cycles));
		if (!cycles)
			goto oom;
		for (size_t i = 0; i < n; i++)
			if (json_is_object(json_object_get(phases[i], "cycles")))
				cycles[k++] = json_object_get(phases[i], "cycles");
		merged = kmb_merge_stats(cycles, k);
		if (!merged || json_object_set_new(out, "cycles", merged))
			goto oom;
		free(cycles);
	}
	if (kmb_unit_is_count(json_string_value(json_object_get(out, "unit"))))
		kmb_round_counts(out);
	return out;
oom:
	free(cycles);
	json_decref(out);
	return NULL;
}
