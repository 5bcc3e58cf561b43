/*
 * The allocation-cost fingerprint (fingerprint.h) in one line for people,
 * for the reports.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fingerprint.h"

/* Appends @a, then @b, to @buf (truncating, never overflowing). */
static void put(char *buf, size_t len, const char *a, const char *b)
{
	size_t used = strnlen(buf, len);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s", a, b);
}

/*
 * @v after what @buf holds: a scalar as it is; an object member by member,
 * "name N" for numbers, "name (..)" for objects and the bare name for
 * strings (a vulnerability's status is too long for a line).
 */
static void value_text(const json_t *v, char *buf, size_t len)
{
	const char *key;
	json_t *m;
	bool first = true;

	if (json_is_string(v)) {
		put(buf, len, json_string_value(v), "");
	} else if (json_is_integer(v)) {
		char n[32];

		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(v));
		put(buf, len, n, "");
	} else if (json_is_object(v)) {
		if (!json_object_size(v))
			put(buf, len, "none", "");
		json_object_foreach((json_t *)v, key, m) {
			put(buf, len, first ? "" : ", ", key);
			first = false;
			if (json_is_object(m)) {
				put(buf, len, " (", "");
				value_text(m, buf, len);
				put(buf, len, ")", "");
			} else if (!json_is_string(m)) {
				put(buf, len, " ", "");
				value_text(m, buf, len);
			}
		}
	} else {
		put(buf, len, json_is_null(v) || !v ? "absent" : "?", "");
	}
}

void kmb_fingerprint_text(const json_t *fp, char *buf, size_t len)
{
	const char *key;
	json_t *item;
	bool first = true;

	if (!len)
		return;
	buf[0] = '\0';
	json_object_foreach((json_t *)fp, key, item) {
		put(buf, len, first ? "" : "; ", key);
		put(buf, len, " ", "");
		first = false;
		value_text(json_object_get(item, "value"), buf, len);
	}
}
