// SPDX-License-Identifier: MIT
/* `run --nmi`: where each NMI came and what became of it, in each format. */
#include <inttypes.h>
#include <string.h>

#include "cli/probe.h"
#include "cli/render.h"

static void render_nmi_json(const struct render_opts *r, const struct run_outcome *o,
			    unsigned int i, const char *fate)
{
	const struct nmi_event *e = &o->nmis[i];

	fprintf(r->out, "{\"event\": \"nmi\", \"n\": %u, \"instruction\": %u, \"rip\": %" PRIu64
		", \"where\": \"", i + 1, e->step, e->at.rip);
	render_escape(r->out, e->at.where, strlen(e->at.where), true);
	fprintf(r->out, "\", \"in-switch\": %s, \"context\": \"%s\", \"handled\": %s",
		e->in_switch ? "true" : "false", probe_context(o, &e->at.sregs),
		e->handled ? "true" : "false");
	if (e->handled)
		fprintf(r->out, ", \"handler-context\": \"%s\"", probe_context(o, &e->handler_sregs));
	else
		fprintf(r->out, ", \"died\": \"%s\"", fate);
	fputs("}\n", r->out);
}

void render_nmis(const struct render_opts *r, const struct run_outcome *o)
{
	const char *prefix = r->format == RENDER_TAP ? "# " : "";
	unsigned int handled = 0, in_switch = 0;
	char fate[64] = "";

	if (!o->stepped_run || r->format == RENDER_QUIET)
		return;
	for (unsigned int i = 0; i < o->nnmis; i++) {
		handled += o->nmis[i].handled;
		in_switch += o->nmis[i].in_switch;
	}
	if (handled < o->nnmis)
		probe_death(o, fate, sizeof(fate));
	if (r->format == RENDER_JSON) {
		fprintf(r->out, "{\"event\": \"nmis\", \"asked\": %u, \"planned\": %u, \"raised\": %u, "
			"\"handled\": %u, \"in-switch\": %u, \"instructions\": %u}\n", o->nmi_asked,
			o->nmi_planned, o->nnmis,
			handled, in_switch, o->run_steps);
		for (unsigned int i = 0; i < o->nnmis; i++)
			render_nmi_json(r, o, i, fate);
		return;
	}
	fprintf(r->out, "%snmis: %u of %u raised", prefix, o->nnmis, o->nmi_planned);
	if (o->nmi_asked != o->nmi_planned)
		fprintf(r->out, " (%u asked)", o->nmi_asked);
	fprintf(r->out, " over %u instructions (%u in the switch), %u handled\n", o->run_steps,
		in_switch, handled);
	for (unsigned int i = 0; i < o->nnmis; i++) {
		const struct nmi_event *e = &o->nmis[i];

		fprintf(r->out, "%s  nmi %-3u before %6u  0x%-10" PRIx64 " %-32s %-6s  in %-5s  ",
			prefix, i + 1, e->step, e->at.rip, e->at.where,
			e->in_switch ? "switch" : "", probe_context(o, &e->at.sregs));
		if (e->handled)
			fprintf(r->out, "handled in %s\n", probe_context(o, &e->handler_sregs));
		else
			fprintf(r->out, "died: %s\n", fate);
	}
}
