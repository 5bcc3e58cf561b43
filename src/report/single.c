/* kmembench report RUN.json -o DIR: the report of one run (single.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case_id.h"
#include "single.h"

void kmb_run_threads_key(const char *id, char *buf, size_t len)
{
	static const char *const drop[] = { "threads=", NULL };

	kmb_id_without(id, drop, buf, len);
}

/* The named case, or kmalloc(64) pair in process context on one thread, or the first. */
static int pick_distribution(struct kmb_run_report *r, const char *case_id, struct kmb_err *err)
{
	static const char *const preferred[] = {
		"kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1",
		"user/malloc/allocator=glibc/size=64/pattern=pair/threads=1",
	};

	for (size_t i = 0; i < r->m.ncases; i++) {
		const struct kmb_run_case *c = &r->m.cases[i];

		if (case_id && strcmp(c->id, case_id) == 0) {
			if (!kmb_run_measured(c))
				return kmb_fail(err, KMB_EXIT_USAGE, "--case %s: %s has no measurement "
						"(%s)", case_id, r->d->path,
						c->skipped ? c->skipped : c->error ? c->error :
						"no phases");
			r->dist = c;
			return 0;
		}
	}
	if (case_id)
		return kmb_fail(err, KMB_EXIT_USAGE, "--case %s: no such case in %s (kmembench "
				"summary --table %s lists them)", case_id, r->d->path, r->d->path);
	for (size_t k = 0; k < sizeof(preferred) / sizeof(preferred[0]) && !r->dist; k++)
		for (size_t i = 0; i < r->m.ncases && !r->dist; i++)
			if (strcmp(r->m.cases[i].id, preferred[k]) == 0 && kmb_run_measured(&r->m.cases[i]))
				r->dist = &r->m.cases[i];
	for (size_t i = 0; i < r->m.ncases && !r->dist; i++)
		if (kmb_run_measured(&r->m.cases[i]))
			r->dist = &r->m.cases[i];
	return 0;
}

static int write_html(const struct kmb_run_report *r, const char *dir, struct kmb_err *err)
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	ret = kmb_run_report_html(f, r, dir);
	if (fclose(f) || ret) {
		free(buf);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory rendering report.html");
	}
	snprintf(path, sizeof(path), "%s/report.html", dir);
	ret = kmb_write_file_atomic(path, buf, len, err);
	free(buf);
	return ret;
}

int kmb_run_report_write(const char *path, const char *dir, bool plots, const char *case_id,
			 bool allow_partial, struct kmb_err *err)
{
	struct kmb_cmp_doc d = { 0 };
	struct kmb_run_report r = { 0 };
	int ret = kmb_cmp_doc_load(path, &d, err);

	if (ret)
		goto out;
	if (d.interrupted && !allow_partial) {
		ret = kmb_fail(err, KMB_EXIT_USAGE, "%s: run.interrupted is true: a partial run, "
			       "refused; pass --allow-partial to report on it anyway", path);
		goto out;
	}
	r.d = &d;
	if ((ret = kmb_run_model_build(d.root, &r.m, err)))
		goto out;
	if ((ret = pick_distribution(&r, case_id, err)))
		goto out;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		ret = kmb_fail(err, KMB_EXIT_USAGE, "-o %s: cannot create it: %s", dir,
			       strerror(errno));
		goto out;
	}
	if (plots && (ret = kmb_run_report_plots(&r, dir, err)))
		goto out;
	ret = write_html(&r, dir, err);
out:
	kmb_run_model_free(&r.m);
	kmb_cmp_doc_free(&d);
	return ret;
}
