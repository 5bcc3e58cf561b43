/* A minimal assertion harness for the unit tests: no framework needed. */
#ifndef KMB_CHECK_H
#define KMB_CHECK_H

#include <math.h>
#include <stdio.h>

extern int kmb_check_failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		kmb_check_failures++; \
	} \
} while (0)

#define CHECK_NEAR(a, b, tol) do { \
	double _a = (a), _b = (b); \
	if (!(fabs(_a - _b) <= (tol))) { \
		fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %.10g, expected %.10g (tol %g)\n", \
			__FILE__, __LINE__, #a, _a, _b, (double)(tol)); \
		kmb_check_failures++; \
	} \
} while (0)

/* Returns the process exit code: 0 when every check passed. */
int kmb_check_done(const char *name);

#endif
