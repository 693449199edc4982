// SPDX-License-Identifier: MIT
#include "cli/run_pair.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pmswitch/layout.h>

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

/* The timeline as it comes: a run stopped part-way still shows what it did. */
struct live {
	const struct render_opts *r;
	struct render_stream st;
	bool header;
	const struct sandbox_report *sandbox;   /* shown with -v */
};

/* -v: the process as it saw itself after the drop. */
static void live_privileges(const struct live *lv)
{
	const struct render_opts *r = lv->r;
	const char *prefix = r->format == RENDER_TAP ? "# " : "";

	if (!r->verbose || r->format == RENDER_QUIET)
		return;
	if (r->format == RENDER_JSON) {
		fputs("{\"event\": \"privileges\", \"status\": \"", r->out);
		render_escape(r->out, lv->sandbox->privileges, strlen(lv->sandbox->privileges), true);
		fputs("\", \"fds\": \"", r->out);
		render_escape(r->out, lv->sandbox->fds, strlen(lv->sandbox->fds), true);
		fputs("\"}\n", r->out);
		return;
	}
	fprintf(r->out, "%sprivileges: %s\n%sfiles: %s\n", prefix, lv->sandbox->privileges, prefix,
		lv->sandbox->fds[0] ? lv->sandbox->fds : "none beyond 0, 1, 2");
}

/* -v: guest RAM, and how much of it the run touched (resident now, by
 * mincore): the rest was never backed by memory. */
static void live_memory(const struct render_opts *r, const struct guest_mem *mem)
{
	const char *prefix = r->format == RENDER_TAP ? "# " : "";
	uint64_t pages;

	if (!r->verbose || r->format == RENDER_QUIET || guest_mem_touched(mem, &pages))
		return;
	if (r->format == RENDER_JSON)
		fprintf(r->out, "{\"event\": \"memory\", \"guest-kib\": %" PRIu64 ", "
			"\"touched-kib\": %" PRIu64 ", \"touched-pages\": %" PRIu64 "}\n",
			mem->size >> 10, pages * (PMSW_PAGE_SIZE >> 10), pages);
	else
		fprintf(r->out, "%smemory: guest RAM %" PRIu64 " KiB, %" PRIu64 " KiB of it touched "
			"(%" PRIu64 " pages)\n", prefix, mem->size >> 10,
			pages * (PMSW_PAGE_SIZE >> 10), pages);
}

static void live_header(struct live *lv, const struct run_outcome *o)
{
	if (!lv->header) {
		render_header(lv->r, o);
		live_privileges(lv);
	}
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

/* stdio sets a stream's buffer up at its first write, asking the kernel
 * what the file is (fstat, a terminal's ioctl): stdout's is set up here,
 * before the filter, buffered as stdio would have (lines on a terminal). */
static void stdout_ready(void)
{
	static char buf[BUFSIZ];

	if (__fbufsize(stdout))
		return;
	setvbuf(stdout, buf, __flbf(stdout) || isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF,
		sizeof(buf));
}

/* The sessions are built: the process gives up what their runs do not
 * need (cli/sandbox.h) before the first KVM_RUN. */
static int drop(const struct run_request *req, struct session *const *s, unsigned int n,
		struct sandbox_report *rep, struct run_summary *sum)
{
	struct sandbox_fds f = { .nkeep = 0 };
	char err[300], why[340];

	for (unsigned int i = 0; i < n; i++) {
		sandbox_fds_add_kvm(&f, s[i]->sys_fd);
		sandbox_fds_add_kvm(&f, s[i]->m.vm.vm_fd);
		sandbox_fds_add_kvm(&f, s[i]->m.vm.vcpu_fd);
	}
	if (req->keep_fd >= 0)
		f.keep[f.nkeep++] = req->keep_fd;
	fflush(NULL);           /* nothing buffered is lost with its descriptor */
	stdout_ready();
	if (!sandbox_enter(&req->user, &f, rep, err, sizeof(err)))
		return 0;
	snprintf(why, sizeof(why), "sandbox: %s", err);
	return stopped(sum, PMSW_EXIT_FAIL, why);
}

/* run --nmi: a first run, single-stepped without NMIs, counts the run's
 * instructions and finds the switch's path among them; the plan comes from
 * that count, and goes to `next`, built already. A run that goes otherwise
 * with NMIs shows it itself. */
static int nmi_count_run(struct session *s, struct session *next, unsigned int *plan,
			 struct run_summary *sum)
{
	struct run_outcome o;
	char why[400];

	session_run(s, &o);
	session_destroy(s);
	if (o.vcpu.stop == VCPU_STOP_SIGNAL) {
		snprintf(why, sizeof(why), "counting the run's instructions: %s", o.vcpu.detail);
		run_outcome_free(&o);
		return stopped(sum, PMSW_EXIT_SIGNAL + o.vcpu.signal, why);
	}
	next->opt.nmi_nplan = nmi_plan(o.run_steps, o.switch_from_step, o.switch_to_step,
				       next->opt.nmi_count, plan);
	snprintf(why, sizeof(why), "counting the run's instructions: %s",
		 o.boot_error[0] ? o.boot_error : o.step_error[0] ? o.step_error :
		 "no instruction could be stepped");
	run_outcome_free(&o);
	return next->opt.nmi_nplan ? 0 : stopped(sum, PMSW_EXIT_FAIL, why);
}

/* Both sessions of run --nmi are built before the drop: the counting run
 * and the one with NMIs, whose plan the first fills in. */
static int build_all(struct session *count, struct session *s, struct session_options *so,
		     const struct render_opts *r, unsigned int *plan, struct run_summary *sum)
{
	struct session_options cso = *so;
	int status;

	if (!so->nmi_count)
		return build(s, so, r, sum);
	cso.nmi_plan = NULL;
	cso.on_record = NULL;
	status = build(count, &cso, r, sum);
	if (status)
		return status;
	so->nmi_plan = plan;
	so->nmi_nplan = 0;
	status = build(s, so, r, sum);
	if (status)
		session_destroy(count);
	return status;
}

/* Built, dropped, and with --nmi counted: ready for the judged run. */
static int prepare(const struct run_request *req, struct session_options *so, struct session *s,
		   struct sandbox_report *rep, unsigned int *plan, struct run_summary *sum)
{
	struct session count;
	struct session *all[2] = { s, &count };
	int status = build_all(&count, s, so, &req->render, plan, sum);

	if (status)
		return status;
	status = drop(req, all, so->nmi_count ? 2 : 1, rep, sum);
	if (status && so->nmi_count)
		session_destroy(&count);
	else if (so->nmi_count)
		status = nmi_count_run(&count, s, plan, sum);     /* count destroyed */
	if (status)
		session_destroy(s);
	return status;
}

int run_pair(const struct run_request *req, struct run_summary *sum)
{
	const struct render_opts *r = &req->render;
	struct session_options so = req->session;
	struct sandbox_report rep = { .privileges = "" };
	struct live lv = { .r = r, .sandbox = &rep };
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
	}
	so.on_record = live_record;
	so.on_record_ctx = &lv;
	status = prepare(req, &so, &s, &rep, plan, sum);
	if (status) {
		free(plan);
		return status;
	}
	session_run(&s, &o);
	free(plan);
	live_header(&lv, &o);
	if (o.boot_error[0]) {
		session_destroy(&s);
		run_outcome_free(&o);
		return stopped(sum, PMSW_EXIT_FAIL, o.boot_error);
	}
	render_records_end(r, &o, &lv.st);
	live_memory(r, &s.m.vm.mem);
	session_destroy(&s);
	verdict_judge(&o, &v);
	render_end(r, &o, &v);
	output_flush(r->out);
	verdict_line(&o, &v, sum->line, sizeof(sum->line));
	run_outcome_free(&o);
	return sum->status = v.status;
}
