#include <stdarg.h>
#include <stdio.h>

#include "commands.h"

int kmb_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kmembench %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see 'kmembench %s --help'\n", cmd);
	return 2;
}
