/* The single-run report's charts in the making (single_chart.h). */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "gp.h"
#include "single_chart.h"

const char *const kmb_rr_colours[KMB_RR_NCOLOURS] = { "#1f77b4", "#e6550d", "#2ca02c",
						      "#9467bd", "#8c564b", "#d62728",
						      "#17becf", "#7f7f7f" };

int kmb_rr_chart_open(struct kmb_rr_chart *c, struct kmb_err *err)
{
	memset(c, 0, sizeof(*c));
	c->df = open_memstream(&c->data, &c->data_len);
	c->bf = open_memstream(&c->body, &c->body_len);
	if (!c->df || !c->bf) {
		if (c->df)
			fclose(c->df);
		if (c->bf)
			fclose(c->bf);
		free(c->data);
		free(c->body);
		return kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	}
	return 0;
}

/* Draws it (when @draw) and frees it. */
int kmb_rr_chart_close(struct kmb_rr_chart *c, bool draw, const char *dir, const char *slug,
		       const char *kind, int width, int height, struct kmb_err *err)
{
	int ret = fclose(c->df) | fclose(c->bf);

	if (ret)
		ret = kmb_fail(err, KMB_EXIT_ENV, "out of memory");
	else if (draw)
		ret = kmb_gp_chart(dir, slug, kind, c->data, c->data_len, c->body, width, height,
				   err);
	free(c->data);
	free(c->body);
	return ret;
}

const char *kmb_rr_unit_word(const char *unit)
{
	return unit && kmb_unit_is_count(unit) ? "instructions" : "ns";
}

