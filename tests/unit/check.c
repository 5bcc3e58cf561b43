#include "check.h"

int kmb_check_failures;

int kmb_check_done(const char *name)
{
	if (kmb_check_failures) {
		fprintf(stderr, "%s: %d check(s) failed\n", name, kmb_check_failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}
