// SPDX-License-Identifier: MIT
#include "cli/batch/batch_report.h"

#include <string.h>

#include "cli/exit_status.h"
#include "cli/output.h"

enum batch_outcome batch_outcome(int expected, int status)
{
	if (status == expected)
		return BATCH_PASS;
	return status == PMSW_EXIT_UNSUPPORTED ? BATCH_SKIP : BATCH_FAIL;
}

enum batch_outcome batch_result_outcome(const struct batch_entry *e, const struct batch_result *r)
{
	if (r->stop_signal)
		return r->ran ? BATCH_STOPPED : BATCH_NOT_RUN;
	return batch_outcome(e->expected, r->status);
}

void batch_pair_name(const struct batch_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s -> %s%s%s", e->original, e->target, *e->options ? " " : "",
		 e->options);
}

void batch_verdict(const struct batch_result *r, char *buf, size_t len)
{
	if (r->note[0])
		snprintf(buf, len, "%s", r->note);
	else if (r->reported)
		snprintf(buf, len, "%s", r->summary.line);
	else
		snprintf(buf, len, "(the run reported no result)");
}

void batch_report_begin(struct batch_report *r, FILE *out, enum batch_format f, size_t npairs)
{
	memset(r, 0, sizeof(*r));
	r->out = out;
	r->format = f;
	if (f == BATCH_TAP)
		fprintf(out, "TAP version 13\n1..%zu\n", npairs);
}

/* Every line of the output, as TAP diagnostics. */
static void tap_diag(FILE *out, const struct batch_result *res)
{
	const char *p = res->output, *end = res->output ? res->output + res->len : NULL, *nl;

	if (res->note[0] && !res->stop_signal)         /* a stop's note is on the test line */
		fprintf(out, "# %s\n", res->note);
	for (; p && p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		fprintf(out, "# %.*s\n", (int)(nl - p), p);
	}
}

static void count(struct batch_report *r, enum batch_outcome o, const struct batch_result *res)
{
	unsigned int *n[] = { [BATCH_PASS] = &r->passed, [BATCH_FAIL] = &r->failed,
			      [BATCH_SKIP] = &r->skipped, [BATCH_STOPPED] = &r->stopped,
			      [BATCH_NOT_RUN] = &r->not_run };

	(*n[o])++;
	if (res->stop_signal)
		r->stop_signal = res->stop_signal;
}

static void human_pair(struct batch_report *r, enum batch_outcome o, const char *name,
		       const struct batch_entry *e, const struct batch_result *res)
{
	static const char *const word[] = { [BATCH_PASS] = "PASS", [BATCH_FAIL] = "FAIL",
					    [BATCH_SKIP] = "SKIP", [BATCH_STOPPED] = "STOP",
					    [BATCH_NOT_RUN] = "STOP" };
	char verdict[512];

	if (o == BATCH_STOPPED || o == BATCH_NOT_RUN) {
		fprintf(r->out, "%s  %s (%s)\n", word[o], name, res->note);
		if (o == BATCH_STOPPED && res->reported)
			fprintf(r->out, "      %s\n", res->summary.line);
		return;
	}
	fprintf(r->out, "%s  %s (exit %d, expected %d)\n", word[o], name, res->status, e->expected);
	batch_verdict(res, verdict, sizeof(verdict));
	if (o != BATCH_PASS)
		fprintf(r->out, "      %s\n", verdict);
}

static void tap_pair(struct batch_report *r, enum batch_outcome o, size_t i, const char *name,
		     const struct batch_entry *e, const struct batch_result *res)
{
	char verdict[512];

	batch_verdict(res, verdict, sizeof(verdict));
	if (o == BATCH_PASS) {
		fprintf(r->out, "ok %zu - %s\n", i + 1, name);
	} else if (o == BATCH_SKIP) {
		fprintf(r->out, "ok %zu - %s # SKIP host cannot run it\n# %s\n", i + 1, name, verdict);
	} else if (o == BATCH_FAIL) {
		fprintf(r->out, "not ok %zu - %s # exit %d, expected %d\n", i + 1, name, res->status,
			e->expected);
		tap_diag(r->out, res);
	} else {
		/* Not a SKIP even when it never ran: harnesses count a SKIP as passed. */
		fprintf(r->out, "not ok %zu - %s # %s\n", i + 1, name, res->note);
		tap_diag(r->out, res);
	}
}

void batch_report_pair(void *ctx, size_t i, const struct batch_entry *e,
		       const struct batch_result *res)
{
	struct batch_report *r = ctx;
	enum batch_outcome o = batch_result_outcome(e, res);
	char name[2 * 4096 + 16];

	batch_pair_name(e, name, sizeof(name));
	count(r, o, res);
	if (r->format == BATCH_HUMAN)
		human_pair(r, o, name, e, res);
	else
		tap_pair(r, o, i, name, e, res);
	output_flush(r->out);
}

void batch_report_end(struct batch_report *r)
{
	const char *prefix = r->format == BATCH_TAP ? "# " : "";

	if (r->stop_signal)
		fprintf(r->out, "%sbatch: stopped by %s: %u passed, %u failed, %u skipped, %u stopped, "
			"%u not run\n", prefix, vcpu_signal_name(r->stop_signal), r->passed, r->failed,
			r->skipped, r->stopped, r->not_run);
	else
		fprintf(r->out, "%sbatch: %u passed, %u failed, %u skipped\n", prefix, r->passed,
			r->failed, r->skipped);
	output_flush(r->out);
}

int batch_report_status(const struct batch_report *r)
{
	if (r->stop_signal)
		return PMSW_EXIT_SIGNAL + r->stop_signal;
	if (r->failed)
		return PMSW_EXIT_FAIL;
	return r->skipped ? PMSW_EXIT_UNSUPPORTED : PMSW_EXIT_OK;
}
