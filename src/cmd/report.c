/* kmembench report: report.md, report.html and plots/ for base against new. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "report.h"
#include "single.h"

static void report_help(void)
{
	puts("usage: kmembench report BASE.json NEW.json -o DIR [--threshold PCT] [--alpha A]\n"
	     "                        [--correction holm|bh|none] [--resamples B] [--seed N]\n"
	     "                        [--allow-partial] [--no-plots]\n"
	     "       kmembench report RUN.json -o DIR [--case ID] [--allow-partial] [--no-plots]\n"
	     "\n"
	     "With one result: DIR/report.html for that run alone: the summary, per API\n"
	     "the median against size with the spread of the repetitions and the p99,\n"
	     "the per-operation distribution of one case (--case ID, default\n"
	     "kmalloc(64)), scaling with threads, a probe's size classes and largest\n"
	     "sizes, page-fault costs by kind and malloc by allocator; plots/ as below.\n"
	     "\n"
	     "Compares NEW with BASE exactly as 'kmembench compare' does with the same\n"
	     "options, and writes into DIR:\n"
	     "  report.md    a pull-request comment: the verdict, the regressions, every\n"
	     "               pair (folded), a table per API\n"
	     "  report.html  one page that opens without a network: verdict, regressions,\n"
	     "               improvements, and per API the charts and the pairs\n"
	     "  plots/       per API (kernel-kmalloc, ...): -latency (median ns per\n"
	     "               operation against size, log2 axis, or page order, both\n"
	     "               kernels, bars p10..p90 of the repetition medians) and -ratio\n"
	     "               (new/base per case and phase with its bootstrap CI), each as\n"
	     "               .svg and .png, with the .dat and .gp gnuplot drew them from\n"
	     "Charts need gnuplot (Debian package gnuplot-nox).\n"
	     "\n"
	     "  -o, --output DIR       where the report goes (created if missing)\n"
	     "  -t, --threshold PCT    as compare (default 5)\n"
	     "  -a, --alpha A          as compare (default 0.05)\n"
	     "  -c, --correction M     as compare (default holm)\n"
	     "  -B, --resamples B      as compare (default 2000)\n"
	     "      --exact-floor N    as compare (default 2)\n"
	     "      --seed N           as compare (default 1)\n"
	     "      --allow-partial    accept interrupted runs\n"
	     "      --no-plots         no charts (no gnuplot needed)\n"
	     "  -h, --help             this text\n"
	     "\n"
	     "exit: 0 written, whatever the verdict ('kmembench compare' is the gate);\n"
	     "2 bad usage or input; 3 gnuplot missing or failing, or DIR not writable");
}

struct report_args {
	struct kmb_cmp_opts o;
	const char *dir, *base, *new, *case_id;
	bool plots;
};

static int parse_args(int argc, char **argv, struct report_args *a)
{
	static const struct option opts[] = {
		KMB_CMP_LONG_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "no-plots", no_argument, NULL, 'N' },
		{ "case", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	kmb_cmp_opts_default(&a->o);
	a->plots = true;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, KMB_CMP_SHORT_OPTIONS "o:h", opts, NULL)) != -1) {
		int ret = kmb_cmp_opts_parse(c, optarg, "report", &a->o);

		if (ret != 1) {
			if (ret)
				return ret;
			continue;
		}
		switch (c) {
		case 'o':
			a->dir = optarg;
			break;
		case 'N':
			a->plots = false;
			break;
		case 'C':
			a->case_id = optarg;
			break;
		case 'h':
			report_help();
			return -1;
		default:
			return kmb_usage_error("report", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (!a->dir)
		return kmb_usage_error("report", "-o DIR is required");
	if (argc - optind != 1 && argc - optind != 2)
		return kmb_usage_error("report", "needs one result file, or a BASE and a NEW one");
	if (argc - optind == 2 && a->case_id)
		return kmb_usage_error("report", "--case is for the report of one run");
	a->base = argv[optind];
	a->new = argc - optind == 2 ? argv[optind + 1] : NULL;
	return 0;
}

static int load(const char *path, bool allow_partial, struct kmb_cmp_doc *d, struct kmb_err *err)
{
	int ret = kmb_cmp_doc_load(path, d, err);

	if (!ret && d->interrupted && !allow_partial)
		ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: run.interrupted is true: a partial run, "
			       "refused; pass --allow-partial to report on it anyway", path);
	return ret;
}

/* Renders one document in memory, then writes it atomically. */
static int write_doc(const struct kmb_report *r, const char *dir, const char *name, bool html,
		     struct kmb_err *err)
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	ret = html ? kmb_report_html(f, r, dir) : kmb_report_markdown(f, r);
	if (fclose(f) || ret) {
		free(buf);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory rendering %s", name);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ret = kmb_write_file_atomic(path, buf, len, err);
	free(buf);
	return ret;
}

int kmb_cmd_report(int argc, char **argv)
{
	struct report_args a;
	struct kmb_cmp_doc base = { 0 }, new = { 0 };
	struct kmb_comparison c = { 0 };
	struct kmb_report r = { 0 };
	struct kmb_err err = { 0 };
	bool compared = false;
	int ret = parse_args(argc, argv, &a);

	if (ret)
		return ret < 0 ? 0 : ret;
	if (!a.new) {
		ret = kmb_run_report_write(a.base, a.dir, a.plots, a.case_id, a.o.allow_partial, &err);
		if (ret)
			return kmb_err_print(&err);
		fprintf(stderr, "kmembench report: wrote %s/report.html%s\n", a.dir,
			a.plots ? " and plots/" : "");
		return 0;
	}
	if ((ret = load(a.base, a.o.allow_partial, &base, &err)) ||
	    (ret = load(a.new, a.o.allow_partial, &new, &err)))
		goto out;
	compared = true;
	if ((ret = kmb_compare(&base, &new, &a.o, &c, &err)) ||
	    (ret = kmb_report_build(&c, &a.o, &r, &err)))
		goto out;
	if (mkdir(a.dir, 0755) && errno != EEXIST) {
		ret = kmb_fail(&err, KMB_EXIT_USAGE, "-o %s: cannot create it: %s", a.dir,
			       strerror(errno));
		goto out;
	}
	if ((a.plots && (ret = kmb_report_plots(&r, a.dir, &err))) ||
	    (ret = write_doc(&r, a.dir, "report.md", false, &err)) ||
	    (ret = write_doc(&r, a.dir, "report.html", true, &err)))
		goto out;
	fprintf(stderr, "kmembench report: wrote %s/report.md, %s/report.html%s: %s\n", a.dir,
		a.dir, a.plots ? " and plots/" : "",
		kmb_comparison_regressed(&c) ? "REGRESSION" : "no regression");
out:
	if (ret)
		kmb_err_print(&err);
	kmb_report_free(&r);
	if (compared)
		kmb_comparison_free(&c);
	kmb_cmp_doc_free(&base);
	kmb_cmp_doc_free(&new);
	return ret;
}
