#include "probe_buddy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds @free[i] to @sums[i], growing @sums as needed. */
static void add_orders(json_t *sums, json_t *free)
{
	size_t i;
	json_t *v;

	json_array_foreach(free, i, v) {
		json_int_t n = json_integer_value(v);

		if (i < json_array_size(sums))
			json_integer_set(json_array_get(sums, i),
					 json_integer_value(json_array_get(sums, i)) + n);
		else
			json_array_append_new(sums, json_integer(n));
	}
}

/* One line: "Node 0, zone   Normal  1 2 3 ...". NULL when it does not parse. */
static json_t *parse_line(const char *line)
{
	char zone[32];
	int node, used;
	const char *p;
	json_t *free;

	if (sscanf(line, "Node %d, zone %31s%n", &node, zone, &used) != 2)
		return NULL;
	free = json_array();
	for (p = line + used;;) {
		char *end;
		long long n = strtoll(p, &end, 10);

		if (end == p)
			break;
		json_array_append_new(free, json_integer(n));
		p = end;
	}
	if (json_array_size(free) == 0) {
		json_decref(free);
		return NULL;
	}
	return json_pack("{s:i, s:s, s:o}", "node", node, "zone", zone, "free", free);
}

json_t *kmb_buddyinfo_parse(const char *text)
{
	json_t *zones = json_array(), *sums = json_array();
	const char *p = text;
	json_int_t largest = -1;
	size_t i;
	json_t *v;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		json_t *z;

		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			z = parse_line(line);
			if (z) {
				add_orders(sums, json_object_get(z, "free"));
				json_array_append_new(zones, z);
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	json_array_foreach(sums, i, v)
		if (json_integer_value(v) > 0)
			largest = (json_int_t)i;
	return json_pack("{s:o, s:o, s:I}", "zones", zones, "free_by_order", sums,
			 "largest_free_order", largest);
}

json_t *kmb_buddyinfo_read(const char *path)
{
	FILE *f = fopen(path, "re");
	char buf[16384];
	size_t n;

	if (!f)
		return json_null();
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return kmb_buddyinfo_parse(buf);
}
