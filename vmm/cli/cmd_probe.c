// SPDX-License-Identifier: MIT
/*
 * pmswitch probe [OPTIONS] ORIGINAL.elf TARGET.elf: runs the pair as `run`
 * does, single-stepping the switch's path from its start to its landing,
 * and shows at every instruction boundary whose each context register is.
 * Then, in a fresh VM per boundary, an NMI raised right there: handled, or
 * the VM died. The seed's claim, measured: `inconsistent boundaries: K of
 * N, crashed: C of N`.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/probe.h"
#include "cli/render.h"
#include "cli/run_options.h"
#include "cli/run_pair.h"
#include "cli/verdict.h"

#define PROBE_STEPS_MAX         20000u  /* boundaries kept */
#define PROBE_TIMEOUT_MS        60000u  /* stepping is slow under an emulator */
/* Survival needs a fresh VM per boundary: past this many, it is not run. */
#define PROBE_SURVIVAL_MAX      1000u

/* What an NMI raised right after one boundary came to. */
struct survival {
	bool handled;
	char why[64];
};

static int bad_usage(const char *why)
{
	fprintf(stderr, "pmswitch probe: %s\n", why);
	usage_probe(stderr);
	return PMSW_EXIT_USAGE;
}

static void print_row(FILE *out, bool json, size_t i, const struct probe_step *st,
		      const struct probe_row *row, const struct survival *sv)
{
	if (json) {
		fprintf(out, "{\"boundary\": %zu, \"rip\": %" PRIu64 ", \"where\": \"", i, st->rip);
		render_escape(out, st->where, strlen(st->where), true);
		fputs("\", \"owners\": {", out);
		for (unsigned int k = 0; k < row->nregs; k++)
			fprintf(out, "%s\"%s\": \"%s\"", k ? ", " : "", row->name[k],
				probe_owner_mark(row->owner[k]));
		fprintf(out, "}, \"consistent\": %s", row->consistent ? "true" : "false");
		if (sv)
			fprintf(out, ", \"nmi\": \"%s\", \"nmi-detail\": \"%s\"",
				sv->handled ? "handled" : "died", sv->why);
		fputs("}\n", out);
		return;
	}
	fprintf(out, "%9zu  0x%-10" PRIx64 " %-32s", i, st->rip, st->where);
	for (unsigned int k = 0; k < row->nregs; k++)
		fprintf(out, " %*s", (int)strlen(row->name[k]), probe_owner_mark(row->owner[k]));
	fprintf(out, "  %-12s", row->consistent ? "consistent" : "INCONSISTENT");
	if (sv && sv->handled)
		fputs("  nmi handled", out);
	else if (sv)
		fprintf(out, "  nmi: died (%s)", sv->why);
	fputs("\n", out);
}

static void print_table(FILE *out, bool json, const struct run_outcome *o,
			const struct survival *sv)
{
	struct probe_row row;

	if (!json && o->nsteps) {
		probe_classify(o, &o->steps[0], &row);
		fprintf(out, "%9s  %-12s %-32s", "boundary", "rip", "where");
		for (unsigned int k = 0; k < row.nregs; k++)
			fprintf(out, " %s", row.name[k]);
		fputs(sv ? "  context       an NMI raised here\n" : "  context\n", out);
	}
	for (size_t i = 0; i < o->nsteps; i++) {
		probe_classify(o, &o->steps[i], &row);
		print_row(out, json, i, &o->steps[i], &row, sv ? &sv[i] : NULL);
	}
}

/* A fresh VM per boundary, the same pair, an NMI right after boundary i. */
static struct survival *survive(const struct run_request *req, size_t n)
{
	struct survival *sv = calloc(n, sizeof(*sv));

	for (size_t i = 0; sv && i < n; i++) {
		struct session_options so = req->session;
		struct session s;
		struct run_outcome o;

		so.probe_steps = (unsigned int)i + 1;
		so.probe_nmi_at = (unsigned int)i + 1;
		if (session_build(&s, &so)) {
			snprintf(sv[i].why, sizeof(sv[i].why), "%.60s", s.error);
			continue;
		}
		session_run(&s, &o);
		session_destroy(&s);
		sv[i].handled = probe_survived(&o, sv[i].why, sizeof(sv[i].why));
		run_outcome_free(&o);
	}
	return sv;
}

/* The run's own verdict first: a probe of a switch that failed says so. */
static int probe_pair(const struct run_request *req)
{
	bool json = req->render.format == RENDER_JSON;
	FILE *out = req->render.out;
	struct session s;
	struct run_outcome o;
	struct verdict v;
	enum session_error e;
	struct survival *sv = NULL;
	char line[700];
	size_t k, crashed = 0;

	e = session_build(&s, &req->session);
	if (e) {
		fprintf(stderr, "pmswitch: %s\n", s.error);
		return run_build_status(e);
	}
	session_run(&s, &o);
	session_destroy(&s);
	verdict_judge(&o, &v);
	if (!json)
		fprintf(out, "pmswitch probe: %s (%d-bit) -> %s (%d-bit), method %s: the vCPU at "
			"each instruction boundary from the switch's start to its landing "
			"(O original, T target, = both alike, ? neither)\n", o.image[0], o.width[0],
			o.image[1], o.width[1], o.method ? o.method->name : "?");
	if (o.nsteps && o.nsteps <= PROBE_SURVIVAL_MAX && !o.steps_cut)
		sv = survive(req, o.nsteps);
	for (size_t i = 0; sv && i < o.nsteps; i++)
		crashed += !sv[i].handled;
	print_table(out, json, &o, sv);
	k = probe_inconsistent(&o);
	verdict_line(&o, &v, line, sizeof(line));
	if (json) {
		fprintf(out, "{\"event\": \"probe\", \"boundaries\": %zu, \"inconsistent\": %zu, ",
			o.nsteps, k);
		if (sv)
			fprintf(out, "\"crashed\": %zu, ", crashed);
		fprintf(out, "\"cut\": %s, \"status\": %d, \"result\": \"",
			o.steps_cut ? "true" : "false", v.status);
		render_escape(out, line, strlen(line), true);
		fputs("\"}\n", out);
	} else {
		fprintf(out, "%s\n", line);
		fprintf(out, "inconsistent boundaries: %zu of %zu", k, o.nsteps);
		if (sv)
			fprintf(out, ", crashed: %zu of %zu\n", crashed, o.nsteps);
		else
			fprintf(out, " (%s; no events raised)\n", o.steps_cut ? "more were not kept" :
				o.nsteps ? "too many boundaries" : "nothing stepped");
	}
	if (!o.nsteps && v.status == PMSW_EXIT_OK) {
		fprintf(stderr, "pmswitch probe: no boundary observed%s%s\n",
			o.step_error[0] ? ": " : " (no switch-start signal)", o.step_error);
		v.status = PMSW_EXIT_FAIL;
	}
	free(sv);
	run_outcome_free(&o);
	return v.status;
}

int cmd_probe(int argc, char **argv, const struct global_opts *g)
{
	struct run_request req;
	char err[256];
	int next;

	run_request_defaults(&req);
	req.session.payload_dir = g->payload_dir;
	req.session.timeout_ms = PROBE_TIMEOUT_MS;
	req.session.probe_steps = PROBE_STEPS_MAX;
	switch (run_options_parse(argc, argv, RUN_OPT_OUTPUT | RUN_OPT_HELP, &req, &next,
				  err, sizeof(err))) {
	case RUN_OPTIONS_HELP:
		usage_probe(stdout);
		return PMSW_EXIT_OK;
	case RUN_OPTIONS_ERROR:
		return bad_usage(err);
	default:
		break;
	}
	if (req.render.format != RENDER_HUMAN && req.render.format != RENDER_JSON)
		return bad_usage("prints a table or --json: --tap and --quiet are run's");
	if (req.session.nmi_count)
		return bad_usage("raises its own NMIs, one per boundary: --nmi is run's");
	if (argc - next != 2)
		return bad_usage(argc - next < 2 ? "needs ORIGINAL.elf and TARGET.elf" :
				 "takes exactly two images");
	req.session.image[0] = argv[next];
	req.session.image[1] = argv[next + 1];
	return probe_pair(&req);
}
