/* The JSON writer, size parsing and the ABI check. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "kclient.h"
#include "util.h"

static int entries_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_atomic_writer(void)
{
	char dir[] = "/tmp/kmb-unit.XXXXXX", path[256], bad[300];
	struct kmb_err err = { 0 };
	json_t *doc = json_pack("{s:i, s:f, s:s}", "answer", 42, "pi", 3.25, "s", "x");
	json_t *back;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/out.json", dir);
	CHECK(kmb_write_json_atomic(path, doc, &err) == 0);
	CHECK(entries_in(dir) == 1);	/* no temporary file left */
	back = kmb_read_json(path, &err);
	CHECK(back && json_equal(back, doc));
	json_decref(back);

	/* Overwriting replaces the file whole. */
	json_object_set_new(doc, "answer", json_integer(43));
	CHECK(kmb_write_json_atomic(path, doc, &err) == 0);
	back = kmb_read_json(path, &err);
	CHECK(back && json_integer_value(json_object_get(back, "answer")) == 43);
	json_decref(back);

	/* A folder that does not exist: exit 2, the path named, nothing left. */
	snprintf(bad, sizeof(bad), "%s/missing/out.json", dir);
	CHECK(kmb_write_json_atomic(bad, doc, &err) == KMB_EXIT_USAGE);
	CHECK(strstr(err.msg, "missing/out.json") != NULL);
	CHECK(entries_in(dir) == 1);

	/* Reading: a syntax error names file, line and column. */
	{
		FILE *f = fopen(path, "w");

		fputs("{\n  \"a\": 1,\n  oops\n}\n", f);
		fclose(f);
	}
	CHECK(kmb_read_json(path, &err) == NULL);
	CHECK(err.code == KMB_EXIT_USAGE);
	CHECK(strstr(err.msg, "out.json:3:") != NULL);

	unlink(path);
	rmdir(dir);
	json_decref(doc);
}

static void test_parse_size(void)
{
	uint64_t v = 0;

	CHECK(kmb_parse_size("4096", &v) == 0 && v == 4096);
	CHECK(kmb_parse_size("4K", &v) == 0 && v == 4096);
	CHECK(kmb_parse_size("64KiB", &v) == 0 && v == 65536);
	CHECK(kmb_parse_size("2m", &v) == 0 && v == 2u << 20);
	CHECK(kmb_parse_size("1G", &v) == 0 && v == 1u << 30);
	CHECK(kmb_parse_size("", &v) < 0);
	CHECK(kmb_parse_size("-1", &v) < 0);
	CHECK(kmb_parse_size("4X", &v) < 0);
	CHECK(kmb_parse_size("99999999999999999999", &v) < 0);
	CHECK(kmb_parse_size("17179869184G", &v) < 0);	/* 2^34 G overflows */
	CHECK(kmb_parse_uint("12", 100, &v) == 0 && v == 12);
	CHECK(kmb_parse_uint("101", 100, &v) < 0);
	CHECK(kmb_parse_uint("+1", 100, &v) < 0);
}

static void test_abi_check(void)
{
	struct kmb_err err = { 0 };
	char want[64];

	CHECK(kmb_abi_check(KMB_ABI_VERSION, &err) == 0);
	CHECK(kmb_abi_check(KMB_ABI_VERSION + 7, &err) == KMB_EXIT_USAGE);
	/* Both versions are named so the user knows which side is stale. */
	snprintf(want, sizeof(want), "ABI version %u", KMB_ABI_VERSION + 7);
	CHECK(strstr(err.msg, want) != NULL);
	snprintf(want, sizeof(want), "version %u", KMB_ABI_VERSION);
	CHECK(strstr(err.msg, want) != NULL);
}

int main(void)
{
	test_atomic_writer();
	test_parse_size();
	test_abi_check();
	return kmb_check_done("test_util");
}
