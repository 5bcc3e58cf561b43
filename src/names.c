#include "names.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define PAT(p)		(1u << KMB_PATTERN_##p)
/* A fixed object size (caches) or a page order leaves nothing to draw. */
#define PATS_FIXED	(((1u << KMB_PATTERN_NR) - 1) & ~PAT(RANDOM_SIZE))
#define NO_HIGH		(KMB_GFP(HIGHUSER) | KMB_GFP(HIGHMEM))
#define BYTES(fam)	.size_kind = KMB_SIZE_BYTES, .family = KMB_FAM_##fam
#define ORDERS		.size_kind = KMB_SIZE_ORDER, .family = KMB_FAM_PAGES, \
			.patterns = PATS_FIXED

const struct kmb_api_name kmb_api_names[] = {
	{ "kmalloc", KMB_API_KMALLOC, BYTES(SLAB) },
	{ "kzalloc", KMB_API_KZALLOC, BYTES(SLAB) },
	{ "kcalloc", KMB_API_KCALLOC, BYTES(SLAB) },
	{ "krealloc", KMB_API_KREALLOC, BYTES(SLAB), .flags = KMB_APIF_RESIZE,
	  .patterns = PAT(PAIR) | PAT(HOLD) },
	{ "kvmalloc", KMB_API_KVMALLOC, BYTES(VMALLOC) },
	{ "vmalloc", KMB_API_VMALLOC, BYTES(VMALLOC),
	  .flags = KMB_APIF_SLEEPS | KMB_APIF_NO_GFP },
	{ "vzalloc", KMB_API_VZALLOC, BYTES(VMALLOC),
	  .flags = KMB_APIF_SLEEPS | KMB_APIF_NO_GFP },
	{ "__vmalloc", KMB_API_VMALLOC_GFP, BYTES(VMALLOC), .flags = KMB_APIF_SLEEPS },
	{ "__get_free_pages", KMB_API_GET_FREE_PAGES, ORDERS, .gfp_forbidden = NO_HIGH },
	{ "get_zeroed_page", KMB_API_GET_ZEROED_PAGE, ORDERS, .flags = KMB_APIF_ORDER0,
	  .gfp_forbidden = NO_HIGH },
	{ "alloc_pages", KMB_API_ALLOC_PAGES, ORDERS },
	{ "kmem_cache", KMB_API_KMEM_CACHE, BYTES(SLAB), .gfp_forbidden = KMB_GFP(DMA),
	  .patterns = PATS_FIXED },
	{ "kmem_cache_bulk", KMB_API_KMEM_CACHE_BULK, BYTES(SLAB),
	  .flags = KMB_APIF_BULK | KMB_APIF_NO_IRQ_OFF, .gfp_forbidden = KMB_GFP(DMA),
	  .patterns = PAT(PAIR) },
	{ "kmem_cache_create", KMB_API_KMEM_CACHE_CREATE, BYTES(SLAB),
	  .flags = KMB_APIF_SLEEPS | KMB_APIF_NO_GFP, .patterns = PAT(PAIR),
	  .alloc_phase = "create", .free_phase = "destroy" },
	{ "kmalloc_node", KMB_API_KMALLOC_NODE, BYTES(SLAB), .flags = KMB_APIF_NODE },
	{ "alloc_pages_node", KMB_API_ALLOC_PAGES_NODE, ORDERS, .flags = KMB_APIF_NODE },
};
const size_t kmb_api_names_count = COUNT(kmb_api_names);

const struct kmb_name kmb_gfp_names[] = {
	{ "KERNEL", KMB_GFP_BIT_KERNEL },
	{ "ATOMIC", KMB_GFP_BIT_ATOMIC },
	{ "NOWAIT", KMB_GFP_BIT_NOWAIT },
	{ "NOIO", KMB_GFP_BIT_NOIO },
	{ "NOFS", KMB_GFP_BIT_NOFS },
	{ "USER", KMB_GFP_BIT_USER },
	{ "HIGHUSER", KMB_GFP_BIT_HIGHUSER },
	{ "DMA", KMB_GFP_BIT_DMA },
	{ "DMA32", KMB_GFP_BIT_DMA32 },
	{ "HIGHMEM", KMB_GFP_BIT_HIGHMEM },
	{ "ZERO", KMB_GFP_BIT_ZERO },
	{ "ACCOUNT", KMB_GFP_BIT_ACCOUNT },
	{ "NORETRY", KMB_GFP_BIT_NORETRY },
	{ "RETRY_MAYFAIL", KMB_GFP_BIT_RETRY_MAYFAIL },
	{ "COMP", KMB_GFP_BIT_COMP },
	{ "NOWARN", KMB_GFP_BIT_NOWARN },
};
const size_t kmb_gfp_names_count = COUNT(kmb_gfp_names);

const struct kmb_name kmb_pattern_names[] = {
	{ "pair", KMB_PATTERN_PAIR },
	{ "batch", KMB_PATTERN_BATCH },
	{ "random-free", KMB_PATTERN_RANDOM_FREE },
	{ "remote-free", KMB_PATTERN_REMOTE_FREE },
	{ "random-size", KMB_PATTERN_RANDOM_SIZE },
	{ "hold", KMB_PATTERN_HOLD },
};
const size_t kmb_pattern_names_count = COUNT(kmb_pattern_names);

const struct kmb_name kmb_ctx_names[] = {
	{ "process", KMB_CTX_PROCESS },
	{ "preempt-off", KMB_CTX_PREEMPT_OFF },
	{ "irq-off", KMB_CTX_IRQ_OFF },
};
const size_t kmb_ctx_names_count = COUNT(kmb_ctx_names);

const struct kmb_api_name *kmb_api_by_name(const char *name)
{
	for (size_t i = 0; i < kmb_api_names_count; i++)
		if (strcmp(kmb_api_names[i].name, name) == 0)
			return &kmb_api_names[i];
	return NULL;
}

const struct kmb_api_name *kmb_api_by_value(unsigned int api)
{
	for (size_t i = 0; i < kmb_api_names_count; i++)
		if (kmb_api_names[i].api == api)
			return &kmb_api_names[i];
	return NULL;
}

int kmb_name_lookup(const struct kmb_name *table, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(table[i].name, name) == 0)
			return (int)table[i].value;
	return -1;
}

const char *kmb_name_of(const struct kmb_name *table, size_t count, unsigned int value)
{
	for (size_t i = 0; i < count; i++)
		if (table[i].value == value)
			return table[i].name;
	return "?";
}

int kmb_gfp_parse(const char *s, uint64_t *out, char *bad, size_t badlen)
{
	uint64_t bits = 0;
	const char *p = s;

	if (!*s) {
		snprintf(bad, badlen, "%s", "(empty)");
		return -1;
	}
	while (*p) {
		size_t len = strcspn(p, "+|");
		char word[32];
		int bit;

		if (len == 0 || len >= sizeof(word)) {
			snprintf(bad, badlen, "%.*s", (int)(len ? len : 1), p);
			return -1;
		}
		memcpy(word, p, len);
		word[len] = '\0';
		/* Accept the kernel's spellings too: GFP_KERNEL, __GFP_ZERO. */
		const char *w = word;

		if (strncmp(w, "__GFP_", 6) == 0)
			w += 6;
		else if (strncmp(w, "GFP_", 4) == 0)
			w += 4;
		bit = kmb_name_lookup(kmb_gfp_names, kmb_gfp_names_count, w);
		if (bit < 0) {
			snprintf(bad, badlen, "%s", word);
			return -1;
		}
		bits |= 1ULL << bit;
		p += len;
		if (*p)
			p++;
	}
	*out = bits;
	return 0;
}

void kmb_gfp_format(uint64_t bits, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < kmb_gfp_names_count; i++) {
		if (!(bits & (1ULL << kmb_gfp_names[i].value)))
			continue;
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s",
				 used ? "+" : "", kmb_gfp_names[i].name);
	}
}

void kmb_names_list(const struct kmb_name *table, size_t count, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < count; i++)
		kmb_list_append(buf, len, table[i].name);
}
