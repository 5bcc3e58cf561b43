/*
 * Reading a case id ("kernel/kmalloc/size=64/gfp=KERNEL/...") as the reports
 * group it: its API (the first two components), the rest without some
 * parameters, and a file-name-safe slug.
 */
#ifndef KMB_CASE_ID_H
#define KMB_CASE_ID_H

#include <stddef.h>

/* Length of the API part of @id: its first two components. */
size_t kmb_id_api_len(const char *id);

/*
 * @from (a case id or a part of one) without the components that start with
 * any of the NULL-ended @drop prefixes, '/'-joined into @buf, truncated.
 */
void kmb_id_without(const char *from, const char *const *drop, char *buf, size_t len);

/* @name with every character but [A-Za-z0-9_-] turned into '-'; @slug holds
 * at least strlen(@name) + 1 bytes. */
void kmb_id_slug(const char *name, char *slug);

#endif
