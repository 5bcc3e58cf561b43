/*
 * /proc/buddyinfo as JSON, for the fragmentation variant of `kmembench
 * probe`: free blocks per order and zone before, during and after the hold.
 */
#ifndef KMB_PROBE_BUDDY_H
#define KMB_PROBE_BUDDY_H

#include <jansson.h>

/*
 * Parses buddyinfo text ("Node 0, zone   Normal   12 5 ...") into
 * {"zones": [{"node", "zone", "free": [per order]}], "free_by_order": [sum
 * over zones], "largest_free_order": the highest order with a free block or
 * -1}. Lines that do not parse are skipped. Never NULL.
 */
json_t *kmb_buddyinfo_parse(const char *text);

/* Reads and parses @path (/proc/buddyinfo); JSON null when unreadable. */
json_t *kmb_buddyinfo_read(const char *path);

#endif
