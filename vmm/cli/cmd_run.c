// SPDX-License-Identifier: MIT
/* pmswitch run [OPTIONS] ORIGINAL.elf TARGET.elf */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/run_pair.h"

/* Colour only for a terminal that can show it (NO_COLOR: no-color.org). */
static bool color_wanted(void)
{
	const char *term = getenv("TERM");

	return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && term && *term && strcmp(term, "dumb");
}

static int bad_usage(const char *why)
{
	fprintf(stderr, "pmswitch run: %s\n", why);
	usage_run(stderr);
	return PMSW_EXIT_USAGE;
}

int cmd_run(int argc, char **argv, const struct global_opts *g)
{
	struct run_request req;
	struct run_summary sum;
	char err[256];
	int next;

	run_request_defaults(&req);
	req.session.payload_dir = g->payload_dir;       /* run's own --payload-dir wins */
	req.user = g->user;
	switch (run_options_parse(argc, argv, RUN_OPT_OUTPUT | RUN_OPT_HELP, &req, &next,
				  err, sizeof(err))) {
	case RUN_OPTIONS_HELP:
		usage_run(stdout);
		return PMSW_EXIT_OK;
	case RUN_OPTIONS_ERROR:
		return bad_usage(err);
	default:
		break;
	}
	if (argc - next != 2)
		return bad_usage(argc - next < 2 ? "needs ORIGINAL.elf and TARGET.elf" :
				 "takes exactly two images");
	req.session.image[0] = argv[next];
	req.session.image[1] = argv[next + 1];
	req.render.color = color_wanted();
	if (vcpu_catch_stop_signals()) {
		fprintf(stderr, "pmswitch: cannot catch the stop signals: %s\n", strerror(errno));
		return PMSW_EXIT_FAIL;
	}
	return run_pair(&req, &sum);
}
