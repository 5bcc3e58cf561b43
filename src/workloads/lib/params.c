#include <string.h>

#include "wl_lib.h"

uint64_t kmb_param_uint(const struct kmb_bench_case *c, const char *key)
{
	json_t *v = json_object_get(c->params, key);

	return json_is_integer(v) && json_integer_value(v) > 0 ?
	       (uint64_t)json_integer_value(v) : 0;
}

const char *kmb_param_str(const struct kmb_bench_case *c, const char *key)
{
	const char *s = json_string_value(json_object_get(c->params, key));

	return s ? s : "";
}

bool kmb_param_is(const struct kmb_bench_case *c, const char *key, const char *value)
{
	return strcmp(kmb_param_str(c, key), value) == 0;
}
