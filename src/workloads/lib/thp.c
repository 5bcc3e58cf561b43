#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "wl_lib.h"

#define KMB_THP_DIR "/sys/kernel/mm/transparent_hugepage"

const char *const kmb_thp_advice_names[] = { "nohuge", "huge", "system", NULL };

enum kmb_thp_advice kmb_thp_advice_of(const struct kmb_bench_case *c)
{
	for (int i = 0; kmb_thp_advice_names[i]; i++)
		if (kmb_param_is(c, "thp", kmb_thp_advice_names[i]))
			return (enum kmb_thp_advice)i;
	return KMB_THP_SYSTEM;
}

/* The selected word of a sysfs choice file: "always [madvise] never". */
static int thp_choice(const char *file, char *out, size_t len)
{
	char path[256], buf[256], *l, *r;

	snprintf(path, sizeof(path), "%s/%s", KMB_THP_DIR, file);
	if (kmb_read_text(path, buf, sizeof(buf)))
		return -1;
	l = strchr(buf, '[');
	r = l ? strchr(l, ']') : NULL;
	if (r)
		*r = '\0';
	/* A file without brackets holds just the value. */
	return snprintf(out, len, "%s", l && r ? l + 1 : buf) < (int)len ? 0 : -1;
}

static uint64_t pmd_size(void)
{
	char buf[64];
	uint64_t v;

	if (kmb_read_text(KMB_THP_DIR "/hpage_pmd_size", buf, sizeof(buf)) ||
	    kmb_parse_uint(buf, UINT64_MAX, &v))
		return 0;
	return v;
}

size_t kmb_thp_align(enum kmb_thp_advice advice)
{
	uint64_t pmd = pmd_size();

	/* Base-page ranges are aligned too, so that only the advice differs. */
	(void)advice;
	return pmd && pmd <= (1u << 30) ? (size_t)pmd : kmb_page_size();
}

int kmb_thp_apply(void *p, size_t size, enum kmb_thp_advice advice)
{
	switch (advice) {
	case KMB_THP_HUGE:
		return madvise(p, size, MADV_HUGEPAGE);
	case KMB_THP_NOHUGE:
		/* Without THP support in the kernel, base pages are what we have. */
		if (madvise(p, size, MADV_NOHUGEPAGE) && errno != EINVAL)
			return -1;
		return 0;
	case KMB_THP_SYSTEM:
		break;
	}
	return 0;
}

bool kmb_thp_usable(enum kmb_thp_advice advice, char *why, size_t len)
{
	char enabled[64];

	if (advice != KMB_THP_HUGE)
		return true;
	if (thp_choice("enabled", enabled, sizeof(enabled))) {
		snprintf(why, len, "transparent hugepages are not available: %s/enabled is "
			 "missing (kernel without CONFIG_TRANSPARENT_HUGEPAGE)", KMB_THP_DIR);
		return false;
	}
	if (strcmp(enabled, "never") == 0) {
		snprintf(why, len, "transparent hugepages are disabled: %s/enabled is "
			 "\"never\"", KMB_THP_DIR);
		return false;
	}
	return true;
}

json_t *kmb_thp_json(void)
{
	static const char *const files[] = { "enabled", "defrag", "shmem_enabled", NULL };
	json_t *o;
	char buf[64];

	if (thp_choice("enabled", buf, sizeof(buf)))
		return json_null();
	o = json_object();
	for (size_t i = 0; files[i]; i++)
		if (thp_choice(files[i], buf, sizeof(buf)) == 0)
			json_object_set_new(o, files[i], json_string(buf));
	if (kmb_read_text(KMB_THP_DIR "/use_zero_page", buf, sizeof(buf)) == 0)
		json_object_set_new(o, "use_zero_page", json_string(buf));
	if (kmb_read_text(KMB_THP_DIR "/khugepaged/defrag", buf, sizeof(buf)) == 0)
		json_object_set_new(o, "khugepaged_defrag", json_string(buf));
	json_object_set_new(o, "hpage_pmd_size", json_integer((json_int_t)pmd_size()));
	return o;
}

int64_t kmb_anon_huge_bytes(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	bool inside = false;
	int64_t kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		uintptr_t lo, hi;
		long long v;

		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			inside = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
			continue;
		}
		if (inside && sscanf(line, "AnonHugePages: %lld kB", &v) == 1) {
			kb = v;
			break;
		}
	}
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}
