/* /proc/buddyinfo parsing and the probe table's byte formatting. */
#include <string.h>

#include "check.h"
#include "probe_buddy.h"
#include "probe_table.h"

static void test_parse(void)
{
	const char *text =
		"Node 0, zone      DMA      0      0      0      0      0      1      1      1"
		"      0      1      3 \n"
		"Node 0, zone    DMA32     12     11     16  12484     11      8      7     10"
		"      3      4      0 \n"
		"garbage line\n"
		"Node 1, zone   Normal      1      0\n";
	json_t *b = kmb_buddyinfo_parse(text), *zones = json_object_get(b, "zones");
	json_t *sums = json_object_get(b, "free_by_order");

	CHECK(json_array_size(zones) == 3);
	CHECK(strcmp(json_string_value(json_object_get(json_array_get(zones, 1), "zone")),
		     "DMA32") == 0);
	CHECK(json_integer_value(json_object_get(json_array_get(zones, 2), "node")) == 1);
	CHECK(json_array_size(json_object_get(json_array_get(zones, 0), "free")) == 11);
	CHECK(json_array_size(sums) == 11);
	CHECK(json_integer_value(json_array_get(sums, 0)) == 13);
	CHECK(json_integer_value(json_array_get(sums, 3)) == 12484);
	CHECK(json_integer_value(json_array_get(sums, 10)) == 3);
	CHECK(json_integer_value(json_object_get(b, "largest_free_order")) == 10);
	json_decref(b);

	b = kmb_buddyinfo_parse("Node 0, zone DMA32 5 0 2 0\n");
	CHECK(json_integer_value(json_object_get(b, "largest_free_order")) == 2);
	json_decref(b);

	b = kmb_buddyinfo_parse("");
	CHECK(json_array_size(json_object_get(b, "zones")) == 0);
	CHECK(json_integer_value(json_object_get(b, "largest_free_order")) == -1);
	json_decref(b);

	b = kmb_buddyinfo_read("/nonexistent/buddyinfo");
	CHECK(json_is_null(b));
	json_decref(b);
}

static void test_fmt_bytes(void)
{
	char buf[32];

	kmb_probe_fmt_bytes(96, buf, sizeof(buf));
	CHECK(strcmp(buf, "96 B") == 0);
	kmb_probe_fmt_bytes(4194304, buf, sizeof(buf));
	CHECK(strcmp(buf, "4 MiB") == 0);
	kmb_probe_fmt_bytes(4194305, buf, sizeof(buf));
	CHECK(strcmp(buf, "4.0 MiB") == 0);
	kmb_probe_fmt_bytes(779116544, buf, sizeof(buf));
	CHECK(strcmp(buf, "743.0 MiB") == 0);
	kmb_probe_fmt_bytes(0, buf, sizeof(buf));
	CHECK(strcmp(buf, "0 B") == 0);
}

int main(void)
{
	test_parse();
	test_fmt_bytes();
	return kmb_check_done("test_probe_buddy");
}
