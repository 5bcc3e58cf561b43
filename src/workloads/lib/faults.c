#include <sys/resource.h>

#include "wl_lib.h"

void kmb_faults_now(struct kmb_faults *f)
{
	struct rusage ru;

	/* Per thread, so that other threads' faults do not count. */
	if (getrusage(RUSAGE_THREAD, &ru)) {
		f->minor = f->major = 0;
		return;
	}
	f->minor = (uint64_t)ru.ru_minflt;
	f->major = (uint64_t)ru.ru_majflt;
}

static uint64_t get_u64(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (uint64_t)json_integer_value(v) : 0;
}

void kmb_faults_note(struct kmb_bench_case *c, const char *phase, uint64_t pages,
		     const struct kmb_faults *before, const struct kmb_faults *after, double ns)
{
	json_t *all = json_object_get(c->extra, "faults"), *t;
	uint64_t minor, major;

	if (!all) {
		all = json_object();
		json_object_set_new(c->extra, "faults", all);
	}
	t = json_object_get(all, phase);
	if (!t) {
		t = json_object();
		json_object_set_new(all, phase, t);
	}
	pages += get_u64(t, "pages");
	minor = get_u64(t, "minor") + (after->minor - before->minor);
	major = get_u64(t, "major") + (after->major - before->major);
	ns += json_real_value(json_object_get(t, "ns"));
	json_object_set_new(t, "pages", json_integer((json_int_t)pages));
	json_object_set_new(t, "minor", json_integer((json_int_t)minor));
	json_object_set_new(t, "major", json_integer((json_int_t)major));
	json_object_set_new(t, "ns", json_real(ns));
	json_object_set_new(t, "minor_per_page",
			    pages ? json_real((double)minor / (double)pages) : json_null());
	json_object_set_new(t, "major_per_page",
			    pages ? json_real((double)major / (double)pages) : json_null());
	json_object_set_new(t, "ns_per_fault", minor + major ?
			    json_real(ns / (double)(minor + major)) : json_null());
}
