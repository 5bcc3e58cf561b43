/* Suite expansion: products, ids, sizes and the errors for bad entries. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "names.h"
#include "suite.h"

static char path[64];

static int load(const char *text, struct kmb_suite *s, struct kmb_err *err)
{
	FILE *f;

	strcpy(path, "/tmp/kmb-suite.XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	int ret = kmb_suite_load(path, s, err);

	unlink(path);
	return ret;
}

static void test_product_and_ids(void)
{
	struct kmb_suite s;
	struct kmb_err err = { 0 };

	CHECK(load("{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"repetitions\": 3,"
		   " \"kernel\": [{\"api\": [\"kmalloc\", \"kzalloc\"], \"sizes\": [64, \"4K\"],"
		   " \"gfp\": [\"KERNEL\", \"GFP_ATOMIC|__GFP_ZERO\"]}]}", &s, &err) == 0);
	CHECK(s.cases.n == 8);
	CHECK(s.repetitions == 3);
	CHECK(strcmp(s.cases.v[0]->id,
		     "kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1") == 0);
	CHECK(strcmp(s.cases.v[1]->id,
		     "kernel/kmalloc/size=64/gfp=ATOMIC+ZERO/pattern=pair/ctx=process/threads=1") == 0);
	CHECK(strcmp(s.cases.v[7]->id,
		     "kernel/kzalloc/size=4096/gfp=ATOMIC+ZERO/pattern=pair/ctx=process/threads=1") == 0);
	kmb_suite_free(&s);
}

static void test_size_ranges(void)
{
	struct kmb_suite s;
	struct kmb_err err = { 0 };

	CHECK(load("{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		   " \"kmalloc\", \"sizes\": {\"from\": 64, \"to\": 256, \"scale\": \"pow2-edges\"}}]}",
		   &s, &err) == 0);
	/* 63 64 65 127 128 129 255 256 257, sorted and unique. */
	CHECK(s.cases.n == 9);
	CHECK(strstr(s.cases.v[0]->id, "size=63/") != NULL);
	CHECK(strstr(s.cases.v[8]->id, "size=257/") != NULL);
	kmb_suite_free(&s);

	CHECK(load("{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		   " \"kmalloc\", \"sizes\": {\"from\": 100, \"to\": 400, \"scale\": \"linear\","
		   " \"step\": 100}}]}", &s, &err) == 0);
	CHECK(s.cases.n == 4);
	kmb_suite_free(&s);
}

struct bad_case {
	const char *text;
	const char *must_say;
};

static void test_errors(void)
{
	static const struct bad_case bad[] = {
		{ "[]", "a suite is a JSON object" },
		{ "{\"name\": \"t\", \"kernel\": []}", "field 'schema'" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"Bad Name\"}", "field 'name'" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\"}", "no cases" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernal\": []}",
		  "unknown field 'kernal'" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"repetitions\": 0,"
		  " \"kernel\": []}", "'repetitions'" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": {}}",
		  "must be an array" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"sizes\":"
		  " [1]}]}", "kernel[0]: field 'api' is required" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmallok\", \"sizes\": [1]}]}", "api 'kmallok' is unknown" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"sizes\": [0]}]}", "sizes[0]" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"sizes\": [\"4Q\"]}]}", "sizes[0]" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"sizes\": {\"from\": 8, \"to\": 4}}]}", "0 < from <= to" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"sizes\": {\"from\": 8, \"to\": 64, \"scale\": \"log\"}}]}",
		  "scale 'log'" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"sizes\": [8], \"pattern\": \"pairs\"}]}", "pattern 'pairs'" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"sizes\": [8], \"ctx\": \"irq\"}]}", "ctx 'irq'" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"sizes\": [8], \"threads\": 0}]}", "threads" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"orders\": [1]}]}", "takes 'sizes', not 'orders'" },
		{ "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [{\"api\":"
		  " \"kmalloc\", \"sizes\": [8]}, {\"api\": \"kmalloc\", \"sizes\": [8]}]}",
		  "appears twice" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kmb_suite s;
		struct kmb_err err = { 0 };
		int ret = load(bad[i].text, &s, &err);

		CHECK(ret == KMB_EXIT_USAGE);
		if (!strstr(err.msg, bad[i].must_say)) {
			fprintf(stderr, "bad suite %zu: message '%s' lacks '%s'\n", i, err.msg,
				bad[i].must_say);
			kmb_check_failures++;
		}
		/* Errors name the file. */
		CHECK(strstr(err.msg, "/tmp/kmb-suite.") != NULL);
	}
}

static void test_gfp_names(void)
{
	char buf[128], bad[32];
	uint64_t bits;

	CHECK(kmb_gfp_parse("KERNEL+NOWARN", &bits, bad, sizeof(bad)) == 0);
	CHECK(bits == (KMB_GFP(KERNEL) | KMB_GFP(NOWARN)));
	kmb_gfp_format(bits, buf, sizeof(buf));
	CHECK(strcmp(buf, "KERNEL+NOWARN") == 0);
	CHECK(kmb_gfp_parse("__GFP_ZERO|GFP_NOWAIT", &bits, bad, sizeof(bad)) == 0);
	kmb_gfp_format(bits, buf, sizeof(buf));
	CHECK(strcmp(buf, "NOWAIT+ZERO") == 0);
	CHECK(kmb_gfp_parse("KERNEL+", &bits, bad, sizeof(bad)) == 0);
	CHECK(kmb_gfp_parse("KERNEL++ZERO", &bits, bad, sizeof(bad)) < 0);
	CHECK(kmb_gfp_parse("KERNEL+SLEEPY", &bits, bad, sizeof(bad)) < 0);
	CHECK(strcmp(bad, "SLEEPY") == 0);
	CHECK(kmb_gfp_parse("", &bits, bad, sizeof(bad)) < 0);
}

int main(void)
{
	test_product_and_ids();
	test_size_ranges();
	test_errors();
	test_gfp_names();
	return kmb_check_done("test_suite");
}
