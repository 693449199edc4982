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

	if (res->note[0])
		fprintf(out, "# %s\n", res->note);
	for (; p && p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		fprintf(out, "# %.*s\n", (int)(nl - p), p);
	}
}

void batch_report_pair(void *ctx, size_t i, const struct batch_entry *e,
		       const struct batch_result *res)
{
	static const char *const word[] = { [BATCH_PASS] = "PASS", [BATCH_FAIL] = "FAIL",
					    [BATCH_SKIP] = "SKIP" };
	struct batch_report *r = ctx;
	enum batch_outcome o = batch_outcome(e->expected, res->status);
	char name[2 * 4096 + 16], verdict[512];

	batch_pair_name(e, name, sizeof(name));
	batch_verdict(res, verdict, sizeof(verdict));
	if (o == BATCH_PASS)
		r->passed++;
	else if (o == BATCH_FAIL)
		r->failed++;
	else
		r->skipped++;
	if (r->format == BATCH_HUMAN) {
		fprintf(r->out, "%s  %s (exit %d, expected %d)\n", word[o], name, res->status,
			e->expected);
		if (o != BATCH_PASS)
			fprintf(r->out, "      %s\n", verdict);
	} else if (o == BATCH_PASS) {
		fprintf(r->out, "ok %zu - %s\n", i + 1, name);
	} else if (o == BATCH_SKIP) {
		fprintf(r->out, "ok %zu - %s # SKIP host cannot run it\n# %s\n", i + 1, name, verdict);
	} else {
		fprintf(r->out, "not ok %zu - %s # exit %d, expected %d\n", i + 1, name, res->status,
			e->expected);
		tap_diag(r->out, res);
	}
	output_flush(r->out);
}

void batch_report_end(struct batch_report *r)
{
	fprintf(r->out, "%sbatch: %u passed, %u failed, %u skipped\n",
		r->format == BATCH_TAP ? "# " : "", r->passed, r->failed, r->skipped);
	output_flush(r->out);
}

int batch_report_status(const struct batch_report *r)
{
	if (r->failed)
		return PMSW_EXIT_FAIL;
	return r->skipped ? PMSW_EXIT_UNSUPPORTED : PMSW_EXIT_OK;
}
