#include "probe_table.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

void kmb_probe_fmt_bytes(uint64_t v, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned int u = 0;
	double d = (double)v;

	while (d >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		d /= 1024;
		u++;
	}
	if (u == 0 || (v & ((1ULL << (10 * u)) - 1)) == 0)
		snprintf(buf, len, "%.0f %s", d, units[u]);
	else
		snprintf(buf, len, "%.1f %s", d, units[u]);
}

static uint64_t get_u64(json_t *o, const char *key)
{
	return (uint64_t)json_integer_value(json_object_get(o, key));
}

static const char *get_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* A size as the table shows it: "4194304 (4 MiB)" or "order 10 (4 MiB)". */
static void fmt_value(json_t *e, const char *key, bool orders, uint64_t page_size, char *buf,
		      size_t len)
{
	json_t *v = json_object_get(e, key);
	uint64_t x = (uint64_t)json_integer_value(v);
	char h[32];

	if (!json_is_integer(v)) {
		snprintf(buf, len, "-");
		return;
	}
	if (orders) {
		kmb_probe_fmt_bytes(x < 40 ? page_size << x : 0, h, sizeof(h));
		snprintf(buf, len, "order %" PRIu64 " (%s)", x, h);
	} else {
		kmb_probe_fmt_bytes(x, h, sizeof(h));
		snprintf(buf, len, "%" PRIu64 " (%s)", x, h);
	}
}

static void print_max(json_t *e, uint64_t page_size, FILE *f)
{
	bool orders = strcmp(get_str(e, "unit"), "order") == 0;
	char ok[48], failed[48], avail[32], api[96];

	/* The DMA APIs once per mask width: "dma_alloc_coherent/32". */
	if (json_object_get(e, "dma_mask"))
		snprintf(api, sizeof(api), "%s/%" PRIu64, get_str(e, "api"),
			 get_u64(e, "dma_mask"));
	else
		snprintf(api, sizeof(api), "%s", get_str(e, "api"));
	if (json_object_get(e, "skipped")) {
		fprintf(f, "%-12s %-12s skipped: %s\n", api, get_str(e, "gfp"),
			get_str(e, "skipped"));
		return;
	}
	fmt_value(e, "largest_ok", orders, page_size, ok, sizeof(ok));
	fmt_value(e, "smallest_failed", orders, page_size, failed, sizeof(failed));
	fprintf(f, "%-12s %-12s %-24s %-24s %-22s %5" PRIu64 " %9.1f", api,
		get_str(e, "gfp"), ok, failed, get_str(e, "bound"), get_u64(e, "attempts"),
		json_real_value(json_object_get(e, "elapsed_ms")));
	if (strcmp(get_str(e, "bound"), "available_ram_reserve") == 0) {
		kmb_probe_fmt_bytes(get_u64(e, "mem_available"), avail, sizeof(avail));
		fprintf(f, "  (MemAvailable %s)", avail);
	}
	fputc('\n', f);
}

static void print_classes(json_t *e, FILE *f)
{
	size_t i;
	json_t *c;

	fprintf(f, "kmalloc size classes (ksize steps, %s):", get_str(e, "gfp"));
	json_array_foreach(json_object_get(e, "classes"), i, c) {
		char h[32];

		kmb_probe_fmt_bytes(get_u64(c, "ksize"), h, sizeof(h));
		fprintf(f, "%s %s", strcmp(get_str(c, "backing"), "slab") ? " [pages]" : "", h);
	}
	fputc('\n', f);
}

static void print_zero(json_t *e, FILE *f)
{
	if (json_object_get(e, "skipped"))
		fprintf(f, "%s(0): skipped: %s\n", get_str(e, "api"), get_str(e, "skipped"));
	else if (json_is_true(json_object_get(e, "called")))
		fprintf(f, "%s(0) = %s\n", get_str(e, "api"), get_str(e, "returns"));
	else
		fprintf(f, "%s(0): not called (%s)\n", get_str(e, "api"), get_str(e, "why"));
}

static void print_fragmentation(json_t *frag, FILE *f)
{
	json_t *b = json_object_get(frag, "buddyinfo");

	if (!frag)
		return;
	fprintf(f, "fragmentation: split %" PRIu64 " pages of blocks up to order %" PRIu64
		", held %" PRIu64 " in order-%" PRIu64 " chunks; largest free order before %"
		JSON_INTEGER_FORMAT ", fragmented %" JSON_INTEGER_FORMAT ", restored %"
		JSON_INTEGER_FORMAT "\n",
		get_u64(frag, "pages_taken"), get_u64(frag, "top_order_split"),
		get_u64(frag, "pages_held"), get_u64(frag, "chunk_order"),
		json_integer_value(json_object_get(json_object_get(b, "before"),
						   "largest_free_order")),
		json_integer_value(json_object_get(json_object_get(b, "fragmented"),
						   "largest_free_order")),
		json_integer_value(json_object_get(json_object_get(b, "restored"),
						   "largest_free_order")));
}

/* "DMA 13.5 MiB, DMA32 2 GiB": the bytes a fill held, by zone. */
static void fmt_zones(json_t *zones, char *buf, size_t len)
{
	size_t used = 0;
	const char *name;
	json_t *v;

	buf[0] = '\0';
	json_object_foreach(zones, name, v) {
		char h[32];

		kmb_probe_fmt_bytes((uint64_t)json_integer_value(v), h, sizeof(h));
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s %s",
						 used ? ", " : "", name, h);
	}
}

static void print_capacity(json_t *e, bool *header, FILE *f)
{
	char object[32], held[32], zones[160];

	if (!*header) {
		fprintf(f, "%-12s %-12s %-12s %-12s %10s %-22s %7s  %s\n", "API", "GFP",
			"object", "held", "objects", "stopped by", "s", "zones");
		*header = true;
	}
	kmb_probe_fmt_bytes(get_u64(e, "size"), object, sizeof(object));
	if (json_object_get(e, "order"))
		snprintf(object + strlen(object), sizeof(object) - strlen(object), " (o%" PRIu64 ")",
			 get_u64(e, "order"));
	if (json_object_get(e, "skipped")) {
		fprintf(f, "%-12s %-12s %-12s skipped: %s\n", get_str(e, "api"), get_str(e, "gfp"),
			object, get_str(e, "skipped"));
		return;
	}
	kmb_probe_fmt_bytes(get_u64(e, "held_bytes"), held, sizeof(held));
	fmt_zones(json_object_get(e, "zones"), zones, sizeof(zones));
	fprintf(f, "%-12s %-12s %-12s %-12s %10" PRIu64 " %-22s %7.1f  %s\n", get_str(e, "api"),
		get_str(e, "gfp"), object, held, get_u64(e, "objects"), get_str(e, "stop"),
		json_real_value(json_object_get(e, "elapsed_ms")) / 1e3, zones);
}

void kmb_probe_table(json_t *doc, FILE *f)
{
	bool cap_header = false;
	uint64_t page_size = get_u64(json_object_get(doc, "limits"), "page_size");
	bool header = false, frag_header = false;
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(doc, "probes"), i, e) {
		const char *kind = get_str(e, "kind");

		if (strcmp(kind, "max") != 0)
			continue;
		if (!header) {
			fprintf(f, "%-12s %-12s %-24s %-24s %-22s %5s %9s\n", "API", "GFP",
				"largest OK", "smallest failed", "bound", "tries", "ms");
			header = true;
		}
		if (json_is_true(json_object_get(e, "fragmented")) && !frag_header) {
			fprintf(f, "-- with memory fragmented (--fragment):\n");
			frag_header = true;
		}
		print_max(e, page_size ? page_size : 4096, f);
	}
	json_array_foreach(json_object_get(doc, "probes"), i, e) {
		if (strcmp(get_str(e, "kind"), "size-classes") == 0)
			print_classes(e, f);
		else if (strcmp(get_str(e, "kind"), "zero") == 0)
			print_zero(e, f);
		else if (strcmp(get_str(e, "kind"), "capacity") == 0)
			print_capacity(e, &cap_header, f);
	}
	print_fragmentation(json_object_get(doc, "fragmentation"), f);
}
