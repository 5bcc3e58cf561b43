/*
 * Merging result documents of several boots of one kernel: the checks that
 * they belong together, cases matched by id, and the record of what was
 * merged (the rules themselves are in merge.h and stats.c).
 */
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "merge.h"
#include "result.h"

#define MERGE_RULES \
	"rep_medians concatenated in input order; boot_medians one per input (the " \
	"median of its rep_medians); n, ops, failures and repetitions " \
	"summed; min and max exact; mean n-weighted; stddev pooled exactly from n, " \
	"mean and stddev; median, p50, p90, p99 and p99_9 are the median of the " \
	"per-boot values, not quantiles of the pooled samples; ops_per_sec from the " \
	"merged mean; every other field (system, limits, module, params, timer, " \
	"per_thread, ...) from the first input that has it"

/* The inputs, checked, with what the merge needs to read of each. */
struct input {
	const char *path;
	json_t *doc;
	json_t *results;
};

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

static bool same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Each input must be a result compare can read, of the first's kernel and suite. */
static int check_inputs(json_t *const *docs, const char *const *paths, size_t n,
			struct input *in, struct kmb_err *err)
{
	char *kernel0 = NULL, *suite0 = NULL;
	enum kmb_clock clock0 = KMB_CLOCK_TIME;
	int ret = 0;

	for (size_t i = 0; i < n && !ret; i++) {
		struct kmb_cmp_doc d;
		json_t *merged;

		if ((ret = kmb_cmp_doc_from_json(docs[i], paths[i], &d, err))) {
			kmb_cmp_doc_free(&d);
			break;
		}
		merged = json_object_get(json_object_get(docs[i], "run"), "merged");
		if (merged)
			ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: run.merged: already a merge of "
				       "several boots; merge the per-boot files instead", paths[i]);
		else if (i == 0) {
			clock0 = d.clock;
			kernel0 = d.kernel ? strdup(d.kernel) : NULL;
			suite0 = d.suite ? strdup(d.suite) : NULL;
			if ((d.kernel && !kernel0) || (d.suite && !suite0))
				ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		} else if (d.clock != clock0)
			ret = kmb_clock_same(clock0, paths[0], d.clock, paths[i], "merge", err);
		else if (!same_string(d.kernel, kernel0))
			ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: system.kernel.release is '%s' but "
				       "%s ran on '%s': merge only boots of one kernel", paths[i],
				       or_none(d.kernel), paths[0], or_none(kernel0));
		else if (!same_string(d.suite, suite0))
			ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: run.suite is '%s' but %s ran "
				       "'%s': merge only runs of one suite", paths[i],
				       or_none(d.suite), paths[0], or_none(suite0));
		in[i].path = paths[i];
		in[i].doc = docs[i];
		in[i].results = json_object_get(docs[i], "results");
		kmb_cmp_doc_free(&d);
	}
	free(kernel0);
	free(suite0);
	return ret;
}

/* Every id in order of first appearance; each maps to [ [input, entry], ... ]. */
static int index_cases(const struct input *in, size_t n, json_t *order, json_t *by_id)
{
	for (size_t i = 0; i < n; i++) {
		json_t *entry;
		size_t j;

		json_array_foreach(in[i].results, j, entry) {
			const char *id = json_string_value(json_object_get(entry, "id"));
			json_t *list = json_object_get(by_id, id);

			if (!list) {
				list = json_array();
				if (json_object_set_new(by_id, id, list) ||
				    json_array_append_new(order, json_string(id)))
					return -1;
			}
			if (json_array_append_new(list, json_pack("[I, O]", (json_int_t)i, entry)))
				return -1;
		}
	}
	return 0;
}

/* A case that was measured: phases present, neither skipped nor failed. */
static bool measured(json_t *entry)
{
	return json_is_object(json_object_get(entry, "phases")) &&
	       !json_is_string(json_object_get(entry, "skipped")) &&
	       !json_is_string(json_object_get(entry, "error"));
}

/* One phase over the boots that have it; its unit must agree. */
static int merge_one_phase(const struct input *in, json_t *const *entries, const size_t *from,
			   size_t k, const char *id, const char *name, json_t *phases,
			   struct kmb_err *err)
{
	json_t **ph = calloc(k, sizeof(*ph)), *merged;
	const char *unit = NULL;
	size_t m = 0, first = 0;

	if (!ph)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	for (size_t i = 0; i < k; i++) {
		json_t *p = json_object_get(json_object_get(entries[i], "phases"), name);
		const char *u = json_string_value(json_object_get(p, "unit"));

		if (!p)
			continue;
		if (!unit) {
			unit = u;
			first = i;
		} else if (!same_string(u, unit)) {
			free(ph);
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: phases.%s.unit of case '%s' is "
					"'%s' but '%s' in %s", in[from[i]].path, name, id, or_none(u),
					or_none(unit), in[from[first]].path);
		}
		ph[m++] = p;
	}
	merged = kmb_merge_phase(ph, m);
	free(ph);
	if (!merged || json_object_set_new(phases, name, merged))
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	return 0;
}

/* The merged entry of one case, from its [input, entry] list. */
static int merge_case(const struct input *in, const char *id, json_t *list, json_t **out,
		      struct kmb_err *err)
{
	size_t total = json_array_size(list), k = 0, *from;
	json_t **entries, *merged = NULL, *phases, *pair;
	json_int_t reps = 0;
	int ret = 0;

	entries = calloc(total, sizeof(*entries));
	from = calloc(total, sizeof(*from));
	if (!entries || !from) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < total; i++) {
		pair = json_array_get(list, i);
		if (!measured(json_array_get(pair, 1)))
			continue;
		from[k] = (size_t)json_integer_value(json_array_get(pair, 0));
		entries[k++] = json_array_get(pair, 1);
	}
	/* Measured nowhere: the first boot's account of why. */
	merged = json_deep_copy(k ? entries[0] : json_array_get(json_array_get(list, 0), 1));
	phases = json_object();
	if (!merged || !phases) {
		json_decref(phases);
		ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < k; i++) {
		const char *name;
		json_t *p;

		reps += json_integer_value(json_object_get(entries[i], "repetitions"));
		json_object_foreach(json_object_get(entries[i], "phases"), name, p) {
			if (json_object_get(phases, name))
				continue;
			if ((ret = merge_one_phase(in, entries, from, k, id, name, phases, err))) {
				json_decref(phases);
				goto out;
			}
		}
	}
	if (k)
		json_object_set_new(merged, "phases", phases);
	else
		json_decref(phases);
	if (k)
		json_object_set_new(merged, "repetitions", json_integer(reps));
	json_object_set_new(merged, "boots", json_integer((json_int_t)k));
out:
	free(entries);
	free(from);
	if (ret) {
		json_decref(merged);
		merged = NULL;
	}
	*out = merged;
	return ret;
}

static json_t *merge_results(const struct input *in, size_t n, struct kmb_err *err, int *ret)
{
	json_t *order = json_array(), *by_id = json_object(), *results = json_array(), *id;
	size_t i;

	*ret = 0;
	if (!order || !by_id || !results || index_cases(in, n, order, by_id)) {
		*ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		goto fail;
	}
	json_array_foreach(order, i, id) {
		const char *s = json_string_value(id);
		json_t *entry;

		if ((*ret = merge_case(in, s, json_object_get(by_id, s), &entry, err)))
			goto fail;
		if (json_array_append_new(results, entry)) {
			*ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
			goto fail;
		}
	}
	json_decref(order);
	json_decref(by_id);
	return results;
fail:
	json_decref(order);
	json_decref(by_id);
	json_decref(results);
	return NULL;
}

/* A copy of @key of @from into @to, when it is there. */
static void copy_field(json_t *to, json_t *from, const char *key)
{
	json_t *v = json_object_get(from, key);

	if (v && !json_is_null(v))
		json_object_set_new(to, key, json_deep_copy(v));
}

/* run: the first input's, spanning all of them, plus "merged". */
static json_t *merge_run(const struct input *in, size_t n)
{
	json_t *run = json_deep_copy(json_object_get(in[0].doc, "run")), *inputs = json_array();
	const char *start = NULL, *end = NULL;
	json_int_t reps = 0;
	bool interrupted = false;

	if (!run || !inputs)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_object_get(in[i].doc, "run"), *rec = json_object();
		const char *s = json_string_value(json_object_get(r, "start"));
		const char *e = json_string_value(json_object_get(r, "end"));

		if (!rec || json_array_append_new(inputs, rec) ||
		    json_object_set_new(rec, "file", json_string(in[i].path)))
			goto oom;
		copy_field(rec, r, "start");
		copy_field(rec, r, "end");
		copy_field(rec, r, "repetitions");
		copy_field(rec, r, "seed");
		copy_field(rec, r, "interrupted");
		/* ISO 8601 UTC timestamps of one format order as strings do. */
		if (s && (!start || strcmp(s, start) < 0))
			start = s;
		if (e && (!end || strcmp(e, end) > 0))
			end = e;
		reps += json_integer_value(json_object_get(r, "repetitions"));
		interrupted |= json_is_true(json_object_get(r, "interrupted"));
	}
	if (start)
		json_object_set_new(run, "start", json_string(start));
	if (end)
		json_object_set_new(run, "end", json_string(end));
	if (reps)
		json_object_set_new(run, "repetitions", json_integer(reps));
	json_object_set_new(run, "interrupted", json_boolean(interrupted));
	if (json_object_set_new(run, "merged",
				json_pack("{s:I, s:s, s:s, s:o, s:o}", "boots", (json_int_t)n,
					  "quantiles", KMB_MERGE_QUANTILES, "rules", MERGE_RULES,
					  "inputs", inputs, "tool", kmb_tool_json())))
		goto oom_run;
	return run;
oom:
	json_decref(inputs);
oom_run:
	json_decref(run);
	return NULL;
}

int kmb_merge_docs(json_t *const *docs, const char *const *paths, size_t n, json_t **out,
		   struct kmb_err *err)
{
	struct input *in;
	json_t *doc = NULL, *results, *run;
	int ret;

	*out = NULL;
	if (!n)
		return kmb_fail(err, KMB_EXIT_USAGE, "nothing to merge");
	in = calloc(n, sizeof(*in));
	if (!in)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	if ((ret = check_inputs(docs, paths, n, in, err)))
		goto out;
	results = merge_results(in, n, err, &ret);
	if (ret)
		goto out;
	run = merge_run(in, n);
	doc = json_deep_copy(docs[0]);
	/* set_new takes the reference even when it fails. */
	if (!run || !doc || json_object_set_new(doc, "run", run) ||
	    json_object_set_new(doc, "results", results)) {
		if (!doc) {
			json_decref(run);
			json_decref(results);
		} else if (!run) {
			json_decref(results);
		}
		json_decref(doc);
		doc = NULL;
		ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
		goto out;
	}
	*out = doc;
out:
	free(in);
	return ret;
}
