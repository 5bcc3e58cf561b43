/*
 * A result on one screen: per API one line (sizes, median cost of its first
 * two phases at the smallest, a middle and the largest size, failures), the
 * limits, the cases skipped or failed, and where the full result is. What
 * 'kmembench run' prints at its end and 'kmembench summary' prints for a file.
 */
#ifndef KMB_SUMMARY_H
#define KMB_SUMMARY_H

#include <jansson.h>
#include <stdio.h>

#include "util.h"

/* @path: where the result was written (named on the last line). 0 or 3. */
int kmb_summary_print(FILE *f, json_t *root, const char *path, struct kmb_err *err);

#endif
