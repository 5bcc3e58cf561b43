/* Numbers as the report's documents print them. */
#include <math.h>
#include <stdio.h>

#include "report.h"

void kmb_rpt_fmt_ns(double ns, char *buf, size_t len)
{
	if (!isfinite(ns))
		snprintf(buf, len, "n/a");
	else if (ns < 1e3)
		snprintf(buf, len, "%.1f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.2f us", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", ns / 1e9);
}

void kmb_rpt_fmt_change(double ratio, char *buf, size_t len)
{
	if (isfinite(ratio))
		snprintf(buf, len, "%+.1f%%", (ratio - 1) * 100);
	else
		snprintf(buf, len, "n/a");
}
