/*
 * kmembench report on the real boots in tests/unit/data, one of them
 * turned into a slower "new" kernel: report.md leads with the verdict, then
 * the regressions, then the tables; report.html carries its charts inline
 * and nothing from the network; plots/ has SVG, PNG, data and scripts per
 * API; bad usage writes nothing.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"

static char tmpdir[64];
static char datadir[1024];

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc((size_t)n + 1, 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static bool exists(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 && st.st_size > 0;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* base: boot 1 as it is; new: boot 2 on "another kernel", kmalloc(512) 40 % slower. */
static void make_inputs(char *base, char *new, size_t len)
{
	char in[1100];
	json_t *doc, *c, *reps, *x;
	size_t i;

	snprintf(base, len, "%s/data/merge-boot1.json", datadir);
	snprintf(in, sizeof(in), "%s/data/merge-boot2.json", datadir);
	doc = json_load_file(in, 0, NULL);
	CHECK(doc != NULL);
	json_object_set_new(json_object_get(json_object_get(doc, "system"), "kernel"), "release",
			    json_string("6.99.0-slower"));
	c = json_array_get(json_object_get(doc, "results"), 1);
	reps = json_object_get(json_object_get(json_object_get(c, "phases"), "alloc"),
			       "rep_medians");
	json_array_foreach(reps, i, x)
		json_real_set(x, json_number_value(x) * 1.4);
	snprintf(new, len, "%s/new.json", tmpdir);
	CHECK(json_dump_file(doc, new, 0) == 0);
	json_decref(doc);
}

static void test_report(bool plots)
{
	char base[1100], new[256], dir[256], path[512];
	/* 5 repetitions a side: significant only without a correction over 10 pairs. */
	char *argv[] = { "report", base, new, "-o", dir, "--correction", "none",
			 plots ? "--seed" : "--no-plots", "3", NULL };
	char *md, *html, *regs, *details;
	bool have_gnuplot = system("command -v gnuplot >/dev/null 2>&1") == 0;

	if (plots && !have_gnuplot) {
		printf("test_report: gnuplot missing, charts not tested\n");
		return;
	}
	make_inputs(base, new, sizeof(base));
	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, plots ? "with" : "without");
	CHECK(kmb_cmd_report(plots ? 9 : 8, argv) == 0);
	snprintf(path, sizeof(path), "%s/report.md", dir);
	md = slurp(path);
	snprintf(path, sizeof(path), "%s/report.html", dir);
	html = slurp(path);
	CHECK(md && html);
	if (!md || !html)
		goto out;
	/* Verdict first, then the regressions, then the table of every pair. */
	CHECK(strncmp(md, "## kmembench: **REGRESSION**: Linux `6.99.0-slower` against `", 61) == 0);
	regs = strstr(md, "#### Regressions");
	details = strstr(md, "<details>");
	CHECK(regs && details && regs < details);
	CHECK(regs && strstr(regs, "kernel/kmalloc/size=512/") != NULL);
	CHECK(strstr(md, "#### Per API") != NULL);
	CHECK(strstr(md, "| `kernel/kmalloc` | 6 | **") != NULL);
	CHECK(strstr(md, "| `kernel/alloc_pages` | 4 | 0 |") != NULL);
	CHECK(strstr(html, "<span class=\"verdict bad\">REGRESSION</span>") != NULL);
	/* Self-contained: no script, nothing fetched from a network. */
	CHECK(!strstr(html, "<script") && !strstr(html, "src=\"http") &&
	      !strstr(html, "href=\"http"));
	if (plots) {
		static const char *const files[] = {
			"kernel-kmalloc-latency.svg", "kernel-kmalloc-latency.png",
			"kernel-kmalloc-latency.dat", "kernel-kmalloc-latency.gp",
			"kernel-kmalloc-ratio.svg", "kernel-kmalloc-ratio.png",
			"kernel-alloc_pages-latency.svg", "kernel-alloc_pages-ratio.png",
		};
		char plotdir[300];

		snprintf(plotdir, sizeof(plotdir), "%s/plots", dir);
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			CHECK(exists(plotdir, files[i]));
		/* Two charts per API, inlined. */
		CHECK(count(html, "src=\"data:image/svg+xml;base64,") == 4);
		CHECK(count(html, "href=\"plots/") == 12);
	} else {
		CHECK(count(html, "<img") == 0);
		CHECK(!exists(dir, "plots/kernel-kmalloc-ratio.svg"));
	}
out:
	free(md);
	free(html);
}

static void test_refusals(void)
{
	char base[1100], new[256], dir[256], bad[1100];
	char *no_dir[] = { "report", base, new, NULL };
	/* one file is the report of one run (tests/native/report_run.sh); three are refused */
	char *three_files[] = { "report", base, new, base, "-o", dir, NULL };
	char *bad_file[] = { "report", base, bad, "-o", dir, NULL };
	char *bad_threshold[] = { "report", base, new, "-o", dir, "--threshold", "x", NULL };

	make_inputs(base, new, sizeof(base));
	snprintf(dir, sizeof(dir), "%s/refused", tmpdir);
	snprintf(bad, sizeof(bad), "%s/data/compare-bad-rep.json", datadir);
	CHECK(kmb_cmd_report(3, no_dir) == 2);
	CHECK(kmb_cmd_report(6, three_files) == 2);
	CHECK(kmb_cmd_report(5, bad_file) == 2);
	CHECK(kmb_cmd_report(7, bad_threshold) == 2);
	CHECK(access(dir, F_OK) != 0);
}

int main(void)
{
	const char *src = getenv("KMB_SOURCE_DIR");
	char cmd[128];

	snprintf(datadir, sizeof(datadir), "%s/tests/unit", src ? src : ".");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmb-report.XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	test_report(true);
	test_report(false);
	test_refusals();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return kmb_check_done("test_report");
}
