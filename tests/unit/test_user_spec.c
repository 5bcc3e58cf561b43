/* "user" suite entries: products, ids, defaults and the errors for bad entries. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "groups.h"
#include "suite.h"
#include "workload.h"

#define WHERE "bench/t.json: user[0]"

static int expand(const char *text, struct kmb_case_list *out, struct kmb_err *err)
{
	json_error_t jerr;
	json_t *entry = json_loads(text, 0, &jerr);
	int ret;

	if (!entry) {
		fprintf(stderr, "bad test JSON: %s: %s\n", text, jerr.text);
		return -1;
	}
	ret = kmb_user_group.expand(entry, WHERE, out, err);
	json_decref(entry);
	return ret;
}

static bool has_id(const struct kmb_case_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->id, id) == 0)
			return true;
	return false;
}

static void test_malloc_product(void)
{
	struct kmb_case_list l = { 0 };
	struct kmb_err err = { 0 };

	CHECK(expand("{\"workload\": \"malloc\", \"allocator\": [\"glibc\", \"jemalloc\"],"
		     " \"sizes\": [\"4K\", 16], \"pattern\": [\"pair\", \"random-free\"],"
		     " \"threads\": [2, 1], \"batch\": 32}", &l, &err) == 0);
	CHECK(l.n == 16);
	CHECK(strcmp(l.v[0]->id, "user/malloc/allocator=glibc/size=16/pattern=pair/threads=1") == 0);
	CHECK(has_id(&l, "user/malloc/allocator=jemalloc/size=4096/pattern=random-free/threads=2/"
		     "batch=32"));
	CHECK(l.v[0]->ops == &kmb_user_group);
	CHECK(strcmp(l.v[0]->ops->group, "user") == 0);
	CHECK(json_integer_value(json_object_get(l.v[0]->params, "iterations")) == 10000);
	CHECK(json_integer_value(json_object_get(l.v[0]->params, "size")) == 16);
	CHECK(strcmp(json_string_value(json_object_get(l.v[0]->params, "workload")), "malloc") == 0);
	kmb_case_list_free(&l);
}

static void test_defaults_and_order(void)
{
	struct kmb_case_list a = { 0 }, b = { 0 };
	struct kmb_err err = { 0 };

	CHECK(expand("{\"workload\": \"fault-anon\"}", &a, &err) == 0);
	CHECK(a.n == 1);
	CHECK(a.n && strcmp(a.v[0]->id, "user/fault-anon/mode=write/size=67108864/thp=nohuge") == 0);
	kmb_case_list_free(&a);

	/* The id follows the workload's order of dimensions, not the entry's. */
	CHECK(expand("{\"thp\": [\"huge\", \"nohuge\", \"huge\"], \"sizes\": \"64M\","
		     " \"workload\": \"fault-anon\"}", &a, &err) == 0);
	CHECK(expand("{\"workload\": \"fault-anon\", \"sizes\": 67108864,"
		     " \"thp\": [\"nohuge\", \"huge\"]}", &b, &err) == 0);
	CHECK(a.n == 2 && b.n == 2);
	CHECK(has_id(&a, "user/fault-anon/mode=write/size=67108864/thp=huge"));
	for (size_t i = 0; i < a.n && i < b.n; i++)
		CHECK(has_id(&b, a.v[i]->id));
	kmb_case_list_free(&a);
	kmb_case_list_free(&b);

	CHECK(expand("{\"workload\": \"fault-file\", \"cache\": [\"hot\", \"cold\"],"
		     " \"dir\": \"/var/tmp\", \"sizes\": \"8M\"}", &a, &err) == 0);
	CHECK(a.n == 2);
	CHECK(has_id(&a, "user/fault-file/mapping=private/access=read/cache=cold/advice=normal/"
		     "size=8388608"));
	CHECK(a.n && strcmp(json_string_value(json_object_get(a.v[0]->params, "dir")),
			    "/var/tmp") == 0);
	kmb_case_list_free(&a);
}

static void test_nodes(void)
{
	struct kmb_case_list l = { 0 };
	struct kmb_err err = { 0 };

	CHECK(expand("{\"workload\": \"numa\", \"cpu_node\": [0, 1], \"mem_node\": [1, 0],"
		     " \"sizes\": \"1M\"}", &l, &err) == 0);
	CHECK(l.n == 4);
	CHECK(has_id(&l, "user/numa/policy=bind/cpu_node=1/mem_node=0/size=1048576"));
	kmb_case_list_free(&l);

	/* "all": the nodes with memory here, at least node 0. */
	CHECK(expand("{\"workload\": \"numa\", \"sizes\": \"1M\"}", &l, &err) == 0);
	CHECK(l.n >= 1);
	CHECK(has_id(&l, "user/numa/policy=bind/cpu_node=0/mem_node=0/size=1048576"));
	kmb_case_list_free(&l);
}

struct bad_entry {
	const char *text;
	const char *must_say;
};

static void test_errors(void)
{
	static const struct bad_entry bad[] = {
		{ "{\"sizes\": 64}", "field 'workload' is required" },
		{ "{\"workload\": \"maloc\"}", "workload 'maloc' is unknown" },
		{ "{\"workload\": \"malloc\", \"sizes\": 64, \"sizez\": 1}", "unknown field 'sizez'" },
		{ "{\"workload\": \"malloc\"}", "field 'sizes' is required" },
		{ "{\"workload\": \"malloc\", \"sizes\": 0}", "'sizes' must be a size" },
		{ "{\"workload\": \"malloc\", \"sizes\": \"2G\"}", "'sizes' must be a size" },
		{ "{\"workload\": \"malloc\", \"sizes\": [64, \"lots\"]}", "sizes[1]" },
		{ "{\"workload\": \"malloc\", \"sizes\": 64, \"allocator\": \"hoard\"}",
		  "allocator 'hoard' is unknown" },
		{ "{\"workload\": \"malloc\", \"sizes\": 64, \"pattern\": [\"pair\", 3]}",
		  "field 'pattern'[1] must be a string" },
		{ "{\"workload\": \"malloc\", \"sizes\": 64, \"threads\": 0}", "threads[0]" },
		{ "{\"workload\": \"malloc\", \"sizes\": 64, \"iterations\": 0}",
		  "field 'iterations' must be an integer" },
		{ "{\"workload\": \"malloc\", \"sizes\": \"64M\", \"pattern\": \"batch\","
		  " \"batch\": 4096}", "batch x size x threads" },
		{ "{\"workload\": \"fault-file\", \"dir\": \"\"}", "field 'dir' must be a non-empty" },
		{ "{\"workload\": \"fault-anon\", \"thp\": \"always\"}", "thp 'always' is unknown" },
		{ "{\"workload\": \"numa\", \"mem_node\": \"some\"}", "'mem_node' must be \"all\"" },
		{ "{\"workload\": \"numa\", \"mem_node\": [0, 5000]}", "mem_node[1]" },
		{ "{\"workload\": \"io_uring\", \"sizes\": \"2G\"}", "'sizes' must be a size" },
		{ "{\"workload\": \"mlock\", \"op\": \"munlock\"}", "op 'munlock' is unknown" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kmb_case_list l = { 0 };
		struct kmb_err err = { 0 };
		int ret = expand(bad[i].text, &l, &err);

		CHECK(ret == KMB_EXIT_USAGE);
		CHECK(l.n == 0);
		if (!strstr(err.msg, bad[i].must_say) || !strstr(err.msg, WHERE)) {
			fprintf(stderr, "entry %s: message '%s' lacks '%s' or '%s'\n", bad[i].text,
				err.msg, bad[i].must_say, WHERE);
			kmb_check_failures++;
		}
		kmb_case_list_free(&l);
	}
}

/* A whole suite with only user entries needs no module. */
static void test_suite(void)
{
	char path[] = "/tmp/kmb-user-suite.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct kmb_suite s;
	struct kmb_err err = { 0 };

	CHECK(f != NULL);
	if (!f)
		return;
	fputs("{\"schema\": \"kmembench-suite/1\", \"name\": \"u\", \"user\": ["
	      "{\"workload\": \"mlock\", \"op\": [\"mlock\", \"mlockall\"], \"sizes\": \"4K\"},"
	      "{\"workload\": \"io_uring\", \"sizes\": [\"4K\", \"1M\"]}]}", f);
	fclose(f);
	CHECK(kmb_suite_load(path, &s, &err) == 0);
	CHECK(s.cases.n == 4);
	CHECK(kmb_suite_needs_module(&s) == 0);
	kmb_suite_free(&s);
	unlink(path);
}

int main(void)
{
	test_malloc_product();
	test_defaults_and_order();
	test_nodes();
	test_errors();
	test_suite();
	return kmb_check_done("test_user_spec");
}
