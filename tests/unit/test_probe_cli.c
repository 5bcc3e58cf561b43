/*
 * kmembench probe's argument checks: bad input is exit 2 with one line,
 * before the device is touched (KMB_DEVICE points nowhere, so arguments
 * that pass end in exit 3: no module).
 */
#include <stdlib.h>

#include "check.h"
#include "commands.h"

#define PROBE(...) run((char *[]){ "probe", __VA_ARGS__, NULL })

static int run(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return kmb_cmd_probe(argc, argv);
}

int main(void)
{
	setenv("KMB_DEVICE", "/nonexistent/kmembench", 1);

	CHECK(PROBE("--api", "nosuch") == 2);
	CHECK(PROBE("--api", "kmalloc,krealloc") == 2);	/* an API probe does not cover */
	CHECK(PROBE("--api", ",") == 2);
	CHECK(PROBE("--gfp", "KERNEL,BOGUS") == 2);
	CHECK(PROBE("--gfp", "ZERO") == 2);		/* no base set */
	CHECK(PROBE("--gfp", "KERNEL+ATOMIC") == 2);	/* two base sets */
	CHECK(PROBE("--fragment-share", "0") == 2);
	CHECK(PROBE("--fragment-share", "76") == 2);
	CHECK(PROBE("--fragment-share", "x") == 2);
	CHECK(PROBE("--bogus") == 2);
	CHECK(PROBE("extra") == 2);
	CHECK(PROBE("-o", "/nonexistent-folder/probe.json") == 2);
	CHECK(PROBE("--api") == 2);			/* missing value */
	CHECK(PROBE("--capacity", "64x") == 2);
	CHECK(PROBE("--capacity", ",") == 2);
	CHECK(PROBE("--capacity", "64", "--api", "vmalloc") == 2);	/* cannot fill */
	CHECK(PROBE("--capacity", "64", "--fragment") == 2);
	CHECK(PROBE("--capacity", "64", "--capacity-seconds", "0") == 2);
	CHECK(PROBE("--capacity", "64", "--capacity-seconds", "61") == 2);

	/* good arguments get as far as the device */
	CHECK(PROBE("--api", "kmalloc,alloc_pages", "--gfp", "KERNEL,GFP_ATOMIC|__GFP_ZERO",
		    "-o", "-") == 3);
	CHECK(PROBE("--fragment-share", "75", "--no-trace", "-q", "-o", "-") == 3);
	CHECK(PROBE("--capacity", "64,4K", "--api", "kzalloc,kmem_cache", "--gfp", "KERNEL",
		    "--capacity-seconds", "60", "-o", "-") == 3);
	CHECK(PROBE("--help") == 0);
	return kmb_check_done("test_probe_cli");
}
