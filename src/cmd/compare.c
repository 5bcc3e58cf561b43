/* kmembench compare: the regression gate between a base run and new runs. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "compare.h"

enum cmp_format { FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_JSON };

static void compare_help(void)
{
	puts("usage: kmembench compare BASE.json NEW.json [NEW2.json ...] [--threshold PCT]\n"
	     "                         [--alpha A] [--correction holm|bh|none]\n"
	     "                         [--format text|markdown|json] [--filter PATTERN]...\n"
	     "                         [--resamples B] [--seed N] [--allow-partial]\n"
	     "                         [--exact-floor N] [-o FILE]\n"
	     "\n"
	     "Compares each NEW result with BASE, case by case (matched by id) and phase by\n"
	     "phase, on replicates: one value per boot when a document merges several boots\n"
	     "(kmembench merge), else each repetition's median. For each pair: the change of the median,\n"
	     "a 95% percentile-bootstrap CI of the ratio of medians new/base, and a\n"
	     "two-sided Mann-Whitney U p-value (exact without ties for up to 30 repetitions\n"
	     "a side, else the normal approximation with tie and continuity corrections),\n"
	     "adjusted over all pairs of that NEW file (Holm by default). Verdicts, with\n"
	     "T the threshold:\n"
	     "  regression   adjusted p < alpha and the median up by more than T\n"
	     "  improvement  adjusted p < alpha and the median down by more than T\n"
	     "  noisy        not significant, but the CI reaches beyond +-T: the runs can\n"
	     "               neither show nor rule out a change of T (more repetitions help)\n"
	     "  unchanged    otherwise\n"
	     "Exact rule (instructions clock, every value on each side within 1 insn): no\n"
	     "test; a change beyond T and beyond the exact floor is a regression or an\n"
	     "improvement, else unchanged. Documents of different clocks are refused.\n"
	     "Lower is better; only phases in ns or insn are compared. Differences in kernel config,\n"
	     "CPU model, virt mode, total memory, THP, clocksource or the module's\n"
	     "injected slowdown (module.inject, a validation mode) are warned about.\n"
	     "\n"
	     "  -t, --threshold PCT    smallest change that counts, in percent (default 5)\n"
	     "  -a, --alpha A          significance level (default 0.05)\n"
	     "  -c, --correction M     holm (default: family-wise error, any dependence),\n"
	     "                         bh (Benjamini-Hochberg: more power on big suites)\n"
	     "                         or none\n"
	     "  -F, --format F         text (default), markdown (a pull-request comment)\n"
	     "                         or json (shape: src/compare/compare.h)\n"
	     "  -f, --filter PATTERN   only cases whose id matches the shell pattern\n"
	     "                         (repeatable: any match selects)\n"
	     "  -B, --resamples B      bootstrap resamples (default 2000)\n"
	     "      --seed N           bootstrap seed (default 1)\n"
	     "      --allow-partial    accept interrupted runs (run.interrupted), with a\n"
	     "                         warning; refused otherwise\n"
	     "      --exact-floor N    instructions a change must exceed under the exact\n"
	     "                         rule (default 2: A/A boots differ by up to 2)\n"
	     "  -o, --output FILE      write to FILE (atomically) instead of stdout\n"
	     "  -h, --help             this text\n"
	     "\n"
	     "exit: 0 no regression, 1 a regression, 2 bad usage or input (nothing written)");
}

struct compare_args {
	struct kmb_cmp_opts o;
	enum cmp_format format;
	const char *output;
	const char **filters;
	const char *const *files;	/* BASE, then the NEW files */
	size_t nfiles;
};

static int parse_args(int argc, char **argv, struct compare_args *a)
{
	static const struct option opts[] = {
		KMB_CMP_LONG_OPTIONS,
		{ "format", required_argument, NULL, 'F' },
		{ "filter", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	kmb_cmp_opts_default(&a->o);
	a->output = "-";
	a->filters = calloc((size_t)argc, sizeof(*a->filters));
	if (!a->filters) {
		fprintf(stderr, "kmembench compare: out of memory\n");
		return KMB_EXIT_ENV;
	}
	a->o.filters = a->filters;
	/* 0 restarts getopt: the unit tests call this command more than once. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, KMB_CMP_SHORT_OPTIONS "F:f:o:h", opts, NULL)) != -1) {
		int ret = kmb_cmp_opts_parse(c, optarg, "compare", &a->o);

		if (ret != 1) {
			if (ret)
				return ret;
			continue;
		}
		switch (c) {
		case 'F':
			if (strcmp(optarg, "text") == 0)
				a->format = FORMAT_TEXT;
			else if (strcmp(optarg, "markdown") == 0)
				a->format = FORMAT_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				a->format = FORMAT_JSON;
			else
				return kmb_usage_error("compare", "--format '%s' is not one of "
						       "text, markdown, json", optarg);
			break;
		case 'f':
			a->filters[a->o.nfilters++] = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'h':
			compare_help();
			return -1;
		default:
			return kmb_usage_error("compare", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind < 2)
		return kmb_usage_error("compare", "needs a BASE and at least one NEW result file");
	a->files = (const char *const *)argv + optind;
	a->nfiles = (size_t)(argc - optind);
	return 0;
}

/* Loads every file, refusing partial runs unless allowed; all or nothing. */
static int load_all(const struct compare_args *a, struct kmb_cmp_doc *docs, struct kmb_err *err)
{
	for (size_t i = 0; i < a->nfiles; i++) {
		int ret = kmb_cmp_doc_load(a->files[i], &docs[i], err);

		if (ret)
			return ret;
		if (docs[i].interrupted && !a->o.allow_partial)
			return kmb_fail(err, KMB_EXIT_USAGE, "%s: run.interrupted is true: a partial "
					"run, refused; pass --allow-partial to compare it anyway",
					a->files[i]);
	}
	return 0;
}

static void warn_stderr(const struct kmb_comparison *c)
{
	for (int i = 0; i < 2; i++) {
		const struct kmb_cmp_doc *d = i ? c->new : c->base;

		if (d->interrupted)
			fprintf(stderr, "kmembench compare: WARNING: %s is a partial run "
				"(run.interrupted is true)\n", d->path);
	}
	if (!c->nenv)
		return;
	fprintf(stderr, "kmembench compare: WARNING: %s and %s ran in different environments; "
		"timings may not be comparable:\n", c->base->path, c->new->path);
	for (size_t i = 0; i < c->nenv; i++) {
		char b[96], n[96];

		kmb_cmp_env_value(c->env[i].base, b, sizeof(b));
		kmb_cmp_env_value(c->env[i].new, n, sizeof(n));
		fprintf(stderr, "  %s: %s (base) vs %s (new)\n", c->env[i].field, b, n);
	}
}

/* Whether the filters selected anything at all, in any comparison. */
static bool selected_any(const struct kmb_comparison *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].npairs || c[i].nskips || c[i].nonly_base || c[i].nonly_new)
			return true;
	return false;
}

static int write_report(const struct compare_args *a, const struct kmb_comparison *c,
			size_t n, struct kmb_err *err)
{
	bool to_stdout = strcmp(a->output, "-") == 0;
	bool colour = to_stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (a->format == FORMAT_JSON) {
		json_t *doc = kmb_cmp_report_json(c, n, &a->o);

		if (!doc)
			return kmb_fail(err, KMB_EXIT_ENV, "out of memory building the report");
		ret = kmb_write_json_atomic(a->output, doc, err);
		json_decref(doc);
		return ret;
	}
	/* Rendered in memory first, so that a failure leaves no half report. */
	f = open_memstream(&buf, &len);
	if (!f)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory building the report");
	ret = a->format == FORMAT_TEXT ? kmb_cmp_report_text(f, c, n, &a->o, colour)
				       : kmb_cmp_report_markdown(f, c, n, &a->o);
	if (fclose(f) || ret) {
		free(buf);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory building the report");
	}
	ret = kmb_write_file_atomic(a->output, buf, len, err);
	free(buf);
	return ret;
}

int kmb_cmd_compare(int argc, char **argv)
{
	struct compare_args a;
	struct kmb_cmp_doc *docs = NULL;
	struct kmb_comparison *cmps = NULL;
	struct kmb_err err = { 0 };
	size_t ncmp = 0;
	bool regressed = false;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret) {
		free(a.filters);
		return ret < 0 ? 0 : ret;
	}
	docs = calloc(a.nfiles, sizeof(*docs));
	cmps = calloc(a.nfiles - 1, sizeof(*cmps));
	if (!docs || !cmps) {
		ret = kmb_fail(&err, KMB_EXIT_ENV, "out of memory");
		goto out;
	}
	if ((ret = load_all(&a, docs, &err)))
		goto out;
	for (; ncmp < a.nfiles - 1; ncmp++) {
		/* Counted first, so that a failed comparison is still freed. */
		if ((ret = kmb_compare(&docs[0], &docs[ncmp + 1], &a.o, &cmps[ncmp], &err))) {
			ncmp++;
			goto out;
		}
		regressed |= kmb_comparison_regressed(&cmps[ncmp]);
	}
	if (a.o.nfilters && !selected_any(cmps, ncmp)) {
		char list[512] = "";

		for (size_t i = 0; i < a.o.nfilters; i++)
			kmb_list_append(list, sizeof(list), a.o.filters[i]);
		ret = kmb_fail(&err, KMB_EXIT_USAGE, "no case of %s matches --filter %s",
			       a.nfiles > 2 ? "these files" : "either file", list);
		goto out;
	}
	for (size_t i = 0; i < ncmp; i++)
		warn_stderr(&cmps[i]);
	if ((ret = write_report(&a, cmps, ncmp, &err)))
		goto out;
	if (strcmp(a.output, "-") != 0)
		fprintf(stderr, "kmembench compare: wrote %s: %s\n", a.output,
			regressed ? "REGRESSION" : "no regression");
	ret = regressed ? KMB_EXIT_REGRESSION : KMB_EXIT_OK;
out:
	if (ret > KMB_EXIT_REGRESSION)
		kmb_err_print(&err);
	for (size_t i = 0; cmps && i < ncmp; i++)
		kmb_comparison_free(&cmps[i]);
	for (size_t i = 0; docs && i < a.nfiles; i++)
		kmb_cmp_doc_free(&docs[i]);
	free(cmps);
	free(docs);
	free(a.filters);
	return ret;
}
