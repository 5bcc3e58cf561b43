/* Case ids as the reports group them (case_id.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "case_id.h"

size_t kmb_id_api_len(const char *id)
{
	const char *slash = strchr(id, '/');

	if (slash)
		slash = strchr(slash + 1, '/');
	return slash ? (size_t)(slash - id) : strlen(id);
}

static bool dropped(const char *part, const char *const *drop)
{
	for (; *drop; drop++)
		if (strncmp(part, *drop, strlen(*drop)) == 0)
			return true;
	return false;
}

void kmb_id_without(const char *from, const char *const *drop, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (const char *p = from; *p;) {
		size_t n = strcspn(p, "/");

		if (!dropped(p, drop) && at + 1 < len)
			at += (size_t)snprintf(buf + at, len - at, "%s%.*s", at ? "/" : "", (int)n, p);
		if (at >= len)
			at = len - 1;
		p += n;
		if (*p)
			p++;
	}
}

void kmb_id_slug(const char *name, char *slug)
{
	size_t i;

	for (i = 0; name[i]; i++) {
		char ch = name[i];
		bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			     (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';

		slug[i] = plain ? ch : '-';
	}
	slug[i] = '\0';
}
