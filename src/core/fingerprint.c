/*
 * The allocation-cost fingerprint (fingerprint.h): one row per item, and
 * the command line and config defaults each row may fall back on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"
#include "util.h"

/* How an item's command-line word stands for its value. */
enum fp_cmdline {
	FP_CMDLINE_NONE,	/* no command-line word sets it */
	FP_CMDLINE_RECORDED,	/* recorded, but not the value's form (mitigations=off) */
	FP_CMDLINE_ONOFF,	/* a kstrtobool setting: "on" or "off" */
	FP_CMDLINE_INTEGER,
	FP_CMDLINE_TEXT,
};

/*
 * The items. Each: its name; what the kernel exposes (@read on @arg); the
 * command-line keys that set it (the last one given wins, as in the
 * kernel) and how their value stands for it; the CONFIG_ option (on/off)
 * that is its default when the command line is silent.
 */
static const struct fp_item {
	const char *name;
	kmb_fp_reader *read;
	const char *arg;
	const char *cmdline[3];
	enum fp_cmdline cmdline_as;
	const char *config;
} kmb_fp_items[] = {
	{ "init_on_alloc", kmb_fp_read_meminit_log, "heap alloc", { "init_on_alloc" },
	  FP_CMDLINE_ONOFF, "INIT_ON_ALLOC_DEFAULT_ON" },
	{ "init_on_free", kmb_fp_read_meminit_log, "heap free", { "init_on_free" },
	  FP_CMDLINE_ONOFF, "INIT_ON_FREE_DEFAULT_ON" },
	{ "slub_debug", kmb_fp_read_slab_debug, "kmalloc-64", { "slub_debug", "slab_debug" },
	  FP_CMDLINE_RECORDED, NULL },
	{ "kfence.sample_interval", kmb_fp_read_integer,
	  "/sys/module/kfence/parameters/sample_interval", { "kfence.sample_interval" },
	  FP_CMDLINE_INTEGER, NULL },
	{ "mitigations", kmb_fp_read_vulnerabilities, "/sys/devices/system/cpu/vulnerabilities",
	  { "mitigations" }, FP_CMDLINE_RECORDED, NULL },
	{ "transparent_hugepage", kmb_fp_read_choice,
	  "/sys/kernel/mm/transparent_hugepage/enabled", { "transparent_hugepage" },
	  FP_CMDLINE_TEXT, NULL },
	{ "vm.overcommit_memory", kmb_fp_read_integer, "/proc/sys/vm/overcommit_memory",
	  { "sysctl.vm.overcommit_memory" }, FP_CMDLINE_INTEGER, NULL },
	{ "swap_total", kmb_fp_read_meminfo, "SwapTotal", { NULL }, FP_CMDLINE_NONE, NULL },
	{ "cma_total", kmb_fp_read_meminfo, "CmaTotal", { "cma" }, FP_CMDLINE_RECORDED, NULL },
	{ "zones", kmb_fp_read_zones, "/proc/zoneinfo", { NULL }, FP_CMDLINE_NONE, NULL },
};

/*
 * The last word of @cmdline that is one of @keys, bare or "key=value":
 * copied to @word, and its value (after '=', or "" when bare) returned.
 */
static const char *cmdline_word(const char *cmdline, const char *const *keys, char *word,
				size_t len)
{
	const char *value = NULL;

	for (const char *p = cmdline; *p;) {
		size_t n = strcspn(p, " \t\n");

		for (const char *const *k = keys; *k; k++) {
			size_t klen = strlen(*k);

			if (n >= klen && strncmp(p, *k, klen) == 0 &&
			    (n == klen || p[klen] == '=')) {
				snprintf(word, len, "%.*s", (int)n, p);
				value = word + klen + (n > klen);
			}
		}
		p += n;
		p += strspn(p, " \t\n");
	}
	return value;
}

/* The kernel's kstrtobool: y/Y/1/on true, n/N/0/off false; NULL otherwise. */
static const char *onoff(const char *s)
{
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		return "on";
	case 'n': case 'N': case '0':
		return "off";
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N')
			return "on";
		if (s[1] == 'f' || s[1] == 'F')
			return "off";
		return NULL;
	default:
		return NULL;
	}
}

/* The command-line @value as the item's value; NULL when it cannot be one. */
static json_t *cmdline_value(enum fp_cmdline as, const char *value)
{
	const char *b;
	char *end;
	long long v;

	switch (as) {
	case FP_CMDLINE_ONOFF:
		return (b = onoff(value)) ? json_string(b) : NULL;
	case FP_CMDLINE_INTEGER:
		v = strtoll(value, &end, 0);
		return end != value && !*end ? json_integer(v) : NULL;
	case FP_CMDLINE_TEXT:
		return json_string(value);
	case FP_CMDLINE_NONE:
	case FP_CMDLINE_RECORDED:
		return NULL;
	}
	return NULL;
}

static json_t *item_json(const struct fp_item *it, const char *root, const char *cmdline,
			 const json_t *config, const char *config_source)
{
	char source[512] = "", word[256];
	const char *given = NULL;
	json_t *value, *o, *opt;

	if (it->cmdline_as != FP_CMDLINE_NONE && cmdline)
		given = cmdline_word(cmdline, it->cmdline, word, sizeof(word));
	value = it->read(root, it->arg, source, sizeof(source));
	if (!value && given && (value = cmdline_value(it->cmdline_as, given)))
		snprintf(source, sizeof(source), "cmdline");
	if (!value && it->config && (opt = json_object_get(config, it->config)) &&
	    json_is_boolean(opt)) {
		value = json_string(json_is_true(opt) ? "on" : "off");
		snprintf(source, sizeof(source), "config %s (%s)", it->config,
			 config_source ? config_source : "unknown");
	}
	o = json_object();
	json_object_set_new(o, "value", value ? value : json_null());
	json_object_set_new(o, "source", value ? json_string(source) : json_null());
	if (it->cmdline_as != FP_CMDLINE_NONE)
		json_object_set_new(o, "cmdline", given ? json_string(word) : json_null());
	return o;
}

json_t *kmb_fingerprint_json(const char *root, const json_t *config, const char *config_source)
{
	char path[4096], cmdline[4096];
	const char *have = cmdline;
	json_t *fp = json_object();

	snprintf(path, sizeof(path), "%s/proc/cmdline", root);
	if (kmb_read_text(path, cmdline, sizeof(cmdline)))
		have = NULL;
	for (size_t i = 0; i < sizeof(kmb_fp_items) / sizeof(kmb_fp_items[0]); i++)
		json_object_set_new(fp, kmb_fp_items[i].name,
				    item_json(&kmb_fp_items[i], root, have, config, config_source));
	return fp;
}
