/* SPDX-License-Identifier: MIT */
/* One pair, start to verdict, as `run` and each `batch` child do it. */
#ifndef VMM_CLI_RUN_PAIR_H
#define VMM_CLI_RUN_PAIR_H

#include "cli/run_options.h"

/* How a pair ended, as data: its exit status and the one line that says
 * why (the result line, or the error that stopped it before the run). */
struct run_summary {
	int status;                     /* enum pmsw_exit */
	char line[700];
};

/* The exit status of a session that could not be built. */
int run_build_status(enum session_error e);

/* Builds and runs the session of req, renders it on req->render.out and
 * errors on stderr; returns the exit status, also in *sum. */
int run_pair(const struct run_request *req, struct run_summary *sum);

#endif
