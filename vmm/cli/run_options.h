/* SPDX-License-Identifier: MIT */
/* The options of `pmswitch run`, parsed in one place: the command line of
 * `run` and the run options of a `batch` manifest line both come here. */
#ifndef VMM_CLI_RUN_OPTIONS_H
#define VMM_CLI_RUN_OPTIONS_H

#include <stddef.h>

#include <pmswitch/bootinfo.h>

#include "cli/render.h"
#include "cli/sandbox.h"
#include "session/session.h"

/* Which options a caller accepts beyond the ones that shape the run itself
 * (--method, --timeout, --memory, --inject, --nmi, --round-trips). */
#define RUN_OPT_OUTPUT  0x1u    /* --json, --tap, --quiet, --verbose, --payload-dir */
#define RUN_OPT_HELP    0x2u    /* --help */

enum run_options_result {
	RUN_OPTIONS_OK = 0,
	RUN_OPTIONS_ERROR = -1,         /* err holds one line, without a prefix */
	RUN_OPTIONS_HELP = 1,           /* --help was given (RUN_OPT_HELP only) */
};

#define RUN_TIMEOUT_MAX_S 3600u
/* Each round trip is two switches, two landings the VMM checks and two
 * records: the record log holds RECORD_LOG_MAX. */
#define RUN_ROUND_TRIPS_MAX PMSW_ROUND_TRIPS_MAX

/* A decimal number in [min, max], digits only (no sign, no blanks): 0, or
 * -1 without a message. */
int run_options_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);

/* --memory's value: 0, or -1 with one line in err. */
int run_options_memory(const char *s, unsigned int *mib, char *err, size_t errlen);

/* What `run` is asked to do: the session it builds, and how it shows it. */
struct run_request {
	struct session_options session;
	struct render_opts render;
	struct sandbox_user user;       /* --user (a global option) */
	int keep_fd;                    /* kept through the sandbox (batch's summary); -1: none */
};

/* The request `pmswitch run` starts from, before any option. */
void run_request_defaults(struct run_request *req);

/* Parses the options in argv[1..argc-1] (argv[0] is a name, not looked at)
 * into req, stopping at the first argument that is not an option or after
 * "--"; *next is then the index of that argument. Uses getopt_long, whose
 * state it resets, and prints nothing. */
int run_options_parse(int argc, char **argv, unsigned int allow, struct run_request *req,
		      int *next, char *err, size_t errlen);

#endif
