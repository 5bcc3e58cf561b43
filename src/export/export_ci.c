/*
 * Writing a text export atomically, and what the continuous-benchmarking
 * exports share: which phases they export and the spread of
 * a phase's replicates.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "export_ci.h"

int kmb_export_emit_atomic(const struct kmb_export_format *fmt, json_t *doc, const char *path,
			   struct kmb_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int ret;

	if (!mem)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory exporting %s", fmt->name);
	ret = fmt->emit(doc, mem, err);
	if (fclose(mem) && !ret)
		ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory exporting %s", fmt->name);
	if (!ret)
		ret = kmb_write_file_atomic(path, buf, len, err);
	free(buf);
	return ret;
}

bool kmb_ci_case_ran(json_t *c)
{
	return json_object_size(json_object_get(c, "phases")) &&
	       !json_is_string(json_object_get(c, "skipped")) &&
	       !json_is_string(json_object_get(c, "error"));
}

bool kmb_ci_phase_get(json_t *c, const char *phase, json_t *ph, struct kmb_ci_phase *p)
{
	json_t *reps = json_object_get(ph, "boot_medians"), *x;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->case_id = kmb_json_str(c, "id", "unknown");
	p->phase = phase;
	p->unit = kmb_json_str(ph, "unit", "ns");
	p->stats = ph;
	p->median = json_number_value(json_object_get(ph, "median"));
	if (!json_is_number(json_object_get(ph, "median")) || !isfinite(p->median))
		return false;
	/* The replicate compare judges on: the boot when merged, else the repetition. */
	p->rep_kind = "boot medians";
	if (json_array_size(reps) < 2) {
		reps = json_object_get(ph, "rep_medians");
		p->rep_kind = "repetition medians";
	}
	json_array_foreach(reps, i, x) {
		double v = json_number_value(x);

		if (!json_is_number(x) || !isfinite(v))
			continue;
		if (!p->nrep || v < p->rep_lo)
			p->rep_lo = v;
		if (!p->nrep || v > p->rep_hi)
			p->rep_hi = v;
		p->nrep++;
	}
	return true;
}

void kmb_ci_name(const struct kmb_ci_phase *p, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", p->case_id, p->phase);
}

int kmb_ci_dump_json(json_t *v, FILE *out, struct kmb_err *err)
{
	const size_t flags = JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10);

	if (json_dumpf(v, out, flags) || fputc('\n', out) == EOF)
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory rendering JSON");
	return 0;
}
