/* kmembench: the runner's entry point and its table of subcommands (commands.h). */
#include <stdio.h>
#include <string.h>

#include "commands.h"

#define KMB_COMMAND_ROW(id, name, summary) { name, summary, kmb_cmd_##id },

static const struct kmb_command kmb_commands[] = { KMB_COMMANDS(KMB_COMMAND_ROW) };

#define KMB_NCOMMANDS (sizeof(kmb_commands) / sizeof(kmb_commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: kmembench COMMAND [OPTIONS]   (kmembench COMMAND --help)\n\n"
		   "Benchmarks Linux memory allocation from both sides of the system call.\n\n"
		   "commands:\n");
	for (size_t i = 0; i < KMB_NCOMMANDS; i++)
		if (kmb_commands[i].summary)
			fprintf(f, "  %-10s %s\n", kmb_commands[i].name, kmb_commands[i].summary);
	fprintf(f, "\nexit codes: 0 success, 1 regression found (compare), 2 bad usage or\n"
		   "input, 3 the environment cannot run it (no module, no permission),\n"
		   "128+N interrupted by signal N (the partial result is still written)\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("kmembench %s (%s)\n", KMB_VERSION, KMB_GIT_COMMIT);
		return 0;
	}
	for (size_t i = 0; i < KMB_NCOMMANDS; i++)
		if (strcmp(argv[1], kmb_commands[i].name) == 0)
			return kmb_commands[i].main(argc - 1, argv + 1);
	fprintf(stderr, "kmembench: unknown command '%s'; commands:", argv[1]);
	for (size_t i = 0; i < KMB_NCOMMANDS; i++)
		if (kmb_commands[i].summary)
			fprintf(stderr, " %s", kmb_commands[i].name);
	fprintf(stderr, " (see kmembench --help)\n");
	return 2;
}
