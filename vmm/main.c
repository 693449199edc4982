// SPDX-License-Identifier: MIT
/* pmswitch: see an atomic switch between two protected-mode environments. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <pmswitch/types.h>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/output.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv, const struct global_opts *g);
} commands[] = {
	{ "batch", cmd_batch },
	{ "check", cmd_check },
	{ "run", cmd_run },
	{ "inspect", cmd_inspect },
	{ "probe", cmd_probe },
};

void usage_main(FILE *f)
{
	fprintf(f,
		"usage: pmswitch [--payload-dir DIR] [--user USER] COMMAND [OPTIONS] [ARGS]\n"
		"       pmswitch -h | --help | -V | --version\n"
		"commands:\n"
		"  run ORIGINAL.elf TARGET.elf   switch atomically from ORIGINAL to TARGET\n"
		"  batch MANIFEST                run the pairs a manifest lists, check their statuses\n"
		"  check                         can this host run pmswitch?\n"
		"  inspect IMAGE.elf             the context the VMM would build for an image\n"
		"  probe ORIGINAL.elf TARGET.elf whose registers the vCPU holds at each step of the switch\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "payload-dir", required_argument, NULL, 'P' },
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct global_opts g = { 0 };
	char err[300];
	int c;

	/* "+": stop at the command name; its options are its own. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage_main(stdout);
			return output_close(PMSW_EXIT_OK);
		case 'V':
			printf("pmswitch %s\n", PMSWITCH_VERSION);
			return output_close(PMSW_EXIT_OK);
		case 'P':
			g.payload_dir = optarg;
			break;
		case 'u':
			if (!sandbox_user_parse(optarg, &g.user, err, sizeof(err)))
				break;
			fprintf(stderr, "pmswitch: %s\n", err);
			return PMSW_EXIT_USAGE;
		default:
			usage_main(stderr);
			return PMSW_EXIT_USAGE;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "pmswitch: missing command\n");
		usage_main(stderr);
		return PMSW_EXIT_USAGE;
	}
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(commands); i++) {
		if (!strcmp(argv[optind], commands[i].name)) {
			argc -= optind;
			argv += optind;
			optind = 0;     /* a fresh getopt scan for the command */
			return output_close(commands[i].fn(argc, argv, &g));
		}
	}
	fprintf(stderr, "pmswitch: unknown command '%s'\n", argv[optind]);
	usage_main(stderr);
	return PMSW_EXIT_USAGE;
}
