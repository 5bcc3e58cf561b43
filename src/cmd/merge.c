/* kmembench merge: the results of several boots of one kernel as one result. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "compare.h"
#include "merge.h"

static void merge_help(void)
{
	puts("usage: kmembench merge [-o OUT.json] IN.json [IN2.json ...]\n"
	     "\n"
	     "Merges result files of one suite from several boots of one kernel into one\n"
	     "result, so that 'kmembench compare' judges every repetition of every boot.\n"
	     "Cases are matched by id. Per phase: rep_medians concatenated; n, ops,\n"
	     "failures and repetitions summed; min and max exact; mean n-weighted; stddev\n"
	     "pooled exactly. Quantiles (median, p50, p90, p99, p99_9) cannot be merged\n"
	     "exactly from summaries: they are the median of the per-boot values, and the\n"
	     "output says so in run.merged. system, limits and module are the first\n"
	     "input's; run.merged.inputs records each input's file, start and end.\n"
	     "\n"
	     "Refused (exit 2, nothing written): files that are not kmembench results,\n"
	     "different kernel releases or suites, a phase whose unit differs, an input\n"
	     "that is already a merge. Differences in the environment (config, CPU,\n"
	     "virt, clocksource, ...) are warned about.\n"
	     "\n"
	     "  -o, --output FILE   write to FILE (atomically); default stdout\n"
	     "  -h, --help          this text\n"
	     "\n"
	     "exit: 0 merged, 2 bad usage or input, 3 out of memory or cannot write");
}

/* Boots of one kernel should share an environment; say where they do not. */
static void warn_environment(json_t *const *docs, const char *const *paths, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct kmb_cmp_envdiff *diff = NULL;
		size_t nd = 0;

		if (kmb_cmp_env_diff(docs[0], docs[i], &diff, &nd))
			continue;
		for (size_t k = 0; k < nd; k++) {
			char a[96], b[96];

			kmb_cmp_env_value(diff[k].base, a, sizeof(a));
			kmb_cmp_env_value(diff[k].new, b, sizeof(b));
			fprintf(stderr, "kmembench merge: WARNING: %s: %s is %s, but %s in %s\n",
				paths[i], diff[k].field, b, a, paths[0]);
		}
		free(diff);
	}
}

int kmb_cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *output = "-";
	struct kmb_err err = { 0 };
	json_t **docs = NULL, *merged = NULL;
	const char *const *paths;
	size_t n = 0;
	int c, ret = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'h':
			merge_help();
			return 0;
		default:
			return kmb_usage_error("merge", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return kmb_usage_error("merge", "needs at least one result file to merge");
	paths = (const char *const *)argv + optind;
	n = (size_t)(argc - optind);
	docs = calloc(n, sizeof(*docs));
	if (!docs)
		return kmb_err_print(&(struct kmb_err){ KMB_EXIT_ENV, "out of memory" });
	for (size_t i = 0; i < n && !ret; i++)
		if (!(docs[i] = kmb_read_json(paths[i], &err)))
			ret = err.code;
	if (!ret)
		ret = kmb_merge_docs(docs, paths, n, &merged, &err);
	if (!ret) {
		warn_environment(docs, paths, n);
		ret = kmb_write_json_atomic(output, merged, &err);
	}
	if (ret)
		kmb_err_print(&err);
	else if (strcmp(output, "-") != 0)
		fprintf(stderr, "kmembench merge: wrote %s (%zu boot%s)\n", output, n,
			n == 1 ? "" : "s");
	json_decref(merged);
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i]);
	free(docs);
	return ret;
}
