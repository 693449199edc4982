// SPDX-License-Identifier: MIT
/* A run's frame: the header, then after the records the final state, the
 * verification and the verdict, in each format. */
#include <inttypes.h>
#include <string.h>

#include "cli/exit_status.h"
#include "cli/render.h"
#include "cli/trips.h"
#include "cli/vcpu_dump.h"

void render_header(const struct render_opts *r, const struct run_outcome *o)
{
	if (r->format == RENDER_TAP)
		fputs("TAP version 13\n# ", r->out);
	if (r->format == RENDER_HUMAN || r->format == RENDER_TAP)
		fprintf(r->out, "pmswitch: %s (%d-bit) -> %s (%d-bit), method %s\n", o->image[0],
			o->width[0], o->image[1], o->width[1], o->method ? o->method->name : "?");
}

void render_unsupported(const struct render_opts *r)
{
	if (r->format == RENDER_TAP)
		fputs("1..0 # SKIP this host cannot run it\n", r->out);
}

/* Verified fields are named as struct.member: gdtr_base -> gdtr.base. */
static void field_name(const char *name, char *buf, size_t len)
{
	char *u;

	snprintf(buf, len, "%s", name);
	u = strchr(buf, '_');
	if (u)
		*u = '.';
}

/* How a check of the vCPU against T is shown. */
struct check_words {
	const char *event;              /* JSON */
	const char *pass;               /* human: "PASS (fields)" */
	const char *what, *differ;      /* human: "WHAT FAILED: N of M fields DIFFER" */
};

static const struct check_words landing_words = {
	"landing", "landing: the vCPU at the first instruction in the target is the target",
	"landing", "differ at the first instruction in the target",
};

static const struct check_words verify_words = {
	"verify", "verified: final vCPU state matches the target context",
	"verification", "differ from the target context",
};

static void render_check(const struct render_opts *r, const struct verify_result *v,
			 const struct check_words *w)
{
	const char *prefix = r->format == RENDER_TAP ? "# " : "";
	char name[32];

	if (!v->done || r->format == RENDER_QUIET)
		return;
	if (r->format == RENDER_JSON) {
		fprintf(r->out, "{\"event\": \"%s\", \"ok\": %s, \"fields\": {", w->event,
			v->ok ? "true" : "false");
		for (unsigned int i = 0; i < v->nfields; i++) {
			field_name(v->field[i].name, name, sizeof(name));
			fprintf(r->out, "%s\"%s\": {\"actual\": %" PRIu64 ", \"expected\": %" PRIu64 "}",
				i ? ", " : "", name, v->field[i].actual, v->field[i].expected);
		}
		fputs("}}\n", r->out);
		return;
	}
	if (v->ok) {
		fprintf(r->out, "%s%s (", prefix, w->pass);
		for (unsigned int i = 0; i < v->nfields; i++) {
			field_name(v->field[i].name, name, sizeof(name));
			fprintf(r->out, "%s%s", i ? " " : "", name);
		}
		fputs(")\n", r->out);
		return;
	}
	fprintf(r->out, "%s%s FAILED: %u of %u fields %s\n", prefix, w->what, v->nbad, v->nfields,
		w->differ);
	for (unsigned int i = 0; i < v->nfields; i++) {
		if (v->field[i].actual == v->field[i].expected)
			continue;
		field_name(v->field[i].name, name, sizeof(name));
		fprintf(r->out, "%s  %-10s actual 0x%" PRIx64 " expected 0x%" PRIx64 "\n", prefix,
			name, v->field[i].actual, v->field[i].expected);
	}
}

static const char *count_word(unsigned int n)
{
	static const char *const words[] = { "no", "one", "two", "three", "four", "five", "six",
					     "seven", "eight", "nine", "ten", "eleven", "twelve" };
	static char digits[12];

	if (n < PMSW_ARRAY_SIZE(words))
		return words[n];
	snprintf(digits, sizeof(digits), "%u", n);
	return digits;
}

static void render_tap_checks(const struct render_opts *r, const struct run_outcome *o,
			      const struct verdict *v)
{
	const struct record_log *l = &o->log;
	bool done = record_log_saw(l, PMSW_EV_TARGET_DONE);

	fprintf(r->out, "1..3\n%s 1 - all %s steps of the switch, in order\n",
		record_log_complete(l) ? "ok" : "not ok", count_word(l->nsteps));
	fprintf(r->out, "%s 2 - final vCPU state verified against the target context\n",
		o->verify.ok ? "ok" : "not ok");
	fprintf(r->out, "%s 3 - target returned 0\n",
		done && !l->target_status && v->status == PMSW_EXIT_OK ? "ok" : "not ok");
	if (v->status != PMSW_EXIT_OK)
		fprintf(r->out, "# %s\n", v->why);
}

void render_end(const struct render_opts *r, const struct run_outcome *o, const struct verdict *v)
{
	char line[600];

	render_nmis(r, o);
	render_trips(r, o);
	if (r->verbose && r->format != RENDER_JSON && o->have_final)
		vcpu_dump(r->out, r->format == RENDER_TAP ? "# " : "", &o->regs, &o->sregs);
	render_check(r, &o->landing, &landing_words);
	render_check(r, &o->verify, &verify_words);
	if (r->format == RENDER_JSON) {
		fprintf(r->out, "{\"event\": \"result\", \"status\": %d, \"switched\": %s, "
			"\"verified\": %s, \"switch-tsc\": %" PRIu64 ", \"reason\": \"", v->status,
			record_log_saw(&o->log, PMSW_EV_ENTER_TARGET) ? "true" : "false",
			o->verify.ok ? "true" : "false", run_outcome_switch_tsc(o));
		render_escape(r->out, v->why, strlen(v->why), true);
		fputs("\"}\n", r->out);
	} else if (r->format == RENDER_TAP) {
		render_tap_checks(r, o, v);
	} else {
		verdict_line(o, v, line, sizeof(line));
		fprintf(r->out, "%s\n", line);
	}
}
