/* The result document ("schema": "kmembench/1"), see results/schema.json. */
#ifndef KMB_RESULT_H
#define KMB_RESULT_H

#include <jansson.h>

#include "kmembench.h"

#define KMB_RESULT_SCHEMA	"kmembench/1"

/* The tool object: version and git commit of this runner. */
json_t *kmb_tool_json(void);

/*
 * A new document with schema, tool, system and, when @info is not NULL,
 * limits and module; results[] empty, run filled by the caller.
 */
json_t *kmb_result_new(const struct kmb_info *info);

#endif
