/* kmembench run: run a suite, write one result document. */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "counters.h"
#include "kclient.h"
#include "kspec.h"
#include "pressure.h"
#include "progress.h"
#include "result.h"
#include "suite.h"
#include "summary.h"

static volatile sig_atomic_t kmb_stop_signal;

static void on_stop_signal(int sig)
{
	kmb_stop_signal = sig;
}

static void run_help(void)
{
	puts("usage: kmembench run --suite FILE [-o FILE] [--filter PATTERN]... [--list]\n"
	     "                     [--repetitions N] [--seed N] [--pressure PCT] [--quiet]\n"
	     "                     [--table] [--amortised] [--counters] [--verify]\n"
	     "\n"
	     "Runs every case of a suite (bench/*.json, format in bench/README.md) for the\n"
	     "suite's number of repetitions, in a shuffled order per repetition, and writes\n"
	     "one result document (results/schema.json). SIGINT/SIGTERM stop the run; what\n"
	     "was measured is still written, marked \"interrupted\": true.\n"
	     "\n"
	     "  -s, --suite FILE       the suite to run (required)\n"
	     "  -o, --output FILE      where to write the result (default:\n"
	     "                         kmembench-SUITE-RELEASE-TIME.json here)\n"
	     "  -f, --filter PATTERN   only cases whose id matches the shell pattern\n"
	     "                         (repeatable: any match selects)\n"
	     "  -l, --list             print the ids of the selected cases and exit\n"
	     "  -r, --repetitions N    override the suite's repetitions\n"
	     "      --seed N           override the suite's seed (case order, random sizes)\n"
	     "      --pressure PCT     run under memory pressure: before the cases a child\n"
	     "                         process takes PCT % (1-99) of the available memory\n"
	     "                         and holds it (mlocked where allowed, else touched)\n"
	     "                         until the run ends. It leaves a reserve (64 MiB or\n"
	     "                         3 % of RAM, the larger) so that the OOM killer stays\n"
	     "                         away; should it come anyway, the hog (oom_score_adj\n"
	     "                         1000) is its victim, never the runner (-1000, needs\n"
	     "                         root). Failed allocations (ATOMIC, NOWAIT) show in\n"
	     "                         each phase's \"failures\"; run.pressure says what the\n"
	     "                         hog held and how it ended\n"
	     "  -q, --quiet            nothing on stdout\n"
	     "      --table            every case and phase on stdout instead of the\n"
	     "                         one-screen summary (per API: sizes, medians at a\n"
	     "                         few sizes, failures; the limits; the result file)\n"
	     "      --amortised        also time each kernel case's repetition by chunks of\n"
	     "                         operations (two reads per chunk, as prototype-kernel's\n"
	     "                         time_bench): the result's \"amortised\" sets it beside\n"
	     "                         the per-operation means. Doubles the kernel cases' time\n"
	     "      --counters         also read the kernel's counters (/proc/vmstat,\n"
	     "                         /proc/meminfo, /sys/kernel/slab) around each kernel\n"
	     "                         case's runs, never inside them, into the cases'\n"
	     "                         \"counters\" and \"footprint\". Off by default: the\n"
	     "                         kernel allocates and frees a buffer for every such read\n"
	     "                         (an 8 KiB one for /proc/vmstat, from kmalloc-8k), which\n"
	     "                         moves the state of the caches being timed\n"
	     "      --verify           before each kernel case is first timed, the module\n"
	     "                         allocates a few of its objects and checks what the\n"
	     "                         API promises: zeroed memory (kzalloc, vzalloc,\n"
	     "                         __GFP_ZERO, ...), krealloc keeping the old bytes,\n"
	     "                         physical contiguity of kmalloc and page memory,\n"
	     "                         alignment, the zone against the GFP flags. Each case's\n"
	     "                         \"verify\" says what was checked; a property that does\n"
	     "                         not hold is named on stderr and the run exits 1\n"
	     "  -h, --help             this text\n"
	     "\n"
	     "Progress goes to stderr: case k of N, repetition, elapsed, time left; one\n"
	     "line rewritten in place on a terminal, a plain line every 15 s otherwise.");
}

struct run_opts {
	const char *suite, *output;
	const char **filters;
	size_t nfilters;
	int list, quiet, table, amortised, verify;
	long repetitions;
	int64_t seed;
	unsigned int pressure;
};

static int parse_opts(int argc, char **argv, struct run_opts *o)
{
	static const struct option opts[] = {
		{ "suite", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "filter", required_argument, NULL, 'f' },
		{ "list", no_argument, NULL, 'l' },
		{ "repetitions", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 'S' },
		{ "pressure", required_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "table", no_argument, NULL, 'T' },
		{ "amortised", no_argument, NULL, 'A' },
		{ "verify", no_argument, NULL, 'V' },
		{ "counters", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		/* hidden: for tests of the module's own checks (kspec.h) */
		{ "unchecked", no_argument, NULL, 'U' },
		{ 0 },
	};
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->repetitions = -1;
	o->seed = -1;
	o->filters = calloc((size_t)argc, sizeof(*o->filters));
	if (!o->filters)
		return 3;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+s:o:f:lr:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's': o->suite = optarg; break;
		case 'o': o->output = optarg; break;
		case 'f': o->filters[o->nfilters++] = optarg; break;
		case 'l': o->list = 1; break;
		case 'q': o->quiet = 1; break;
		case 'T': o->table = 1; break;
		case 'A': o->amortised = 1; break;
		case 'V': o->verify = 1; break;
		case 'N': kmb_counters_enabled = true; break;
		case 'r':
			if (kmb_parse_uint(optarg, 1000, &v) || v == 0)
				return kmb_usage_error("run", "--repetitions '%s' is not a number "
						       "from 1 to 1000", optarg);
			o->repetitions = (long)v;
			break;
		case 'S':
			if (kmb_parse_uint(optarg, UINT32_MAX, &v))
				return kmb_usage_error("run", "--seed '%s' is not a number from 0 "
						       "to %u", optarg, UINT32_MAX);
			o->seed = (int64_t)v;
			break;
		case 'P':
			if (kmb_parse_uint(optarg, 99, &v) || v == 0)
				return kmb_usage_error("run", "--pressure '%s' is not a percentage "
						       "from 1 to 99", optarg);
			o->pressure = (unsigned int)v;
			break;
		case 'h': run_help(); return -1;
		case 'U': kmb_kcases_unchecked = true; break;
		default:
			return kmb_usage_error("run", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return kmb_usage_error("run", "unexpected argument '%s'", argv[optind]);
	if (!o->suite)
		return kmb_usage_error("run", "--suite FILE is required");
	return 0;
}

static int matches(const struct run_opts *o, const char *id)
{
	if (!o->nfilters)
		return 1;
	for (size_t i = 0; i < o->nfilters; i++)
		if (fnmatch(o->filters[i], id, 0) == 0)
			return 1;
	return 0;
}

static void apply_filters(struct kmb_suite *s, const struct run_opts *o)
{
	size_t w = 0;

	for (size_t i = 0; i < s->cases.n; i++) {
		if (matches(o, s->cases.v[i]->id))
			s->cases.v[w++] = s->cases.v[i];
		else
			kmb_case_free(s->cases.v[i]);
	}
	s->cases.n = w;
}

static void shuffle(struct kmb_bench_case **v, size_t n, uint64_t seed)
{
	uint64_t state = seed;

	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(kmb_splitmix64(&state) % i);
		struct kmb_bench_case *t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void print_summary(const struct kmb_suite *s, FILE *f)
{
	fprintf(f, "%-72s %-6s %12s %12s %10s\n", "case", "phase", "median", "p99", "failures");
	for (size_t i = 0; i < s->cases.n; i++) {
		struct kmb_bench_case *c = s->cases.v[i];

		if (c->skip_reason) {
			fprintf(f, "%-72s skipped: %s\n", c->id, c->skip_reason);
			continue;
		}
		if (c->error) {
			fprintf(f, "%-72s error: %s\n", c->id, c->error);
			continue;
		}
		for (size_t p = 0; p < c->nphases; p++) {
			struct kmb_phase_data *ph = &c->phases[p];
			char med[32], p99[32];
			struct kmb_stats st;

			kmb_stats_compute(ph->samples.v, ph->samples.n, &st);
			kmb_fmt_measure(st.median, ph->unit, " ", med, sizeof(med));
			kmb_fmt_measure(st.p99, ph->unit, " ", p99, sizeof(p99));
			fprintf(f, "%-72s %-6s %12s %12s %10" PRIu64 "\n", p ? "" : c->id,
				ph->name, med, p99, ph->failures);
		}
	}
}

/* Runs every repetition; returns the first case error's code, or 0. */
static int run_cases(struct kmb_suite *s, struct kmb_kclient *kc, unsigned int reps,
		     uint64_t seed, const struct run_opts *o, unsigned int *verify_failed)
{
	struct kmb_bench_case **order = malloc(s->cases.n * sizeof(*order));
	int tty = isatty(STDERR_FILENO), first_error = 0;
	struct kmb_progress pg;
	size_t runnable = 0;

	if (!order)
		return KMB_EXIT_ENV;
	for (size_t i = 0; i < s->cases.n; i++)
		runnable += !s->cases.v[i]->skip_reason && !s->cases.v[i]->error;
	kmb_progress_init(&pg, stderr, tty, runnable * reps);
	for (unsigned int rep = 0; rep < reps && !kmb_stop_signal; rep++) {
		struct kmb_run_ctx ctx = { .kc = kc, .stop = &kmb_stop_signal,
					   .seed = seed, .rep = rep, .amortised = o->amortised,
					   .verify = o->verify, .verify_failed = verify_failed,
					   .progress = &pg };
		double t0 = kmb_now_sec();

		memcpy(order, s->cases.v, s->cases.n * sizeof(*order));
		shuffle(order, s->cases.n, seed * 7919 + rep);
		for (size_t i = 0; i < s->cases.n && !kmb_stop_signal; i++) {
			struct kmb_bench_case *c = order[i];
			struct kmb_err err = { 0 };

			if (c->skip_reason || c->error)
				continue;
			kmb_progress_case(&pg, rep, reps, i, s->cases.n, c->id);
			if (c->ops->run_rep(c, &ctx, &err)) {
				c->error = strdup(err.msg);
				kmb_progress_clear(&pg);
				fprintf(stderr, "kmembench: %s\n", err.msg);
				if (!first_error)
					first_error = err.code;
				continue;
			}
			if (!kmb_stop_signal && !c->skip_reason)
				c->reps_done++;
			kmb_progress_step(&pg);
		}
		kmb_progress_clear(&pg);
		fprintf(stderr, "kmembench: repetition %u/%u done (%zu cases, %.1f s)\n",
			rep + 1, reps, s->cases.n, kmb_now_sec() - t0);
	}
	free(order);
	return first_error;
}

static void default_output(const struct kmb_suite *s, char *buf, size_t len)
{
	struct utsname u;
	char stamp[32];

	uname(&u);
	kmb_iso_time(stamp, sizeof(stamp));
	for (char *p = stamp; *p; p++)
		if (*p == ':')
			*p = '-';
	snprintf(buf, len, "kmembench-%s-%s-%s.json", s->name, u.release, stamp);
}

static json_t *run_object(const struct kmb_suite *s, int argc, char **argv, const char *start,
			  unsigned int reps, uint64_t seed, const struct kmb_pressure *pr,
			  bool verify)
{
	json_t *args = json_array(), *run;
	char end[32];

	for (int i = 0; i < argc; i++)
		json_array_append_new(args, json_string(argv[i]));
	kmb_iso_time(end, sizeof(end));
	run = json_pack("{s:s, s:s, s:o, s:s, s:s, s:I, s:I, s:s, s:b, s:o}",
			"suite", s->name, "suite_path", s->path, "arguments", args,
			"start", start, "end", end, "repetitions", (json_int_t)reps,
			"seed", (json_int_t)seed, "order", "shuffled per repetition",
			"interrupted", kmb_stop_signal != 0,
			"signal", kmb_stop_signal ? json_integer(kmb_stop_signal) : json_null());
	if (pr->percent)
		json_object_set_new(run, "pressure", kmb_pressure_json(pr));
	json_object_set_new(run, "counters", json_boolean(kmb_counters_enabled));
	json_object_set_new(run, "verify", json_boolean(verify));
	return run;
}

int kmb_cmd_run(int argc, char **argv)
{
	struct run_opts o;
	struct kmb_suite s;
	struct kmb_kclient kc = { .fd = -1 };
	struct kmb_pressure pr = { 0 };
	struct kmb_err err = { 0 };
	struct sigaction sa;
	char start[32], outbuf[PATH_MAX];
	unsigned int reps;
	uint64_t seed;
	json_t *doc, *results;
	int ret, case_ret, have_module = 0;
	unsigned int verify_failed = 0;

	ret = parse_opts(argc, argv, &o);
	if (ret) {
		free(o.filters);
		return ret < 0 ? 0 : ret;
	}
	ret = kmb_suite_load(o.suite, &s, &err);
	if (ret) {
		free(o.filters);
		return kmb_err_print(&err);
	}
	apply_filters(&s, &o);
	if (o.list) {
		for (size_t i = 0; i < s.cases.n; i++)
			puts(s.cases.v[i]->id);
		goto out;
	}
	if (s.cases.n == 0) {
		ret = kmb_fail(&err, KMB_EXIT_USAGE, "%s: no case matches the filters", o.suite);
		kmb_err_print(&err);
		goto out;
	}
	reps = o.repetitions > 0 ? (unsigned int)o.repetitions : s.repetitions;
	seed = o.seed >= 0 ? (uint64_t)o.seed : s.seed;
	if (!o.output) {
		default_output(&s, outbuf, sizeof(outbuf));
		o.output = outbuf;
	}
	if ((ret = kmb_check_output_dir(o.output, &err))) {
		kmb_err_print(&err);
		goto out;
	}
	if (kmb_suite_needs_module(&s)) {
		if ((ret = kmb_kclient_open(&kc, &err))) {
			kmb_err_print(&err);
			goto out;
		}
		have_module = 1;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (o.pressure) {
		if ((ret = kmb_pressure_start(&pr, o.pressure, &kmb_stop_signal, &err))) {
			kmb_err_print(&err);
			goto out;
		}
		/* the limits then say what the cases had to work with */
		if (have_module)
			kmb_kclient_info(&kc, &err);
	}
	kmb_iso_time(start, sizeof(start));
	doc = kmb_result_new(have_module ? &kc.info : NULL);
	case_ret = run_cases(&s, have_module ? &kc : NULL, reps, seed, &o, &verify_failed);

	if (have_module && kmb_kclient_info(&kc, &err) == 0)
		json_object_set_new(doc, "module_after", kmb_info_module_json(&kc.info));
	kmb_pressure_stop(&pr);
	json_object_set_new(doc, "run", run_object(&s, argc, argv, start, reps, seed, &pr, o.verify));
	results = json_object_get(doc, "results");
	for (size_t i = 0; i < s.cases.n; i++)
		json_array_append_new(results, kmb_case_json(s.cases.v[i]));
	ret = kmb_write_json_atomic(o.output, doc, &err);
	if (ret) {
		json_decref(doc);
		kmb_err_print(&err);
		goto out;
	}
	if (!o.quiet && o.table)
		print_summary(&s, stdout);
	else if (!o.quiet && kmb_summary_print(stdout, doc, o.output, &err))
		kmb_err_print(&err);
	json_decref(doc);
	fprintf(stderr, "kmembench: wrote %s%s\n", o.output,
		kmb_stop_signal ? " (interrupted: partial result)" : "");
	if (verify_failed)
		fprintf(stderr, "kmembench: verify: %u case%s broke a property (named above)\n",
			verify_failed, verify_failed == 1 ? "" : "s");
	ret = kmb_stop_signal ? 128 + kmb_stop_signal : case_ret;
	if (!ret && verify_failed)
		ret = KMB_EXIT_REGRESSION;
out:
	/* every way out reaps the hog */
	kmb_pressure_stop(&pr);
	if (have_module)
		kmb_kclient_close(&kc);
	kmb_suite_free(&s);
	free(o.filters);
	return ret;
}
