/* What both exports share: reading a result document, and dropping nulls. */
#include <string.h>

#include "export.h"

json_t *kmb_json_without_nulls(const json_t *v)
{
	json_t *out, *x;
	const char *key;
	size_t i;

	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach((json_t *)v, key, x) {
			if (json_is_null(x))
				continue;
			if (!out || json_object_set_new(out, key, kmb_json_without_nulls(x))) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x) {
			if (json_is_null(x))
				continue;
			if (!out || json_array_append_new(out, kmb_json_without_nulls(x))) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	return json_deep_copy(v);
}

const char *kmb_json_str(const json_t *obj, const char *key, const char *fallback)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s && *s ? s : fallback;
}

const char *kmb_doc_release(json_t *doc)
{
	return kmb_json_str(json_object_get(json_object_get(doc, "system"), "kernel"), "release",
			    "unknown");
}
