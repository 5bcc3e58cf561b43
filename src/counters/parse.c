/* The kernel's counter files as text: which values are kept and how they read. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"

bool kmb_counters_enabled;

/*
 * Event counters only: gauges such as nr_free_pages move with everything
 * else on the machine and explain nothing per case. kfence has no vmstat
 * keys on the kernels seen so far; the pattern records that as absent.
 */
const char *const kmb_ctr_vmstat_keys[] = {
	"pgalloc_*", "pgfree", "pgfault", "pgmajfault", "allocstall_*", "pgscan_direct",
	"pgsteal_direct", "compact_*", "thp_*", "kfence*", "numa_*", NULL,
};

const char *const kmb_ctr_meminfo_keys[] = {
	"Slab", "SReclaimable", "SUnreclaim", "VmallocUsed", "PageTables", "KernelStack",
	"Percpu", NULL,
};

const char *const kmb_ctr_slab_files[] = {
	/* geometry and population (CONFIG_SLUB_DEBUG for objects and slabs) */
	"object_size", "slab_size", "objs_per_slab", "order", "objects", "slabs", "aliases",
	/* CONFIG_SLUB_STATS */
	"alloc_fastpath", "alloc_slowpath", "free_fastpath", "free_slowpath", "free_frozen",
	"free_add_partial", "free_remove_partial", "alloc_from_partial", "alloc_slab",
	"alloc_refill", "alloc_node_mismatch", "free_slab", "cpuslab_flush", "deactivate_full",
	"deactivate_empty", "deactivate_to_head", "deactivate_to_tail",
	"deactivate_remote_frees", "deactivate_bypass", "order_fallback",
	"cpu_partial_alloc", "cpu_partial_free", "cpu_partial_node", "cpu_partial_drain",
	NULL,
};

static bool wanted(const char *const *keys, const char *k)
{
	for (size_t i = 0; keys[i]; i++)
		if (fnmatch(keys[i], k, 0) == 0)
			return true;
	return false;
}

static int parse_u64(const char *s, char **end, uint64_t *v)
{
	unsigned long long x;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	x = strtoull(s, end, 10);
	if (errno)
		return -1;
	*v = x;
	return 0;
}

/*
 * Lines of "key<sep>value[ kB]": @colon says the key ends at ':' (meminfo)
 * rather than at a blank (vmstat). A line that does not read is bad text.
 */
static json_t *parse_lines(const char *text, bool colon, const char *const *keys)
{
	json_t *o = json_object();

	while (o && *text) {
		const char *eol = strchr(text, '\n'), *p = text;
		char key[64], *end;
		size_t klen = 0;
		uint64_t v;

		if (!eol)
			eol = text + strlen(text);
		while (p < eol && *p != (colon ? ':' : ' ') && klen < sizeof(key) - 1)
			key[klen++] = *p++;
		key[klen] = '\0';
		if (eol == text)
			goto next;
		if (p >= eol || !klen)
			goto bad;
		p += colon;
		while (p < eol && *p == ' ')
			p++;
		if (parse_u64(p, &end, &v) || end > eol)
			goto bad;
		if (wanted(keys, key) && json_object_set_new(o, key, json_integer((json_int_t)v)))
			goto bad;
next:
		text = *eol ? eol + 1 : eol;
	}
	return o;
bad:
	json_decref(o);
	return NULL;
}

json_t *kmb_ctr_parse_vmstat(const char *text)
{
	return parse_lines(text, false, kmb_ctr_vmstat_keys);
}

json_t *kmb_ctr_parse_meminfo(const char *text)
{
	return parse_lines(text, true, kmb_ctr_meminfo_keys);
}

int kmb_ctr_first_number(const char *text, uint64_t *v)
{
	char *end;

	if (parse_u64(text, &end, v))
		return -1;
	return *end == '\0' || isspace((unsigned char)*end) ? 0 : -1;
}

/* "64", "96", "1k", "8k": a size class as sysfs names it. */
static int class_size(const char *s, uint64_t *size)
{
	char *end;

	if (parse_u64(s, &end, size) || !*size)
		return -1;
	if (*end == 'k' && end[1] == '\0') {
		*size *= 1024;
		return 0;
	}
	return *end == '\0' ? 0 : -1;
}

int kmb_ctr_kmalloc_class(const char *name, const char *type, uint64_t *size)
{
	const char *rest;

	if (!strcmp(type, "dma"))
		return strncmp(name, "dma-kmalloc-", 12) ? -1 : class_size(name + 12, size);
	if (strncmp(name, "kmalloc-", 8))
		return -1;
	rest = name + 8;
	if (!strcmp(type, "cg"))
		return strncmp(rest, "cg-", 3) ? -1 : class_size(rest + 3, size);
	if (*type)
		return -1;
	/* kmalloc-rnd-NN-<size>: the copies one call site is hashed onto */
	if (!strncmp(rest, "rnd-", 4)) {
		const char *dash = strchr(rest + 4, '-');

		return dash ? class_size(dash + 1, size) : -1;
	}
	return class_size(rest, size);
}
