#include "names.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The ABI numbers are append-only: a row that moved would change these. */
_Static_assert(KMB_API_ALLOC_PAGES_NODE == 15 && KMB_API_NR >= 16,
	       "KMB_APIS rows are append-only");
_Static_assert(KMB_PATTERN_HOLD == 5, "KMB_PATTERNS rows are append-only");
_Static_assert(KMB_CTX_IRQ_OFF == 2 && KMB_CTX_NR >= 5, "KMB_CONTEXTS rows are append-only");
_Static_assert(KMB_GFP_BIT_HIGHUSER == 6 && KMB_GFP_BIT_NOWARN == 15,
	       "KMB_GFP_BITS rows are append-only");

#define API_ROW(ID, id, name_, family_, flags_, forbidden, patterns_)			\
	{ .name = name_, .api = KMB_API_##ID,						\
	  .size_kind = KMB_FAMILY_##family_ == KMB_FAMILY_PAGES &&			\
		       !((flags_) & KMB_APIF_BYTES) ? KMB_SIZE_ORDER : KMB_SIZE_BYTES,	\
	  .family = KMB_FAMILY_##family_, .flags = (flags_),				\
	  .gfp_forbidden = (forbidden), .patterns = (patterns_),			\
	  .alloc_phase = (flags_) & KMB_APIF_CREATE ? "create" : NULL,			\
	  .free_phase = (flags_) & KMB_APIF_CREATE ? "destroy" : NULL },

const struct kmb_api_name kmb_api_names[] = { KMB_APIS(API_ROW) };
const size_t kmb_api_names_count = COUNT(kmb_api_names);

#define GFP_ROW(name_, kernel_value) { #name_, KMB_GFP_BIT_##name_ },

const struct kmb_name kmb_gfp_names[] = { KMB_GFP_BITS(GFP_ROW) };
const size_t kmb_gfp_names_count = COUNT(kmb_gfp_names);

#define PATTERN_ROW(ID, run, name_, min_threads, holds_batch) { name_, KMB_PATTERN_##ID },

const struct kmb_name kmb_pattern_names[] = { KMB_PATTERNS(PATTERN_ROW) };
const size_t kmb_pattern_names_count = COUNT(kmb_pattern_names);

#define NAMED_ROW(ID, name_) name_,

const char *const kmb_verify_names[KMB_VERIFY_NR] = { KMB_VERIFY_PROPS(NAMED_ROW) };
const char *const kmb_zone_names[KMB_ZONE_NR] = { KMB_ZONES(NAMED_ROW) };

#define CTX_ROW(ID, name_) { name_, KMB_CTX_##ID },

const struct kmb_name kmb_ctx_names[] = { KMB_CONTEXTS(CTX_ROW) };
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
