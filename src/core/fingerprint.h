/*
 * The allocation-cost fingerprint, "system.fingerprint" of a result
 * document: the boot knobs and memory layout that change what an allocation
 * costs, so that compare can warn when base and new differ in one.
 *
 * Each item is { "value", "source", "cmdline" }:
 *   value    the effective setting, from the first place that has it: what
 *            the running kernel exposes (sysfs, /proc, its boot log), else
 *            the kernel command line, else the kernel config's default;
 *            null when none of them is here (a file that does not exist is
 *            recorded as absent, never an error)
 *   source   where value came from (a path, "cmdline", "config OPTION"), or
 *            null with value
 *   cmdline  the item's word on /proc/cmdline ("init_on_alloc=0"), null when
 *            the command line is silent; only for items the command line sets
 * The items are the rows of one table in fingerprint.c; the readers of what
 * the kernel exposes are in fingerprint_read.c.
 */
#ifndef KMB_FINGERPRINT_H
#define KMB_FINGERPRINT_H

#include <jansson.h>
#include <stddef.h>

/*
 * The "fingerprint" object. @root prefixes every path read ("" for this
 * system, a fixture tree in tests). @config is the document's
 * "system.config" (or NULL), @config_source its "config_source" ("module",
 * "boot-config" or NULL): the defaults the command line can override.
 */
json_t *kmb_fingerprint_json(const char *root, const json_t *config, const char *config_source);

/*
 * @fp (a "fingerprint" object) in one line at most @len long: "name value"
 * per item, "; " between them, objects member by member ("zones node0 (DMA
 * 3840, DMA32 243680)"), "absent" for null. Empty when @fp is not an object.
 */
void kmb_fingerprint_text(const json_t *fp, char *buf, size_t len);

/*
 * The readers of what the kernel exposes (fingerprint_read.c). Each reads
 * the file (or folder) @arg names under @root and returns the value, or NULL
 * when it is absent or unreadable; @source (of @len) is set to where the
 * value came from.
 */
typedef json_t *kmb_fp_reader(const char *root, const char *arg, char *source, size_t len);

/* A file holding one integer (/proc/sys/vm/overcommit_memory). */
kmb_fp_reader kmb_fp_read_integer;
/* A sysfs choice file, "always [madvise] never": the bracketed word. */
kmb_fp_reader kmb_fp_read_choice;
/* A /proc/meminfo line "@arg: N kB", in bytes. */
kmb_fp_reader kmb_fp_read_meminfo;
/*
 * The kernel log's (/dev/kmsg) "mem auto-init: stack:..., heap alloc:on,
 * heap free:off" line, the value after "@arg:" ("heap alloc"): "on"/"off".
 */
kmb_fp_reader kmb_fp_read_meminit_log;
/*
 * SLUB's debug flags of the cache folder @arg under /sys/kernel/slab: the
 * names of those set ("sanity_checks, red_zone, poison"),
 * or "off".
 */
kmb_fp_reader kmb_fp_read_slab_debug;
/*
 * /sys/devices/system/cpu/vulnerabilities: { name: status } for each
 * vulnerability the CPU is affected by (status not "Not affected").
 */
kmb_fp_reader kmb_fp_read_vulnerabilities;
/*
 * /proc/zoneinfo: { "node0": { "DMA": managed pages, "DMA32": .. }, .. },
 * the zones holding managed pages (an empty zone serves no allocation).
 */
kmb_fp_reader kmb_fp_read_zones;

#endif
