/*
 * A result document as google-benchmark JSON (json_schema_version 1), so
 * that google-benchmark's tools/compare.py and dashboards that read its
 * output take kmembench results: each (case, phase) in ns is one benchmark
 * named "<case id>/<phase>", each repetition one "iteration" run whose
 * real_time and cpu_time are that repetition's median, followed by the
 * aggregates google-benchmark computes over repetitions (mean, median,
 * stddev, cv). cpu_time equals real_time: the module times each operation
 * with a cycle counter on one CPU, with no separate CPU clock. Under the
 * instructions clock the values are instruction counts and time_unit says
 * "insn" (google-benchmark has no such unit; see add_benchmark), and the
 * context names the clock.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "export.h"
#include "stats.h"

/* The family of a case: "kernel/kmalloc" of "kernel/kmalloc/size=64/...". */
static size_t family_len(const char *id)
{
	const char *slash = strchr(id, '/');

	if (slash)
		slash = strchr(slash + 1, '/');
	return slash ? (size_t)(slash - id) : strlen(id);
}

struct family_index {
	json_t *index;	/* family name -> [family_index, next instance] */
};

static int family_of(struct family_index *f, const char *id, json_int_t *family,
		     json_int_t *instance)
{
	char name[256];
	size_t n = family_len(id);
	json_t *e;

	snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) ? n : sizeof(name) - 1), id);
	e = json_object_get(f->index, name);
	if (!e) {
		e = json_pack("[I, I]", (json_int_t)json_object_size(f->index), (json_int_t)0);
		if (!e || json_object_set_new(f->index, name, e))
			return -1;
	}
	*family = json_integer_value(json_array_get(e, 0));
	*instance = json_integer_value(json_array_get(e, 1));
	return json_array_set_new(e, 1, json_integer(*instance + 1));
}

static json_t *context_json(json_t *doc)
{
	json_t *sys = json_object_get(doc, "system"), *run = json_object_get(doc, "run");
	json_t *module = json_object_get(doc, "module"), *tool = json_object_get(doc, "tool");
	const char *start = kmb_json_str(run, "start", "");
	double hz = json_number_value(json_object_get(module, "cycles_per_sec"));
	char date[64], version[128];
	size_t len = strlen(start);

	/* google-benchmark writes local time with an offset: +00:00 for UTC. */
	if (len && start[len - 1] == 'Z')
		snprintf(date, sizeof(date), "%.*s+00:00", (int)(len - 1), start);
	else
		snprintf(date, sizeof(date), "%s", start);
	snprintf(version, sizeof(version), "kmembench %s", kmb_json_str(tool, "version", "?"));
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:b, s:[], s:[], s:s, s:s, s:i,"
			 " s:s, s:s, s:s, s:s?}",
			 "date", date,
			 "host_name", kmb_json_str(sys, "hostname", "unknown"),
			 "executable", "kmembench",
			 "num_cpus", json_integer_value(json_object_get(json_object_get(sys, "cpu"),
									 "online")),
			 "mhz_per_cpu", (json_int_t)llround(hz / 1e6),
			 "cpu_scaling_enabled", 0,
			 "caches", "load_avg",
			 "library_version", version,
			 "library_build_type", "release",
			 "json_schema_version", 1,
			 "kernel_release", kmb_doc_release(doc),
			 "virt", kmb_json_str(sys, "virt", "unknown"),
			 "clock", kmb_json_str(doc, "clock", "time"),
			 "suite", json_string_value(json_object_get(run, "suite")));
}

/* The fields every entry of one benchmark shares. */
static json_t *entry(const char *name, const char *run_name, json_int_t family,
		     json_int_t instance, size_t reps, json_int_t threads)
{
	return json_pack("{s:s, s:I, s:I, s:s, s:I, s:I}", "name", name, "family_index", family,
			 "per_family_instance_index", instance, "run_name", run_name,
			 "repetitions", (json_int_t)reps, "threads", threads);
}

static int add_times(json_t *e, double t, json_int_t iterations, const char *unit)
{
	return json_object_set_new(e, "iterations", json_integer(iterations)) ||
	       json_object_set_new(e, "real_time", json_real(t)) ||
	       json_object_set_new(e, "cpu_time", json_real(t)) ||
	       json_object_set_new(e, "time_unit", json_string(unit));
}

static int add_aggregate(json_t *out, const char *run_name, const char *agg, double v,
			 bool percentage, json_int_t family, json_int_t instance, size_t reps,
			 json_int_t threads, const char *unit)
{
	char name[1024];
	json_t *e;

	snprintf(name, sizeof(name), "%s_%s", run_name, agg);
	e = entry(name, run_name, family, instance, reps, threads);
	if (!e || json_object_set_new(e, "run_type", json_string("aggregate")) ||
	    json_object_set_new(e, "aggregate_name", json_string(agg)) ||
	    json_object_set_new(e, "aggregate_unit",
				json_string(percentage ? "percentage" : "time")) ||
	    add_times(e, v, (json_int_t)reps, unit)) {
		json_decref(e);
		return -1;
	}
	return json_array_append_new(out, e);
}

/*
 * The case's kernel counters as user counters (numbers beside the times,
 * as google-benchmark's state.counters are): the case's, not the
 * repetition's, since they are summed over the repetitions.
 */
static int add_counters(json_t *e, json_t *c)
{
	json_t *flat = kmb_ctr_flat(c);
	int ret = flat ? json_object_update(e, flat) : -1;

	json_decref(flat);
	return ret;
}

/*
 * User counters beside the times: the phase's mean and standard deviation
 * over every operation (the times are repetition medians) and the tool's
 * own share of the loop per operation.
 */
static int add_op_stats(json_t *e, json_t *c, json_t *ph)
{
	static const char *const keys[][2] = {
		{ "mean", "op_mean" }, { "stddev", "op_stddev" },
	};
	json_t *h = json_object_get(json_object_get(c, "harness"), "per_op");

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(ph, keys[i][0]);

		if (json_is_number(v) && json_object_set(e, keys[i][1], v))
			return -1;
	}
	return json_is_number(h) ? json_object_set(e, "harness_per_op", h) : 0;
}

/* One (case, phase): its repetitions, then the aggregates over them. */
static int add_benchmark(json_t *out, struct family_index *fi, json_t *c, const char *phase,
			 json_t *ph)
{
	const char *id = kmb_json_str(c, "id", "unknown");
	json_t *reps = json_object_get(ph, "rep_medians"), *x;
	const char *unit = kmb_json_str(ph, "unit", "");
	json_int_t threads = json_integer_value(json_object_get(json_object_get(c, "params"),
								 "threads"));
	size_t n = json_array_size(reps), i;
	json_int_t family, instance, iterations;
	struct kmb_stats s;
	double *v;
	char name[1024];
	int ret = 0;

	/*
	 * google-benchmark has time units only. Instruction counts keep their
	 * own unit in time_unit ("insn"): readers that print the unit show it
	 * right, and none can take the counts for nanoseconds.
	 */
	if (!n || (strcmp(unit, "ns") != 0 && strcmp(unit, "insn") != 0))
		return 0;
	if (family_of(fi, id, &family, &instance))
		return -1;
	if (threads < 1)
		threads = 1;
	/* Operations timed per repetition (all threads together). */
	iterations = (json_int_t)llround(json_number_value(json_object_get(ph, "ops")) /
					 (double)n);
	if (iterations < 1)
		iterations = 1;
	snprintf(name, sizeof(name), "%s/%s", id, phase);
	v = malloc(n * sizeof(*v));
	if (!v)
		return -1;
	json_array_foreach(reps, i, x) {
		json_t *e = entry(name, name, family, instance, n, threads);

		v[i] = json_number_value(x);
		if (!e || json_object_set_new(e, "run_type", json_string("iteration")) ||
		    json_object_set_new(e, "repetition_index", json_integer((json_int_t)i)) ||
		    add_times(e, v[i], iterations, unit) || add_counters(e, c) ||
		    add_op_stats(e, c, ph) ||
		    json_array_append_new(out, e)) {
			json_decref(e);
			free(v);
			return -1;
		}
	}
	/* As google-benchmark: aggregates only over two or more repetitions. */
	if (n >= 2) {
		kmb_stats_compute(v, n, &s);
		ret = add_aggregate(out, name, "mean", s.mean, false, family, instance, n, threads,
				    unit) ||
		      add_aggregate(out, name, "median", s.median, false, family, instance, n,
				    threads, unit) ||
		      add_aggregate(out, name, "stddev", s.stddev, false, family, instance, n,
				    threads, unit) ||
		      add_aggregate(out, name, "cv", s.mean > 0 ? s.stddev / s.mean : 0, true,
				    family, instance, n, threads, unit);
	}
	free(v);
	return ret ? -1 : 0;
}

json_t *kmb_export_gbench(json_t *doc)
{
	struct family_index fi = { json_object() };
	json_t *out = json_pack("{s:o, s:[]}", "context", context_json(doc), "benchmarks");
	json_t *benchmarks = json_object_get(out, "benchmarks"), *c, *ph;
	const char *phase;
	size_t i;

	if (!out || !fi.index)
		goto fail;
	json_array_foreach(json_object_get(doc, "results"), i, c) {
		if (json_is_string(json_object_get(c, "skipped")) ||
		    json_is_string(json_object_get(c, "error")))
			continue;
		json_object_foreach(json_object_get(c, "phases"), phase, ph)
			if (add_benchmark(benchmarks, &fi, c, phase, ph))
				goto fail;
	}
	json_decref(fi.index);
	return out;
fail:
	json_decref(fi.index);
	json_decref(out);
	return NULL;
}

static json_t *write_gbench(json_t *doc, const struct kmb_kcidb_opts *o)
{
	(void)o;
	return kmb_export_gbench(doc);
}

const struct kmb_export_format kmb_export_format_gbench = {
	.name = "gbench",
	.help = "google-benchmark JSON: one 'iteration' entry per repetition (its\n"
		"median) plus mean, median, stddev and cv aggregates, in ns, for\n"
		"google-benchmark's tools/compare.py and dashboards that read it.",
	.write = write_gbench,
};
