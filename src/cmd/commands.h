/* The subcommands: one row each in kmb_commands[] (main.c). */
#ifndef KMB_COMMANDS_H
#define KMB_COMMANDS_H

struct kmb_command {
	const char *name;
	const char *summary;			/* NULL: hidden, not listed */
	int (*main)(int argc, char **argv);	/* argv[0] is the command name */
};

int kmb_cmd_info(int argc, char **argv);
int kmb_cmd_run(int argc, char **argv);
int kmb_cmd_probe(int argc, char **argv);
int kmb_cmd_compare(int argc, char **argv);
int kmb_cmd_merge(int argc, char **argv);
int kmb_cmd_export(int argc, char **argv);
int kmb_cmd_report(int argc, char **argv);
/* Hidden: the malloc workload's measuring child (workloads/malloc_worker.c). */
int kmb_cmd_malloc_worker(int argc, char **argv);

/* Prints "kmembench CMD: <msg>; see 'kmembench CMD --help'" and returns 2. */
int kmb_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
