/* The options compare and report share: one parser, one set of messages. */
#include <getopt.h>
#include <stdint.h>
#include <string.h>

#include "commands.h"
#include "compare.h"

int kmb_cmp_opts_parse(int c, const char *arg, const char *cmd, struct kmb_cmp_opts *o)
{
	uint64_t v;

	switch (c) {
	case 't':
		if (kmb_parse_double(arg, 0, 1000, true, &o->threshold))
			return kmb_usage_error(cmd, "--threshold '%s' is not a percentage from 0 "
					       "to 1000", arg);
		o->threshold /= 100;
		return 0;
	case 'a':
		if (kmb_parse_double(arg, 0, 1, false, &o->alpha) || o->alpha <= 0 ||
		    o->alpha >= 1)
			return kmb_usage_error(cmd, "--alpha '%s' is not a number between 0 and 1",
					       arg);
		return 0;
	case 'c':
		if (kmb_padjust_parse(arg, &o->correction))
			return kmb_usage_error(cmd, "--correction '%s' is not one of holm, bh, none",
					       arg);
		return 0;
	case 'B':
		if (kmb_parse_uint(arg, 1000000, &v) || v < 100)
			return kmb_usage_error(cmd, "--resamples '%s' is not a number from 100 to "
					       "1000000", arg);
		o->resamples = (unsigned int)v;
		return 0;
	case 'S':
		if (kmb_parse_uint(arg, INT64_MAX, &v))
			return kmb_usage_error(cmd, "--seed '%s' is not a number from 0 to %lld", arg,
					       (long long)INT64_MAX);
		o->seed = v;
		return 0;
	case 'P':
		o->allow_partial = true;
		return 0;
	case 'X':
		if (kmb_parse_uint(arg, 1000000, &v))
			return kmb_usage_error(cmd, "--exact-floor '%s' is not a whole number of "
					       "instructions", arg);
		o->exact_floor = (double)v;
		return 0;
	default:
		return 1;
	}
}
