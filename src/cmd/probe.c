/* kmembench probe: the largest allocation each API grants, per GFP set. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "commands.h"
#include "kclient.h"
#include "names.h"
#include "probe.h"
#include "probe_buddy.h"
#include "probe_table.h"
#include "result.h"

#define MAX_GFP_SETS	16
#define MAX_CAPACITY_SIZES	16
/* A capacity fill's default time limit, in seconds. */
#define CAPACITY_SECONDS	10

static volatile sig_atomic_t kmb_probe_signal;

static void on_stop_signal(int sig)
{
	kmb_probe_signal = sig;
}

static void probe_help(void)
{
	puts("usage: kmembench probe [--api LIST] [--gfp LIST] [--fragment]\n"
	     "                       [--fragment-share PCT] [--vmalloc-zero] [-o FILE]\n"
	     "       kmembench probe --capacity SIZES [--capacity-seconds N] [--api LIST]\n"
	     "                       [--gfp LIST] [-o FILE]\n"
	     "\n"
	     "Finds the largest allocation each API grants with each GFP set (a search:\n"
	     "the top of the range first, then doubling, then bisection, to the byte for\n"
	     "slab APIs, the page for vmalloc, the order for pages), says which limit\n"
	     "bound it, walks kmalloc's size classes and reports what 0-byte allocations\n"
	     "return. Every attempt is freed at once; the module adds __GFP_NOWARN, and\n"
	     "__GFP_NORETRY where a failure could reclaim hard, and keeps an eighth of\n"
	     "available memory (at least 64 MiB) free. Writes one JSON document and a\n"
	     "table on stdout; SIGINT/SIGTERM stop it and still write what was found.\n"
	     "\n"
	     "  -a, --api LIST          comma-separated APIs (default: kmalloc,kzalloc,\n"
	     "                          kvmalloc,vmalloc,alloc_pages,kmem_cache)\n"
	     "  -g, --gfp LIST          comma-separated GFP sets, flags in a set joined by\n"
	     "                          '+' (default: KERNEL,ATOMIC,NOWAIT,KERNEL+DMA,\n"
	     "                          KERNEL+DMA32)\n"
	     "  -F, --fragment          then break up free memory (split the largest free\n"
	     "                          blocks, hold every other order-3 chunk), probe\n"
	     "                          alloc_pages and kmalloc again, and restore; with\n"
	     "                          /proc/buddyinfo before, during and after. Other\n"
	     "                          large allocations on the system may fail meanwhile\n"
	     "      --fragment-share PCT  the most of available memory to hold (1-75,\n"
	     "                          default 75; it stops sooner when no free block\n"
	     "                          above order 3 is left); implies --fragment\n"
	     "      --vmalloc-zero      call vmalloc(0) although the kernel WARNs on it\n"
	     "  -c, --capacity SIZES    instead: how much memory objects of each size hold\n"
	     "                          in total (comma-separated, 4096 or 4K; page APIs\n"
	     "                          take the smallest order that holds the size). The\n"
	     "                          module allocates and keeps objects until the\n"
	     "                          allocator says no (GFP_DMA: the DMA zone is full),\n"
	     "                          the memory guard or the time limit stops it, then\n"
	     "                          frees them all; the memory is counted by zone.\n"
	     "                          APIs: kmalloc, kzalloc, alloc_pages, kmem_cache\n"
	     "                          (default kmalloc,alloc_pages); GFP sets default to\n"
	     "                          KERNEL+DMA,KERNEL+DMA32,KERNEL\n"
	     "      --capacity-seconds N  time limit of each fill (1-60, default 10)\n"
	     "      --no-trace          leave the per-attempt trace out of the JSON\n"
	     "  -o, --output FILE       where to write the JSON (default:\n"
	     "                          kmembench-probe-RELEASE-TIME.json here; '-' for\n"
	     "                          stdout, the table then goes to stderr)\n"
	     "  -q, --quiet             no table\n"
	     "  -h, --help              this text");
}

struct probe_opts {
	const char *output;
	unsigned int apis[KMB_API_NR];
	size_t napis;
	uint64_t gfps[MAX_GFP_SETS];
	size_t ngfps;
	uint64_t capacity[MAX_CAPACITY_SIZES];
	size_t ncapacity;
	unsigned int capacity_seconds;
	unsigned int share_pct;
	bool api_given, gfp_given, fragment, vmalloc_zero, no_trace, quiet;
};

/* "kmalloc, kzalloc, ...": the APIs with @flag, for messages. */
static void probe_api_list(unsigned int flag, char *buf, size_t len)
{
	unsigned int apis[KMB_API_NR];
	size_t used = 0, n = kmb_probe_apis(flag, apis, KMB_API_NR);

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		const struct kmb_api_name *a = kmb_api_by_value(apis[i]);

		used += snprintf(buf + used, len - used, "%s%s", i ? ", " : "", a ? a->name : "?");
	}
}

/*
 * Calls @one on each word of the comma-separated list @arg given to
 * @option, which must have at least one. A copy is cut up: argv goes into
 * the result document as given.
 */
static int each_word(const char *arg, const char *option, struct probe_opts *o,
		     int (*one)(const char *w, struct probe_opts *o))
{
	char buf[512];
	int ret, words = 0;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return kmb_usage_error("probe", "%s: list too long", option);
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if ((ret = one(w, o)))
			return ret;
		words++;
	}
	return words ? 0 : kmb_usage_error("probe", "%s needs at least one value", option);
}

static int add_api(const char *w, struct probe_opts *o)
{
	const struct kmb_api_name *a = kmb_api_by_name(w);
	bool dup = false;

	if (!a || !kmb_probe_api_supported(a->api)) {
		char names[256];

		probe_api_list(KMB_APIF_PROBE, names, sizeof(names));
		return kmb_usage_error("probe", "--api '%s': %s (probe covers: %s)", w,
				       a ? "this API is not probed" : "unknown API", names);
	}
	for (size_t i = 0; i < o->napis; i++)
		dup |= o->apis[i] == a->api;
	if (!dup)
		o->apis[o->napis++] = a->api;
	return 0;
}

static int add_capacity(const char *w, struct probe_opts *o)
{
	uint64_t v;

	if (kmb_parse_size(w, &v))
		return kmb_usage_error("probe", "--capacity '%s' is not a size (4096, 4K, 2M)", w);
	if (o->ncapacity == MAX_CAPACITY_SIZES)
		return kmb_usage_error("probe", "--capacity: more than %d sizes",
				       MAX_CAPACITY_SIZES);
	o->capacity[o->ncapacity++] = v;
	return 0;
}

static int add_gfp(const char *w, struct probe_opts *o)
{
	char bad[64];
	uint64_t bits;

	if (kmb_gfp_parse(w, &bits, bad, sizeof(bad))) {
		char names[512];

		kmb_names_list(kmb_gfp_names, kmb_gfp_names_count, names, sizeof(names));
		return kmb_usage_error("probe", "--gfp '%s': unknown flag '%s' (flags: %s)", w, bad,
				       names);
	}
	if (__builtin_popcountll(bits & KMB_GFP_BASE_MASK) != 1)
		return kmb_usage_error("probe", "--gfp '%s': a set needs exactly one of KERNEL, "
				       "ATOMIC, NOWAIT, NOIO, NOFS, USER, HIGHUSER", w);
	if (o->ngfps == MAX_GFP_SETS)
		return kmb_usage_error("probe", "--gfp: more than %d sets", MAX_GFP_SETS);
	o->gfps[o->ngfps++] = bits;
	return 0;
}

/*
 * Capacity mode's APIs and GFP sets: its own defaults, and only APIs that
 * can fill memory.
 */
static int capacity_defaults(struct probe_opts *o)
{
	char names[256];

	if (!o->ncapacity)
		return 0;
	if (!o->api_given) {
		o->apis[0] = KMB_API_KMALLOC;
		o->apis[1] = KMB_API_ALLOC_PAGES;
		o->napis = 2;
	}
	if (!o->gfp_given) {
		o->gfps[0] = KMB_GFP(KERNEL) | KMB_GFP(DMA);
		o->gfps[1] = KMB_GFP(KERNEL) | KMB_GFP(DMA32);
		o->gfps[2] = KMB_GFP(KERNEL);
		o->ngfps = 3;
	}
	for (size_t i = 0; i < o->napis; i++) {
		const struct kmb_api_name *a = kmb_api_by_value(o->apis[i]);

		if (a && (a->flags & KMB_APIF_CAPACITY))
			continue;
		probe_api_list(KMB_APIF_CAPACITY, names, sizeof(names));
		return kmb_usage_error("probe", "--capacity: %s cannot fill memory (capacity "
				       "covers: %s)", a ? a->name : "?", names);
	}
	if (o->fragment || o->vmalloc_zero)
		return kmb_usage_error("probe", "--capacity is a probe of its own: no %s",
				       o->fragment ? "--fragment" : "--vmalloc-zero");
	return 0;
}

/* Returns 0, -1 for --help, or an exit code. */
static int parse_opts(int argc, char **argv, struct probe_opts *o)
{
	static const struct option opts[] = {
		{ "api", required_argument, NULL, 'a' },
		{ "gfp", required_argument, NULL, 'g' },
		{ "fragment", no_argument, NULL, 'F' },
		{ "fragment-share", required_argument, NULL, 'S' },
		{ "vmalloc-zero", no_argument, NULL, 'Z' },
		{ "capacity", required_argument, NULL, 'c' },
		{ "capacity-seconds", required_argument, NULL, 'C' },
		{ "no-trace", no_argument, NULL, 'T' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint64_t v;
	int c, ret;

	memset(o, 0, sizeof(*o));
	o->napis = kmb_probe_apis(KMB_APIF_PROBE, o->apis, sizeof(o->apis) / sizeof(o->apis[0]));
	o->gfps[0] = KMB_GFP(KERNEL);
	o->gfps[1] = KMB_GFP(ATOMIC);
	o->gfps[2] = KMB_GFP(NOWAIT);
	/* The zones drivers ask for: bounded by the zone, not by all memory. */
	o->gfps[3] = KMB_GFP(KERNEL) | KMB_GFP(DMA);
	o->gfps[4] = KMB_GFP(KERNEL) | KMB_GFP(DMA32);
	o->ngfps = 5;
	o->share_pct = KMB_PROBE_FRAG_MAX_PERMILLE / 10;
	o->capacity_seconds = CAPACITY_SECONDS;
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+a:g:Fc:o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o->napis = 0;
			o->api_given = true;
			if ((ret = each_word(optarg, "--api", o, add_api)))
				return ret;
			break;
		case 'g':
			o->ngfps = 0;
			o->gfp_given = true;
			if ((ret = each_word(optarg, "--gfp", o, add_gfp)))
				return ret;
			break;
		case 'F': o->fragment = true; break;
		case 'S':
			if (kmb_parse_uint(optarg, KMB_PROBE_FRAG_MAX_PERMILLE / 10, &v) || !v)
				return kmb_usage_error("probe", "--fragment-share '%s' is not a "
						       "percentage from 1 to %d", optarg,
						       KMB_PROBE_FRAG_MAX_PERMILLE / 10);
			o->share_pct = (unsigned int)v;
			o->fragment = true;
			break;
		case 'Z': o->vmalloc_zero = true; break;
		case 'c':
			o->ncapacity = 0;
			if ((ret = each_word(optarg, "--capacity", o, add_capacity)))
				return ret;
			break;
		case 'C':
			if (kmb_parse_uint(optarg, KMB_PROBE_CAPACITY_MAX_MS / 1000, &v) || !v)
				return kmb_usage_error("probe", "--capacity-seconds '%s' is not a "
						       "number of seconds from 1 to %d", optarg,
						       KMB_PROBE_CAPACITY_MAX_MS / 1000);
			o->capacity_seconds = (unsigned int)v;
			break;
		case 'T': o->no_trace = true; break;
		case 'o': o->output = optarg; break;
		case 'q': o->quiet = true; break;
		case 'h': probe_help(); return -1;
		default:
			return kmb_usage_error("probe", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return kmb_usage_error("probe", "unexpected argument '%s'", argv[optind]);
	return capacity_defaults(o);
}

static void default_output(char *buf, size_t len)
{
	struct utsname u;
	char stamp[32];

	uname(&u);
	kmb_iso_time(stamp, sizeof(stamp));
	for (char *p = stamp; *p; p++)
		if (*p == ':')
			*p = '-';
	snprintf(buf, len, "kmembench-probe-%s-%s.json", u.release, stamp);
}

static bool has_api(const struct probe_opts *o, unsigned int api)
{
	for (size_t i = 0; i < o->napis; i++)
		if (o->apis[i] == api)
			return true;
	return false;
}

static bool stopped(void)
{
	return kmb_probe_signal != 0;
}

/* Appends @e (when not NULL) and passes @ret on. */
static int add(json_t *probes, json_t *e, int ret)
{
	if (e)
		json_array_append_new(probes, e);
	return ret;
}

/* Every API x GFP set, kmalloc's size classes, and the zero-byte returns. */
static int probe_all(const struct probe_opts *o, const struct kmb_probe_ctx *pc,
		     const struct kmb_info *info, json_t *probes, struct kmb_err *err)
{
	unsigned int zero_apis[KMB_API_NR];
	size_t nzero = kmb_probe_apis(KMB_APIF_PROBE_ZERO, zero_apis, KMB_API_NR);
	json_t *e;
	int ret;

	static const unsigned int masks[] = KMB_PROBE_DMA_MASKS;

	for (size_t a = 0; a < o->napis && !stopped(); a++) {
		const struct kmb_api_name *api = kmb_api_by_value(o->apis[a]);
		int dma = api && (api->flags & KMB_APIF_DMA);
		size_t nmasks = dma ? sizeof(masks) / sizeof(masks[0]) : 1;

		for (size_t m = 0; m < nmasks && !stopped(); m++) {
			struct kmb_probe_ctx mpc = *pc;

			mpc.dma_mask_bits = dma ? masks[m] : 0;
			for (size_t g = 0; g < o->ngfps && !stopped(); g++) {
				ret = kmb_probe_max(&mpc, o->apis[a], o->gfps[g], &e, err);
				if (add(probes, e, ret))
					return ret;
			}
		}
	}
	if (has_api(o, KMB_API_KMALLOC) && !stopped()) {
		ret = kmb_probe_size_classes(pc, KMB_GFP(KERNEL), info->kmalloc_max_size, &e, err);
		if (add(probes, e, ret))
			return ret;
	}
	for (size_t i = 0; i < nzero && !stopped(); i++) {
		if (!has_api(o, zero_apis[i]))
			continue;
		ret = kmb_probe_zero(pc, zero_apis[i], o->vmalloc_zero, &e, err);
		if (add(probes, e, ret))
			return ret;
	}
	return 0;
}

/*
 * Sizes no fill can take, refused before any: fewer bytes than the chain
 * that keeps the objects needs, more than kmalloc grants, or a page order
 * past the top one.
 */
static int capacity_check_sizes(const struct probe_opts *o, const struct kmb_info *info)
{
	for (size_t a = 0; a < o->napis; a++) {
		const struct kmb_api_name *api = kmb_api_by_value(o->apis[a]);

		for (size_t i = 0; api && i < o->ncapacity; i++) {
			unsigned long long b = (unsigned long long)o->capacity[i];

			if (api->family == KMB_FAMILY_PAGES) {
				if (kmb_page_order(b, info->page_size) > info->max_page_order)
					return kmb_usage_error("probe", "--capacity %llu: %s rounds "
							       "it past the largest order, %u", b,
							       api->name, info->max_page_order);
			} else if (b < 8 || b > info->kmalloc_max_size) {
				return kmb_usage_error("probe", "--capacity %llu: %s objects "
						       "need 8 to %llu bytes (the fill chains "
						       "them through their first 8)", b,
						       api->name,
						       (unsigned long long)info->kmalloc_max_size);
			}
		}
	}
	return 0;
}

/* Every API x GFP set x size, each fill on its own. */
static int probe_capacity(const struct probe_opts *o, const struct kmb_probe_ctx *pc,
			  json_t *probes, struct kmb_err *err)
{
	size_t n = o->napis * o->ngfps * o->ncapacity, done = 0;
	bool tty = isatty(STDERR_FILENO);
	json_t *e;
	int ret;

	for (size_t a = 0; a < o->napis; a++)
		for (size_t g = 0; g < o->ngfps; g++)
			for (size_t i = 0; i < o->ncapacity; i++) {
				if (stopped())
					return 0;
				if (!o->quiet)
					fprintf(stderr, "%skmembench: capacity fill %zu of %zu (up to "
						"%u s each)%s", tty ? "\r\033[K" : "", ++done, n,
						o->capacity_seconds, tty ? "" : "\n");
				ret = kmb_probe_capacity(pc, o->apis[a], o->gfps[g],
							 o->capacity[i],
							 o->capacity_seconds * 1000, &e, err);
				if (add(probes, e, ret))
					return ret;
			}
	if (tty && !o->quiet)
		fputs("\r\033[K", stderr);
	return 0;
}

/*
 * The fragmentation variant: hold, probe alloc_pages and kmalloc again,
 * restore (always, even when stopped), with buddyinfo around each step.
 */
static int probe_fragmented(const struct probe_opts *o, struct kmb_probe_ctx *pc,
			    json_t *doc, json_t *probes, struct kmb_err *err)
{
	static const unsigned int apis[] = { KMB_API_ALLOC_PAGES, KMB_API_KMALLOC };
	json_t *before = kmb_buddyinfo_read("/proc/buddyinfo"), *during, *hold, *e;
	int ret, rret;

	ret = kmb_probe_fragment(pc, o->share_pct * 10, &hold, err);
	if (ret) {
		json_decref(before);
		return ret == -EINTR ? 0 : ret;
	}
	during = kmb_buddyinfo_read("/proc/buddyinfo");
	pc->fragmented = true;
	for (size_t a = 0; a < 2 && !ret && !stopped(); a++) {
		for (size_t g = 0; g < o->ngfps && !ret && !stopped(); g++) {
			ret = kmb_probe_max(pc, apis[a], o->gfps[g], &e, err);
			add(probes, e, ret);
		}
	}
	pc->fragmented = false;
	rret = kmb_probe_restore(pc, hold, err);
	json_object_set_new(hold, "buddyinfo",
			    json_pack("{s:o, s:o, s:o}", "before", before, "fragmented", during,
				      "restored", kmb_buddyinfo_read("/proc/buddyinfo")));
	json_object_set_new(doc, "fragmentation", hold);
	return ret ? ret : rret;
}

static json_t *run_object(int argc, char **argv, const char *start, double t0)
{
	json_t *args = json_array();
	char end[32];

	for (int i = 0; i < argc; i++)
		json_array_append_new(args, json_string(argv[i]));
	kmb_iso_time(end, sizeof(end));
	return json_pack("{s:s, s:o, s:s, s:s, s:f, s:b, s:o}", "command", "probe",
			 "arguments", args, "start", start, "end", end,
			 "elapsed_s", kmb_now_sec() - t0, "interrupted", stopped(),
			 "signal", stopped() ? json_integer(kmb_probe_signal) : json_null());
}

int kmb_cmd_probe(int argc, char **argv)
{
	struct probe_opts o;
	struct kmb_kclient kc = { .fd = -1 };
	struct kmb_probe_ctx pc = { .kc = &kc, .stop = &kmb_probe_signal };
	struct kmb_err err = { 0 };
	struct sigaction sa;
	char start[32], outbuf[PATH_MAX];
	double t0 = kmb_now_sec();
	json_t *doc, *probes;
	int ret, wret;

	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (!o.output) {
		default_output(outbuf, sizeof(outbuf));
		o.output = outbuf;
	}
	if ((ret = kmb_check_output_dir(o.output, &err)))
		return kmb_err_print(&err);
	if ((ret = kmb_kclient_open(&kc, &err)))
		return kmb_err_print(&err);
	if (o.ncapacity && (ret = capacity_check_sizes(&o, &kc.info))) {
		kmb_kclient_close(&kc);
		return ret;
	}
	pc.no_trace = o.no_trace;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	kmb_iso_time(start, sizeof(start));
	doc = kmb_result_new(&kc.info);
	probes = json_array();
	json_object_set_new(doc, "probes", probes);
	if (o.ncapacity) {
		ret = probe_capacity(&o, &pc, probes, &err);
	} else {
		ret = probe_all(&o, &pc, &kc.info, probes, &err);
	}
	if (!ret && o.fragment && !stopped())
		ret = probe_fragmented(&o, &pc, doc, probes, &err);
	if (ret)
		kmb_err_print(&err);

	if (kmb_kclient_info(&kc, &err) == 0)
		json_object_set_new(doc, "module_after", kmb_info_module_json(&kc.info));
	kmb_kclient_close(&kc);
	json_object_set_new(doc, "run", run_object(argc, argv, start, t0));
	wret = kmb_write_json_atomic(o.output, doc, &err);
	if (!wret && !o.quiet)
		kmb_probe_table(doc, strcmp(o.output, "-") ? stdout : stderr);
	json_decref(doc);
	if (wret)
		return kmb_err_print(&err);
	fprintf(stderr, "kmembench: wrote %s%s\n", o.output,
		stopped() ? " (interrupted: partial result)" : "");
	if (stopped())
		return 128 + kmb_probe_signal;
	return ret;
}
