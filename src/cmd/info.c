/* kmembench info: the environment fingerprint, with or without the module. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "kclient.h"
#include "result.h"

static void info_help(void)
{
	puts("usage: kmembench info [-o FILE] [--require-module]\n"
	     "\n"
	     "Prints the environment fingerprint as JSON: kernel, config options, CPU and\n"
	     "NUMA topology, memory, THP, clocksource, whether this is native, kvm or\n"
	     "tcg, and what changes allocation cost (system.fingerprint: init_on_alloc,\n"
	     "init_on_free, slub_debug, kfence.sample_interval, mitigations, THP,\n"
	     "vm.overcommit_memory, swap, CMA, zones), each with where it was read.\n"
	     "When /dev/kmembench is there, adds the module's limits and info.\n"
	     "\n"
	     "  -o, --output FILE    write to FILE (atomically) instead of stdout\n"
	     "      --require-module fail (exit 3) when the module is not loaded\n"
	     "  -h, --help           this text");
}

int kmb_cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "require-module", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out = "-";
	int require = 0, c, ret;
	struct kmb_kclient kc;
	struct kmb_err err = { 0 };
	json_t *doc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'm': require = 1; break;
		case 'h': info_help(); return 0;
		default: return kmb_usage_error("info", "unknown or incomplete option '%s'",
						argv[optind - 1]);
		}
	}
	if (optind < argc)
		return kmb_usage_error("info", "unexpected argument '%s'", argv[optind]);

	ret = kmb_kclient_open(&kc, &err);
	if (ret && (require || ret == KMB_EXIT_USAGE))
		return kmb_err_print(&err);
	doc = kmb_result_new(ret ? NULL : &kc.info);
	if (ret)
		json_object_set_new(doc, "module_status", json_string(err.msg));
	if (!ret)
		kmb_kclient_close(&kc);
	ret = kmb_write_json_atomic(out, doc, &err);
	json_decref(doc);
	return ret ? kmb_err_print(&err) : 0;
}
