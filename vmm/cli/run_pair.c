// SPDX-License-Identifier: MIT
#include "cli/run_pair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exit_status.h"
#include "cli/output.h"
#include "cli/verdict.h"
#include "session/nmi_plan.h"

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
	/* The summary keeps what fits (a batch report line); stderr has it all. */
	snprintf(sum->line, sizeof(sum->line), "pmswitch: %.*s", (int)sizeof(sum->line) - 11, why);
	return sum->status = status;
}

/* session_build, or the status and line of why it could not be. */
static int build(struct session *s, const struct session_options *so, const struct render_opts *r,
		 struct run_summary *sum)
{
	enum session_error e = session_build(s, so);

	if (!e)
		return 0;
	if (e == SESSION_UNSUPPORTED)
		render_unsupported(r);
	return stopped(sum, run_build_status(e), s->error);
}

/* run --nmi: a first run, single-stepped without NMIs, counts the run's
 * instructions and finds the switch's path among them; the plan comes from
 * that count. A run that goes otherwise with NMIs shows it itself. */
static int nmi_count_run(struct session_options *so, const struct render_opts *r,
			 unsigned int *plan, struct run_summary *sum)
{
	struct session s;
	struct run_outcome o;
	char why[400];
	int status;

	so->nmi_plan = NULL;
	status = build(&s, so, r, sum);
	if (status)
		return status;
	session_run(&s, &o);
	session_destroy(&s);
	so->nmi_nplan = nmi_plan(o.run_steps, o.switch_from_step, o.switch_to_step,
				 so->nmi_count, plan);
	so->nmi_plan = plan;
	snprintf(why, sizeof(why), "counting the run's instructions: %s",
		 o.boot_error[0] ? o.boot_error : o.step_error[0] ? o.step_error :
		 "no instruction could be stepped");
	run_outcome_free(&o);
	return so->nmi_nplan ? 0 : stopped(sum, PMSW_EXIT_FAIL, why);
}

int run_pair(const struct run_request *req, struct run_summary *sum)
{
	const struct render_opts *r = &req->render;
	struct session_options so = req->session;
	unsigned int *plan = NULL;
	struct session s;
	struct run_outcome o;
	struct verdict v;
	int status;

	memset(sum, 0, sizeof(*sum));
	if (so.nmi_count) {
		plan = calloc(NMI_PLAN_MAX, sizeof(*plan));
		if (!plan)
			return stopped(sum, PMSW_EXIT_FAIL, "out of memory");
		status = nmi_count_run(&so, r, plan, sum);
		if (status) {
			free(plan);
			return status;
		}
	}
	status = build(&s, &so, r, sum);
	if (status) {
		free(plan);
		return status;
	}
	session_run(&s, &o);
	session_destroy(&s);
	free(plan);
	render_header(r, &o);
	if (o.boot_error[0]) {
		run_outcome_free(&o);
		return stopped(sum, PMSW_EXIT_FAIL, o.boot_error);
	}
	render_records(r, &o);
	verdict_judge(&o, &v);
	render_end(r, &o, &v);
	output_flush(r->out);
	verdict_line(&o, &v, sum->line, sizeof(sum->line));
	run_outcome_free(&o);
	return sum->status = v.status;
}
