/* The kernel counters: parsing, cache choice, deltas and the result's shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "counters.h"

static const char vmstat[] =
	"nr_free_pages 1000\n"
	"pgalloc_dma32 500\n"
	"pgalloc_normal 20\n"
	"pgfree 480\n"
	"pgfault 7\n"
	"compact_stall 0\n"
	"thp_fault_alloc 1\n"
	"numa_hit 9\n";

static void test_parse(void)
{
	json_t *v = kmb_ctr_parse_vmstat(vmstat), *m;
	uint64_t n = 0;

	CHECK(v != NULL);
	CHECK(json_integer_value(json_object_get(v, "pgalloc_dma32")) == 500);
	CHECK(json_integer_value(json_object_get(v, "numa_hit")) == 9);
	CHECK(json_object_get(v, "thp_fault_alloc") != NULL);
	CHECK(json_object_get(v, "nr_free_pages") == NULL);	/* a gauge: not kept */
	json_decref(v);
	CHECK(kmb_ctr_parse_vmstat("pgfree\n") == NULL);
	CHECK(kmb_ctr_parse_vmstat("pgfree -3\n") == NULL);
	v = kmb_ctr_parse_vmstat("");
	CHECK(v && json_object_size(v) == 0);
	json_decref(v);

	m = kmb_ctr_parse_meminfo("MemTotal:  1000 kB\nSlab:    16332 kB\nSUnreclaim: 6916 kB\n"
				  "Percpu:  512 kB\n");
	CHECK(m && json_integer_value(json_object_get(m, "Slab")) == 16332);
	CHECK(json_integer_value(json_object_get(m, "Percpu")) == 512);
	CHECK(json_object_get(m, "MemTotal") == NULL);
	json_decref(m);

	CHECK(kmb_ctr_first_number("1234 C0=1000 C1=234\n", &n) == 0 && n == 1234);
	CHECK(kmb_ctr_first_number("64\n", &n) == 0 && n == 64);
	CHECK(kmb_ctr_first_number("x", &n) == -1);
	CHECK(kmb_ctr_first_number("12x", &n) == -1);
	CHECK(kmb_ctr_first_number("", &n) == -1);
}

static void test_classes(void)
{
	uint64_t s = 0;

	CHECK(kmb_ctr_kmalloc_class("kmalloc-64", "", &s) == 0 && s == 64);
	CHECK(kmb_ctr_kmalloc_class("kmalloc-1k", "", &s) == 0 && s == 1024);
	CHECK(kmb_ctr_kmalloc_class("kmalloc-rnd-03-8k", "", &s) == 0 && s == 8192);
	CHECK(kmb_ctr_kmalloc_class("kmalloc-cg-64", "", &s) == -1);
	CHECK(kmb_ctr_kmalloc_class("kmalloc-cg-64", "cg", &s) == 0 && s == 64);
	CHECK(kmb_ctr_kmalloc_class("kmalloc-64", "cg", &s) == -1);
	CHECK(kmb_ctr_kmalloc_class("dma-kmalloc-96", "dma", &s) == 0 && s == 96);
	CHECK(kmb_ctr_kmalloc_class("kmalloc-rcl-64", "", &s) == -1);
	CHECK(kmb_ctr_kmalloc_class("kmalloc_buckets", "", &s) == -1);
	CHECK(kmb_ctr_kmalloc_class("kmalloc-", "", &s) == -1);
	CHECK(kmb_ctr_kmalloc_class("kmalloc-0", "", &s) == -1);
}

static void put(const char *root, const char *path, const char *text)
{
	char full[512];
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	f = fopen(full, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void mkcache(const char *root, const char *name, const char *objs, const char *fast,
		    const char *slow)
{
	char dir[512], p[600];

	snprintf(dir, sizeof(dir), "%s/sys/kernel/slab/%s", root, name);
	CHECK(mkdir(dir, 0755) == 0);
	snprintf(p, sizeof(p), "/sys/kernel/slab/%s/", name);
#define PUT(file, text) do { char q[700]; snprintf(q, sizeof(q), "%s%s", p, file); \
			     put(root, q, text); } while (0)
	PUT("object_size", "64\n");
	PUT("slab_size", "64\n");
	PUT("objs_per_slab", "64\n");
	PUT("order", "0\n");
	PUT("aliases", "0\n");
	PUT("objects", objs);
	PUT("slabs", "2 N0=2\n");
	if (fast) {
		PUT("alloc_fastpath", fast);
		PUT("alloc_slowpath", slow);
	}
#undef PUT
}

static char *names_of(json_t *arr)
{
	static char buf[512];
	size_t i, n = 0;
	json_t *v;
	const char **s = calloc(json_array_size(arr) + 1, sizeof(*s));

	json_array_foreach(arr, i, v)
		s[i] = json_string_value(v);
	/* readdir order is the filesystem's: sorted for the checks */
	for (size_t a = 0; a < i; a++)
		for (size_t b = a + 1; b < i; b++)
			if (strcmp(s[a], s[b]) > 0) {
				const char *t = s[a];

				s[a] = s[b];
				s[b] = t;
			}
	buf[0] = '\0';
	for (size_t a = 0; a < i; a++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", a ? " " : "", s[a]);
	free(s);
	return buf;
}

static void test_tree(void)
{
	char root[] = "/tmp/kmb-ctr.XXXXXX", p[512];
	struct kmb_ctr_acc a = { 0 };
	json_t *caches, *before, *after, *c, *f, *flat;

	CHECK(mkdtemp(root) != NULL);
	snprintf(p, sizeof(p), "%s/proc", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys/kernel", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sys/kernel/slab", root);
	mkdir(p, 0755);
	mkcache(root, "kmalloc-64", "100 N0=100\n", "1000 C0=1000\n", "10 C0=10\n");
	mkcache(root, "kmalloc-rnd-01-64", "0\n", "5\n", "5\n");
	mkcache(root, "kmalloc-96", "0\n", NULL, NULL);
	mkcache(root, "kmalloc-128", "0\n", NULL, NULL);
	mkcache(root, "kmalloc-8k", "0\n", NULL, NULL);
	mkcache(root, "kmalloc-cg-64", "0\n", NULL, NULL);
	mkcache(root, ":0000064", "7\n", NULL, NULL);
	put(root, "/sys/kernel/slab/:0000064/aliases", "2\n");
	snprintf(p, sizeof(p), "%s/sys/kernel/slab/kmembench", root);
	CHECK(symlink(":0000064", p) == 0);

	caches = kmb_ctr_kmalloc_caches(root, "", 64, 64);
	CHECK(caches && !strcmp(names_of(caches), "kmalloc-64 kmalloc-rnd-01-64"));
	json_decref(caches);
	caches = kmb_ctr_kmalloc_caches(root, "", 65, 100);
	CHECK(caches && !strcmp(names_of(caches), "kmalloc-128 kmalloc-96"));
	json_decref(caches);
	caches = kmb_ctr_kmalloc_caches(root, "", 72, 72);
	CHECK(caches && !strcmp(names_of(caches), "kmalloc-96"));
	json_decref(caches);
	caches = kmb_ctr_kmalloc_caches(root, "cg", 8, 8);
	CHECK(caches && !strcmp(names_of(caches), "kmalloc-cg-64"));
	json_decref(caches);
	caches = kmb_ctr_kmalloc_caches(root, "", 16384, 16384);
	CHECK(caches && json_array_size(caches) == 0);
	json_decref(caches);
	CHECK(kmb_ctr_kmalloc_caches("/nonexistent", "", 64, 64) == NULL);

	c = kmb_ctr_read_cache(root, "kmembench");
	CHECK(!strcmp(json_string_value(json_object_get(c, "dir")), ":0000064"));
	CHECK(json_is_true(json_object_get(c, "link")));
	CHECK(json_integer_value(json_object_get(c, "aliases")) == 2);
	json_decref(c);
	c = kmb_ctr_read_cache(root, "absent-cache");
	CHECK(c && json_object_size(c) == 0);
	json_decref(c);

	/* Two repetitions of 1000 operations each. */
	a.caches = json_pack("[s, s, s]", "kmalloc-64", "kmalloc-rnd-01-64", "gone");
	a.sum = json_object();
	for (int rep = 0; rep < 2; rep++) {
		put(root, "/proc/vmstat", rep ? "pgalloc_normal 120\npgfree 100\n" :
						"pgalloc_normal 100\npgfree 90\n");
		put(root, "/proc/meminfo", rep ? "Slab: 1016 kB\n" : "Slab: 1000 kB\n");
		put(root, "/sys/kernel/slab/kmalloc-64/alloc_fastpath", rep ? "1990\n" : "1000\n");
		put(root, "/sys/kernel/slab/kmalloc-64/alloc_slowpath", rep ? "20\n" : "10\n");
		put(root, "/sys/kernel/slab/kmalloc-64/objects", rep ? "164\n" : "100\n");
		before = kmb_ctr_snapshot(root, a.caches);
		put(root, "/proc/vmstat", rep ? "pgalloc_normal 140\npgfree 140\n" :
						"pgalloc_normal 120\npgfree 100\n");
		put(root, "/proc/meminfo", rep ? "Slab: 1024 kB\n" : "Slab: 1016 kB\n");
		put(root, "/sys/kernel/slab/kmalloc-64/alloc_fastpath", rep ? "2980\n" : "1990\n");
		put(root, "/sys/kernel/slab/kmalloc-64/alloc_slowpath", rep ? "30\n" : "20\n");
		put(root, "/sys/kernel/slab/kmalloc-64/objects", rep ? "164\n" : "164\n");
		after = kmb_ctr_snapshot(root, a.caches);
		CHECK(before && after && kmb_ctr_add_delta(a.sum, before, after) == 0);
		json_decref(a.last);
		a.last = after;
		json_decref(before);
		a.reps++;
	}
	a.ops = 2000;
	c = kmb_ctr_counters_json(&a, a.ops, "alloc");
	CHECK(c != NULL);
	CHECK(json_integer_value(json_object_get(json_object_get(json_object_get(c, "vmstat"),
		"pgalloc_normal"), "delta")) == 40);
	CHECK_NEAR(json_real_value(json_object_get(json_object_get(json_object_get(c, "vmstat"),
		"pgfree"), "per_op")), 50.0 / 2000, 1e-12);
	CHECK(json_integer_value(json_object_get(json_object_get(json_object_get(c, "meminfo"),
		"Slab"), "delta_kb")) == 24);
	CHECK_NEAR(json_real_value(json_object_get(json_object_get(c, "slab"),
		"slow_path_share")), 20.0 / 2000, 1e-12);
	CHECK(json_integer_value(json_object_get(json_object_get(json_object_get(
		json_object_get(c, "slab"), "stats"), "alloc_fastpath"), "delta")) == 1980);
	/* pgfault and Percpu are not in this kernel: named, not failed */
	{
		char *absent = json_dumps(json_object_get(c, "absent"), 0);

		CHECK(absent && strstr(absent, "vmstat pgfault") != NULL);
		CHECK(absent && strstr(absent, "meminfo Percpu") != NULL);
		free(absent);
	}

	f = kmb_ctr_footprint_json(&a, 1000, 4096);
	CHECK(f != NULL);
	CHECK(json_integer_value(json_object_get(f, "slabs_at_peak")) == 16);	/* ceil(1000/64) */
	CHECK(json_integer_value(json_object_get(f, "bytes_at_peak")) == 16 * 4096);
	CHECK(json_array_size(json_object_get(f, "caches")) == 2);
	CHECK(!strcmp(json_string_value(json_array_get(json_object_get(f, "absent"), 0)), "gone"));
	CHECK(json_integer_value(json_object_get(json_array_get(json_object_get(f, "caches"), 0),
		"objects_delta")) == 64);

	{
		json_t *doc = json_pack("{s:O, s:O}", "counters", c, "footprint", f);
		char field[128];

		CHECK(kmb_ctr_check(doc, field, sizeof(field)) == 0);
		flat = kmb_ctr_flat(doc);
		CHECK_NEAR(json_real_value(json_object_get(flat, "pgalloc_per_op")), 0.02, 1e-12);
		CHECK_NEAR(json_real_value(json_object_get(flat, "slow_path_share")), 0.01, 1e-12);
		CHECK_NEAR(json_real_value(json_object_get(flat, "bytes_per_object")), 64, 1e-12);
		json_decref(flat);
		json_object_set_new(json_object_get(json_object_get(json_object_get(doc, "counters"),
			"vmstat"), "pgfree"), "per_op", json_string("lots"));
		CHECK(kmb_ctr_check(doc, field, sizeof(field)) == -1);
		CHECK(!strcmp(field, "counters.vmstat.pgfree.per_op"));
		json_object_set_new(doc, "counters", json_integer(1));
		CHECK(kmb_ctr_check(doc, field, sizeof(field)) == -1 && !strcmp(field, "counters"));
		json_object_del(doc, "counters");
		json_object_set_new(json_object_get(doc, "footprint"), "caches", json_string("x"));
		CHECK(kmb_ctr_check(doc, field, sizeof(field)) == -1);
		CHECK(!strcmp(field, "footprint.caches"));
		json_decref(doc);
	}
	/* Different geometries: no peak is derived from one of them. */
	put(root, "/sys/kernel/slab/kmalloc-rnd-01-64/objs_per_slab", "32\n");
	json_decref(a.last);
	a.last = kmb_ctr_snapshot(root, a.caches);
	json_decref(f);
	f = kmb_ctr_footprint_json(&a, 1000, 4096);
	CHECK(json_object_get(f, "slabs_at_peak") == NULL);
	json_decref(f);
	json_decref(c);
	kmb_ctr_acc_clear(&a);
	snprintf(p, sizeof(p), "rm -rf '%s'", root);
	CHECK(system(p) == 0);
}

int main(void)
{
	test_parse();
	test_classes();
	test_tree();
	return kmb_check_done("test_counters");
}
