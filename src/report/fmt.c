/* Numbers as the report's documents print them. */
#include <math.h>
#include <stdio.h>

#include "report.h"

void kmb_rpt_fmt_change(double ratio, char *buf, size_t len)
{
	if (isfinite(ratio))
		snprintf(buf, len, "%+.1f%%", (ratio - 1) * 100);
	else
		snprintf(buf, len, "n/a");
}
