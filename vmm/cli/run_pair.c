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
	case SESSION_BAD_OPTION:
		return PMSW_EXIT_USAGE;
	case SESSION_FAILED:
		break;
	}
	return PMSW_EXIT_FAIL;
}

/* The timeline as it comes: a run stopped part-way still shows what it did. */
struct live {
	const struct render_opts *r;
	struct render_stream st;
	bool header;
};

static void live_header(struct live *lv, const struct run_outcome *o)
{
	if (!lv->header)
		render_header(lv->r, o);
	lv->header = true;
}

/* A session_options.on_record. */
static void live_record(void *ctx, const struct run_outcome *o)
{
	struct live *lv = ctx;

	live_header(lv, o);
	render_records_new(lv->r, o, &lv->st);
	fflush(lv->r->out);
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
	if (o.vcpu.stop == VCPU_STOP_SIGNAL) {
		snprintf(why, sizeof(why), "counting the run's instructions: %s", o.vcpu.detail);
		run_outcome_free(&o);
		return stopped(sum, PMSW_EXIT_SIGNAL + o.vcpu.signal, why);
	}
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
	struct live lv = { .r = r };
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
	so.on_record = live_record;
	so.on_record_ctx = &lv;
	status = build(&s, &so, r, sum);
	if (status) {
		free(plan);
		return status;
	}
	session_run(&s, &o);
	session_destroy(&s);
	free(plan);
	live_header(&lv, &o);
	if (o.boot_error[0]) {
		run_outcome_free(&o);
		return stopped(sum, PMSW_EXIT_FAIL, o.boot_error);
	}
	render_records_end(r, &o, &lv.st);
	verdict_judge(&o, &v);
	render_end(r, &o, &v);
	output_flush(r->out);
	verdict_line(&o, &v, sum->line, sizeof(sum->line));
	run_outcome_free(&o);
	return sum->status = v.status;
}
