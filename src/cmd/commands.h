/*
 * The subcommands, one row each in KMB_COMMANDS: X(id, name, summary) for
 * int kmb_cmd_<id>(argc, argv), which the command's own file defines
 * (cmd/<id>.c). main.c's table and the prototypes below are expanded from
 * the rows. A NULL summary hides the command from --help and from the list
 * of commands an unknown one prints.
 */
#ifndef KMB_COMMANDS_H
#define KMB_COMMANDS_H

struct kmb_command {
	const char *name;
	const char *summary;			/* NULL: hidden, not listed */
	int (*main)(int argc, char **argv);	/* argv[0] is the command name */
};

#define KMB_COMMANDS(X)								\
	X(info, "info", "the environment fingerprint as JSON (works without the module)") \
	X(run, "run", "run a suite and write one result JSON")				\
	X(probe, "probe", "largest successful size per API and GFP flag set")		\
	X(compare, "compare", "compare result files; exit 1 on a regression")		\
	X(merge, "merge", "merge the results of several boots of one kernel")		\
	X(export, "export", "a result as KCIDB, google-benchmark, KTAP, BMF or github-action-benchmark") \
	X(report, "report", "report.html and plots of one result, or comparing two (+ report.md)") \
	X(summary, "summary", "a result on one screen (or every case: --table)")	\
	/* the malloc workload's measuring child (workloads/malloc_worker.c) */	\
	X(malloc_worker, "malloc-worker", NULL)

#define KMB_COMMAND_PROTO(id, name, summary) int kmb_cmd_##id(int argc, char **argv);
KMB_COMMANDS(KMB_COMMAND_PROTO)
#undef KMB_COMMAND_PROTO

/* Prints "kmembench CMD: <msg>; see 'kmembench CMD --help'" and returns 2. */
int kmb_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
