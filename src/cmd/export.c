/* kmembench export: a result in another tool's format (KMB_EXPORT_FORMATS). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "compare.h"
#include "export.h"
#include "export_ci.h"

#define FORMAT_ROW(id) &kmb_export_format_##id,

/* The formats of KMB_EXPORT_FORMATS (export.h), each in its own file. */
static const struct kmb_export_format *const formats[] = { KMB_EXPORT_FORMATS(FORMAT_ROW) };

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

/* The format names joined by @sep: "kcidb|gbench". */
static void format_names(const char *sep, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NFORMATS && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? sep : "", formats[i]->name);
}

static void export_help(void)
{
	char names[128];

	format_names("|", names, sizeof(names));
	printf("usage: kmembench export --format %s [-o FILE] [--origin NAME]\n"
	       "                        [--checkout-id ID] [--build-id ID] RESULT.json\n"
	       "       kmembench export --list\n"
	       "\n"
	       "Writes a result document (also a merged one) in a format other tools read:\n",
	       names);
	for (size_t i = 0; i < NFORMATS; i++) {
		const char *line = formats[i]->help;

		printf("  %-8s ", formats[i]->name);
		while (*line) {
			size_t n = strcspn(line, "\n");

			printf("%.*s\n", (int)n, line);
			line += n;
			if (*line) {
				line++;
				printf("           ");
			}
		}
	}
	format_names(" or ", names, sizeof(names));
	printf("The mapping is described in ci/README.md.\n"
	       "\n"
	       "  -F, --format F       %s (required)\n"
	       "  -o, --output FILE    write to FILE (atomically); default stdout\n"
	       "      --origin NAME    KCIDB origin, the CI system's name: lower-case letters,\n"
	       "                       digits and '_' (default kmembench)\n"
	       "      --checkout-id ID attach the build to this KCIDB checkout (ORIGIN:...);\n"
	       "                       no checkout object is written\n"
	       "      --build-id ID    attach the tests to this KCIDB build (ORIGIN:...);\n"
	       "                       no checkout or build object is written\n"
	       "  -l, --list           print the format names, one a line, and exit\n"
	       "  -h, --help           this text\n"
	       "\n"
	       "exit: 0 written, 2 bad usage or input (nothing written), 3 cannot write\n",
	       names);
}

static const struct kmb_export_format *format_by_name(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

struct export_args {
	const struct kmb_export_format *format;
	const char *output, *input;
	struct kmb_kcidb_opts kcidb;
};

static int parse_args(int argc, char **argv, struct export_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "origin", required_argument, NULL, 'O' },
		{ "checkout-id", required_argument, NULL, 'C' },
		{ "build-id", required_argument, NULL, 'B' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char names[128];
	int c;

	memset(a, 0, sizeof(*a));
	a->output = "-";
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "F:o:lh", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			a->format = format_by_name(optarg);
			if (!a->format) {
				format_names(", ", names, sizeof(names));
				return kmb_usage_error("export", "--format '%s' is not one of %s",
						       optarg, names);
			}
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
		case 'l':
			for (size_t i = 0; i < NFORMATS; i++)
				puts(formats[i]->name);
			return -1;
		case 'h':
			export_help();
			return -1;
		default:
			return kmb_usage_error("export", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (!a->format) {
		format_names(" or --format ", names, sizeof(names));
		return kmb_usage_error("export", "--format %s is required", names);
	}
	if (!a->format->kcidb_opts &&
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
		return kmb_err_print(&err);
	/* The checks compare makes: a bad file stops before anything is written. */
	ret = kmb_cmp_doc_from_json(doc, a.input, &d, &err);
	kmb_cmp_doc_free(&d);
	if (ret) {
		json_decref(doc);
		return kmb_err_print(&err);
	}
	if (a.format->emit) {
		ret = kmb_export_emit_atomic(a.format, doc, a.output, &err);
	} else {
		out = a.format->write(doc, &a.kcidb);
		if (!out)
			ret = kmb_fail(&err, KMB_EXIT_ENV, "out of memory exporting %s", a.input);
		else
			ret = kmb_write_json_atomic(a.output, out, &err);
		json_decref(out);
	}
	if (ret)
		kmb_err_print(&err);
	json_decref(doc);
	return ret;
}
