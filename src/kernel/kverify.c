/*
 * Verify mode's answer as the result document and the terminal show it.
 * The property and zone names come from the rows of kmembench_tables.h.
 */
#include <stdint.h>

#include "kverify.h"
#include "names.h"

static json_t *named_bits(uint32_t bits, const char *const *names, unsigned int n)
{
	json_t *a = json_array();

	for (unsigned int i = 0; i < n; i++)
		if (bits & (1u << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

json_t *kmb_kverify_json(const struct kmb_run *run)
{
	return json_pack("{s:o, s:o, s:I, s:I, s:o, s:s}",
			 "checked", named_bits(run->verify_checked, kmb_verify_names,
					       KMB_VERIFY_NR),
			 "failed", named_bits(run->verify_failed, kmb_verify_names,
					      KMB_VERIFY_NR),
			 "objects", (json_int_t)run->verify_objects,
			 "scattered", (json_int_t)run->verify_scattered,
			 "zones", named_bits(run->verify_zones, kmb_zone_names, KMB_ZONE_NR),
			 "what", "objects allocated one at a time with the case's API, size and "
				 "flags before it was timed, and checked: zeroed (kzalloc, kcalloc, "
				 "vzalloc, get_zeroed_page, __GFP_ZERO), keeps-contents (krealloc "
				 "grown and shrunk), contiguous (kmalloc and page memory: physically "
				 "consecutive frames, one slab), aligned, zone (every page from a "
				 "zone the flags allow); scattered: objects whose pages were not "
				 "physically consecutive (vmalloc; not a failure); zones: where "
				 "their pages came from");
}

unsigned int kmb_kverify_report(FILE *f, const char *id, const struct kmb_run *run)
{
	unsigned int broken = 0;

	for (unsigned int i = 0; i < KMB_VERIFY_NR; i++) {
		if (!(run->verify_failed & (1u << i)))
			continue;
		fprintf(f, "kmembench: %s: verify failed: %s does not hold (%u object%s checked)\n",
			id, kmb_verify_names[i], run->verify_objects,
			run->verify_objects == 1 ? "" : "s");
		broken++;
	}
	return broken;
}
