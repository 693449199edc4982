// SPDX-License-Identifier: MIT
#include "cli/run_pair.h"

#include <stdio.h>
#include <string.h>

#include "cli/exit_status.h"
#include "cli/verdict.h"

int run_build_status(enum session_error e)
{
	switch (e) {
	case SESSION_OK:
		return PMSW_EXIT_OK;
	case SESSION_BAD_IMAGE:
		return PMSW_EXIT_BAD_IMAGE;
	case SESSION_UNSUPPORTED:
		return PMSW_EXIT_UNSUPPORTED;
	case SESSION_FAILED:
		break;
	}
	return PMSW_EXIT_FAIL;
}

/* Something stopped the pair before a verdict: one line on stderr. */
static int stopped(struct run_summary *sum, int status, const char *why)
{
	fprintf(stderr, "pmswitch: %s\n", why);
	snprintf(sum->line, sizeof(sum->line), "pmswitch: %s", why);
	return sum->status = status;
}

int run_pair(const struct run_request *req, struct run_summary *sum)
{
	const struct render_opts *r = &req->render;
	struct session s;
	struct run_outcome o;
	struct verdict v;
	enum session_error e;

	memset(sum, 0, sizeof(*sum));
	e = session_build(&s, &req->session);
	if (e) {
		if (e == SESSION_UNSUPPORTED)
			render_unsupported(r);
		return stopped(sum, run_build_status(e), s.error);
	}
	session_run(&s, &o);
	session_destroy(&s);
	render_header(r, &o);
	if (o.boot_error[0]) {
		run_outcome_free(&o);
		return stopped(sum, PMSW_EXIT_FAIL, o.boot_error);
	}
	render_records(r, &o);
	verdict_judge(&o, &v);
	render_end(r, &o, &v);
	fflush(r->out);
	verdict_line(&o, &v, sum->line, sizeof(sum->line));
	run_outcome_free(&o);
	return sum->status = v.status;
}
