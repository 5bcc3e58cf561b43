/* kmembench summary: a result on one screen, or every case with --table. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "commands.h"
#include "compare.h"
#include "summary.h"

static void summary_help(void)
{
	puts("usage: kmembench summary RUN.json [--table]\n"
	     "\n"
	     "Prints a result on one screen: per API its sizes, the median cost of its\n"
	     "first two phases (alloc/free) at the smallest, a middle and the largest\n"
	     "size of the variant with the most sizes, and its failures; the limits;\n"
	     "the cases skipped. 'kmembench run' prints the same at its end.\n"
	     "\n"
	     "      --table   every case and phase instead: median, p99, failures\n"
	     "  -h, --help    this text\n"
	     "\n"
	     "exit: 0 printed; 2 bad usage or input");
}

static void table(FILE *f, const struct kmb_cmp_doc *d)
{
	json_t *results = json_object_get(d->root, "results"), *c;
	size_t i;

	fprintf(f, "%-72s %-6s %12s %12s %10s\n", "case", "phase", "median", "p99", "failures");
	json_array_foreach(results, i, c) {
		const char *id = json_string_value(json_object_get(c, "id")), *name;
		json_t *skipped = json_object_get(c, "skipped"), *error = json_object_get(c, "error");
		json_t *ph;
		bool first = true;

		if (json_is_string(skipped) || json_is_string(error)) {
			fprintf(f, "%-72s %s: %s\n", id ? id : "?", json_is_string(error) ? "error" :
				"skipped", json_string_value(json_is_string(error) ? error : skipped));
			continue;
		}
		json_object_foreach(json_object_get(c, "phases"), name, ph) {
			const char *unit = json_string_value(json_object_get(ph, "unit"));
			json_t *med = json_object_get(ph, "median"), *p99 = json_object_get(ph, "p99");
			char a[32], b[32];

			kmb_fmt_measure(json_is_number(med) ? json_number_value(med) : NAN, unit, " ",
					a, sizeof(a));
			kmb_fmt_measure(json_is_number(p99) ? json_number_value(p99) : NAN, unit, " ",
					b, sizeof(b));
			fprintf(f, "%-72s %-6s %12s %12s %10lld\n", first && id ? id : "", name, a, b,
				(long long)json_integer_value(json_object_get(ph, "failures")));
			first = false;
		}
	}
}

int kmb_cmd_summary(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "table", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct kmb_cmp_doc d = { 0 };
	struct kmb_err err = { 0 };
	bool full = false;
	int c, ret;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'T': full = true; break;
		case 'h': summary_help(); return 0;
		default:
			return kmb_usage_error("summary", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return kmb_usage_error("summary", "needs exactly one result file");
	if ((ret = kmb_cmp_doc_load(argv[optind], &d, &err))) {
		kmb_cmp_doc_free(&d);
		return kmb_err_print(&err);
	}
	if (full)
		table(stdout, &d);
	else if ((ret = kmb_summary_print(stdout, d.root, d.path, &err)))
		kmb_err_print(&err);
	kmb_cmp_doc_free(&d);
	return ret;
}
