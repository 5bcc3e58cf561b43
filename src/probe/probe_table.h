/* The short human summary `kmembench probe` prints after writing its JSON. */
#ifndef KMB_PROBE_TABLE_H
#define KMB_PROBE_TABLE_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

/* "4 MiB", "96 B", "753.2 MiB": binary units, exact where they can be. */
void kmb_probe_fmt_bytes(uint64_t v, char *buf, size_t len);

/* Prints the probes of a probe document @doc as a table to @f. */
void kmb_probe_table(json_t *doc, FILE *f);

#endif
