/* kmembench export: a result in KCIDB v5, google-benchmark JSON or a format of export_ci.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "compare.h"
#include "export.h"
#include "export_ci.h"

static void export_help(void)
{
	puts("usage: kmembench export --format FORMAT [-o FILE] [--origin NAME]\n"
	     "                        [--checkout-id ID] [--build-id ID] RESULT.json\n"
	     "\n"
	     "Writes a result document (also a merged one) in a format other tools read:\n"
	     "  kcidb    KernelCI's KCIDB I/O data, schema v5 (version 5.0): a checkout and a\n"
	     "           build for the kernel, one test per case and phase with status DONE,\n"
	     "           number {value: median, unit}, and the raw statistics in misc;\n"
	     "           skipped cases SKIP, failed ones ERROR. Submit with 'kcidb-submit'.\n"
	     "  gbench   google-benchmark JSON: one 'iteration' entry per repetition (its\n"
	     "           median) plus mean, median, stddev and cv aggregates, in ns, for\n"
	     "           google-benchmark's tools/compare.py and dashboards that read it.");
	kmb_export_ci_help(stdout);
	puts("The mapping is described in ci/README.md.\n"
	     "\n"
	     "  -F, --format F       one of the formats above (required)\n"
	     "  -o, --output FILE    write to FILE (atomically); default stdout\n"
	     "      --origin NAME    KCIDB origin, the CI system's name: lower-case letters,\n"
	     "                       digits and '_' (default kmembench)\n"
	     "      --checkout-id ID attach the build to this KCIDB checkout (ORIGIN:...);\n"
	     "                       no checkout object is written\n"
	     "      --build-id ID    attach the tests to this KCIDB build (ORIGIN:...);\n"
	     "                       no checkout or build object is written\n"
	     "  -h, --help           this text\n"
	     "\n"
	     "exit: 0 written, 2 bad usage or input (nothing written), 3 cannot write");
}

enum export_format { FORMAT_NONE, FORMAT_KCIDB, FORMAT_GBENCH, FORMAT_CI };

struct export_args {
	enum export_format format;
	const char *output, *input;
	struct kmb_kcidb_opts kcidb;
	const struct kmb_export_format *ci;	/* FORMAT_CI */
};

static int parse_args(int argc, char **argv, struct export_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "origin", required_argument, NULL, 'O' },
		{ "checkout-id", required_argument, NULL, 'C' },
		{ "build-id", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	a->output = "-";
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "F:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (strcmp(optarg, "kcidb") == 0)
				a->format = FORMAT_KCIDB;
			else if (strcmp(optarg, "gbench") == 0)
				a->format = FORMAT_GBENCH;
			else if ((a->ci = kmb_export_ci_find(optarg)))
				a->format = FORMAT_CI;
			else
				return kmb_usage_error("export", "--format '%s' is not one of kcidb, "
						       "gbench, ktap, bmf, github-action-benchmark",
						       optarg);
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'O':
			if (!kmb_kcidb_origin_ok(optarg))
				return kmb_usage_error("export", "--origin '%s' must be lower-case "
						       "letters, digits and '_'", optarg);
			a->kcidb.origin = optarg;
			break;
		case 'C':
		case 'B':
			if (!kmb_kcidb_id_ok(optarg))
				return kmb_usage_error("export", "%s '%s' is not a KCIDB id "
						       "(ORIGIN:anything, ORIGIN of a-z, 0-9, _)",
						       c == 'C' ? "--checkout-id" : "--build-id", optarg);
			if (c == 'C')
				a->kcidb.checkout_id = optarg;
			else
				a->kcidb.build_id = optarg;
			break;
		case 'h':
			export_help();
			return -1;
		default:
			return kmb_usage_error("export", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (a->format == FORMAT_NONE)
		return kmb_usage_error("export", "--format is required (kcidb, gbench, ktap, "
				       "bmf, github-action-benchmark)");
	if (a->format != FORMAT_KCIDB &&
	    (a->kcidb.origin || a->kcidb.checkout_id || a->kcidb.build_id))
		return kmb_usage_error("export", "--origin, --checkout-id and --build-id are for "
				       "--format kcidb only");
	if (argc - optind != 1)
		return kmb_usage_error("export", "needs exactly one RESULT.json");
	a->input = argv[optind];
	return 0;
}

int kmb_cmd_export(int argc, char **argv)
{
	struct export_args a;
	struct kmb_err err = { 0 };
	struct kmb_cmp_doc d;
	json_t *doc, *out;
	int ret = parse_args(argc, argv, &a);

	if (ret)
		return ret < 0 ? 0 : ret;
	doc = kmb_read_json(a.input, &err);
	if (!doc)
		return kmb_report(&err);
	/* The checks compare makes: a bad file stops before anything is written. */
	ret = kmb_cmp_doc_from_json(doc, a.input, &d, &err);
	kmb_cmp_doc_free(&d);
	if (ret) {
		json_decref(doc);
		return kmb_report(&err);
	}
	if (a.ci) {
		ret = kmb_export_ci_write(a.ci, doc, a.output, &err);
		json_decref(doc);
		return ret ? kmb_report(&err) : 0;
	}
	out = a.format == FORMAT_KCIDB ? kmb_export_kcidb(doc, &a.kcidb) : kmb_export_gbench(doc);
	if (!out)
		ret = kmb_fail(&err, KMB_EXIT_ENV, "out of memory exporting %s", a.input);
	else
		ret = kmb_write_json_atomic(a.output, out, &err);
	if (ret)
		kmb_report(&err);
	json_decref(out);
	json_decref(doc);
	return ret;
}
