#include "clock.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct kmb_clock_def clocks[KMB_NCLOCKS] = {
	[KMB_CLOCK_TIME] = {
		"time", "ns",
		"the ordered cycle counter converted to ns; user workloads: CLOCK_MONOTONIC",
	},
	[KMB_CLOCK_INSTRUCTIONS] = {
		"instructions", "insn",
		"QEMU TCG with -icount shift=0,sleep=off: the guest cycle counter advances one "
		"tick per executed guest instruction; counts code paths, not cache or TLB "
		"misses, lock contention or memory bandwidth",
	},
};

const struct kmb_clock_def *kmb_clock_def(enum kmb_clock c)
{
	return &clocks[(unsigned int)c < KMB_NCLOCKS ? c : KMB_CLOCK_TIME];
}

int kmb_clock_by_name(const char *name)
{
	for (int i = 0; i < KMB_NCLOCKS; i++)
		if (name && strcmp(name, clocks[i].name) == 0)
			return i;
	return -1;
}

const char *kmb_clock_choices(void)
{
	static char buf[64];

	if (!buf[0])
		for (int i = 0; i < KMB_NCLOCKS; i++)
			kmb_list_append(buf, sizeof(buf), clocks[i].name);
	return buf;
}

enum kmb_clock kmb_clock_current(void)
{
	static int cached = -1;
	char cmdline[4096], name[32];
	const char *p;
	int c;

	if (cached >= 0)
		return (enum kmb_clock)cached;
	cached = KMB_CLOCK_TIME;
	if (kmb_read_text("/proc/cmdline", cmdline, sizeof(cmdline)) == 0 &&
	    (p = strstr(cmdline, "kmembench_clock=")) != NULL) {
		p += strlen("kmembench_clock=");
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(p, " \t\n"), p);
		c = kmb_clock_by_name(name);
		if (c >= 0)
			cached = c;
	}
	return (enum kmb_clock)cached;
}

int kmb_doc_clock(const json_t *doc, const char *path, enum kmb_clock *out,
		  struct kmb_err *err)
{
	const json_t *v = json_object_get(doc, "clock");
	int c;

	*out = KMB_CLOCK_TIME;
	if (!v)
		return 0;
	c = kmb_clock_by_name(json_string_value(v));
	if (c < 0)
		return kmb_fail(err, KMB_EXIT_USAGE, "%s: field 'clock' must be one of %s",
				path, kmb_clock_choices());
	*out = (enum kmb_clock)c;
	return 0;
}

int kmb_clock_same(enum kmb_clock a, const char *path_a, enum kmb_clock b,
		   const char *path_b, const char *verb, struct kmb_err *err)
{
	if (a == b)
		return 0;
	return kmb_fail(err, KMB_EXIT_USAGE,
			"cannot %s %s (clock '%s', in %s) with %s (clock '%s', in %s): "
			"documents of different clocks measure different things",
			verb, path_a, kmb_clock_def(a)->name, kmb_clock_def(a)->unit, path_b,
			kmb_clock_def(b)->name, kmb_clock_def(b)->unit);
}

void kmb_fmt_measure(double v, const char *unit, const char *sep, char *buf, size_t len)
{
	/* "ns/page" prints as "12.3 us/page": the scale applies to the base unit. */
	const char *per = unit && strchr(unit, '/') ? strchr(unit, '/') : "";

	if (!isfinite(v))
		snprintf(buf, len, "n/a");
	else if (kmb_unit_is_count(unit) && v < 1e4)
		snprintf(buf, len, "%.0f%sinsn%s", v, sep, per);
	else if (kmb_unit_is_count(unit))
		snprintf(buf, len, "%.1f%s%sinsn%s", v < 1e7 ? v / 1e3 : v / 1e6, v < 1e7 ? "k" : "M",
			 sep, per);
	else if (v < 1e3)
		snprintf(buf, len, "%.1f%sns%s", v, sep, per);
	else if (v < 1e6)
		snprintf(buf, len, "%.2f%sus%s", v / 1e3, sep, per);
	else if (v < 1e9)
		snprintf(buf, len, "%.2f%sms%s", v / 1e6, sep, per);
	else
		snprintf(buf, len, "%.2f%ss%s", v / 1e9, sep, per);
}

int kmb_unit_is_count(const char *unit)
{
	size_t n = strlen(clocks[KMB_CLOCK_INSTRUCTIONS].unit);

	return unit && strncmp(unit, clocks[KMB_CLOCK_INSTRUCTIONS].unit, n) == 0 &&
	       (unit[n] == '\0' || unit[n] == '/');
}

const char *kmb_clock_unit(const char *unit)
{
	/* The few units the workloads use ("ns", "ns/page"), interned. */
	static char derived[8][32];
	static size_t nderived;
	const char *clk = kmb_clock_def(kmb_clock_current())->unit;
	char want[32];

	if (strncmp(unit, "ns", 2) != 0 || (unit[2] != '\0' && unit[2] != '/') ||
	    kmb_clock_current() == KMB_CLOCK_TIME)
		return unit;
	snprintf(want, sizeof(want), "%s%s", clk, unit + 2);
	for (size_t i = 0; i < nderived; i++)
		if (strcmp(derived[i], want) == 0)
			return derived[i];
	if (nderived == sizeof(derived) / sizeof(derived[0]))
		return unit;
	memcpy(derived[nderived], want, sizeof(want));
	return derived[nderived++];
}

/*
 * Instruction counts are whole: a median between two counts or a mean is
 * rounded, so that no reader mistakes an "insn" figure for a time.
 */
void kmb_round_counts(json_t *o)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(o, key, v) {
		if (json_is_real(v) && strcmp(key, "ops_per_sec") != 0)
			json_object_set_new(o, key, json_integer((json_int_t)llround(json_real_value(v))));
		else if (json_is_array(v))
			for (i = 0; i < json_array_size(v); i++)
				if (json_is_real(json_array_get(v, i)))
					json_array_set_new(v, i, json_integer((json_int_t)llround(
						json_real_value(json_array_get(v, i)))));
	}
}
