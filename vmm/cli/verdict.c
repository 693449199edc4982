// SPDX-License-Identifier: MIT
#include "cli/verdict.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <pmswitch/report.h>
#include <pmswitch/x86.h>

#include "cli/exit_status.h"
#include "cli/probe.h"
#include "report/report_decode.h"

/* PASS needs the switch itself, not only its result: every step the method
 * defines, each once and in order. */
static bool steps_ok(const struct record_log *l, char *why, size_t n)
{
	if (l->out_of_order && l->due)
		snprintf(why, n, "the switch's steps are not the method's: %s came where %s was due",
			 report_event_name(l->out_of_turn), report_event_name(l->due));
	else if (l->out_of_order)
		snprintf(why, n, "the switch's steps are not the method's: %s came after the last step",
			 report_event_name(l->out_of_turn));
	else if (l->next_step < l->nsteps)
		snprintf(why, n, "the switch is incomplete: step %s never came",
			 report_event_name(l->steps[l->next_step]));
	else
		return true;
	return false;
}

/* The VMM's own view of the switch: the vCPU at the first instruction in T. */
static bool landing_ok(const struct run_outcome *o, char *why, size_t n)
{
	const struct verify_result *v = &o->landing;

	if (!o->method->landing_symbol)
		return true;
	if (!o->round_trips && o->landings != 1) {
		snprintf(why, n, "the VMM saw %u landings in the target, not one", o->landings);
		return false;
	}
	if (o->landings != o->landings_expected) {
		snprintf(why, n, "the VMM saw %u landings, not %u (%u round trips)", o->landings,
			 o->landings_expected, o->round_trips);
		return false;
	}
	if (o->landings_bad) {
		snprintf(why, n, "%u landings were not their context's, first %s", o->landings_bad,
			 o->landing_bad);
		return false;
	}
	if (!v->done) {
		snprintf(why, n, "the VMM could not read the vCPU at the landing");
		return false;
	}
	for (unsigned int i = 0; i < v->nfields; i++) {
		if (v->field[i].actual == v->field[i].expected)
			continue;
		snprintf(why, n, "at the landing the vCPU was not the target: %u of %u fields "
			 "differ, first %s 0x%llx (expected 0x%llx)", v->nbad, v->nfields,
			 v->field[i].name, (unsigned long long)v->field[i].actual,
			 (unsigned long long)v->field[i].expected);
		return false;
	}
	return true;
}

/* run --nmi: an NMI the payload's handler never signalled is why the run
 * died, whatever else it left behind. */
static bool nmis_handled(const struct run_outcome *o, char *why, size_t n)
{
	char death[64];

	for (unsigned int i = 0; i < o->nnmis; i++) {
		const struct nmi_event *e = &o->nmis[i];

		/* At a pause, the paused instruction (an OUT) completes first. A
		 * monitor handles the NMIs of its guests: under SVM the NMI waits
		 * for the monitor's STGI, so what it interrupted is the monitor. */
		if (e->handled && (e->saved_rip == e->at.rip ||
				   (e->at_pause && e->saved_rip - e->at.rip <= X86_MAX_INSN_LEN) ||
				   !strcmp(probe_context(o, &e->handler_sregs), "M")))
			continue;
		if (e->handled) {
			snprintf(why, n, "NMI %u: the handler says it came at 0x%llx, the VMM raised "
				 "it at 0x%llx", i + 1, (unsigned long long)e->saved_rip,
				 (unsigned long long)e->at.rip);
			return false;
		}
		probe_death(o, death, sizeof(death));
		snprintf(why, n, "NMI %u of %u, raised before instruction %u (%s%s), was not "
			 "handled: %s", i + 1, o->nmi_planned, e->step, e->at.where,
			 e->in_switch ? ", in the switch" : "", death);
		return false;
	}
	return true;
}

static unsigned int nmis_in_switch(const struct run_outcome *o)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < o->nnmis; i++)
		k += o->nmis[i].in_switch;
	return k;
}

/* run --nmi: every NMI planned was raised, and the guest signalled no other. */
static bool nmis_complete(const struct run_outcome *o, char *why, size_t n)
{
	if (o->step_error[0])
		snprintf(why, n, "stepping the run: %s", o->step_error);
	else if (o->nmi_stray)
		snprintf(why, n, "the guest signalled %u NMI(s) the VMM never raised", o->nmi_stray);
	else if (o->nnmis < o->nmi_planned)
		snprintf(why, n, "only %u of %u NMIs were raised: the run took %u instructions",
			 o->nnmis, o->nmi_planned, o->run_steps);
	else
		return true;
	return false;
}

/* The first thing that went wrong decides; in the order a run goes. */
void verdict_judge(const struct run_outcome *o, struct verdict *v)
{
	const struct record_log *l = &o->log;
	size_t n = sizeof(v->why);

	v->status = PMSW_EXIT_FAIL;
	v->why[0] = '\0';
	if (o->boot_error[0])
		snprintf(v->why, n, "%s", o->boot_error);
	else if (o->vcpu.stop == VCPU_STOP_SIGNAL) {
		snprintf(v->why, n, "%s", o->vcpu.detail);
		v->status = PMSW_EXIT_SIGNAL + o->vcpu.signal;
	} else if (o->vcpu.stop == VCPU_STOP_TIMEOUT) {
		snprintf(v->why, n, "timeout: %s", o->vcpu.detail);
		v->status = PMSW_EXIT_TIMEOUT;
	} else if (o->stepped_run && !nmis_handled(o, v->why, n))
		;       /* nmis_handled said why */
	else if (!o->decoder_ok)
		snprintf(v->why, n, "bad report from the guest: %s", o->decoder_error);
	else if (l->failure[0])
		snprintf(v->why, n, "%s", l->failure);
	else if (o->vcpu.stop != VCPU_STOP_GUEST_EXIT)
		snprintf(v->why, n, "%s: %s", vcpu_stop_name(o->vcpu.stop), o->vcpu.detail);
	else if (!record_log_saw(l, PMSW_EV_TARGET_DONE))
		snprintf(v->why, n, "the run ended before the target finished%s%s",
			 o->early_text[0] ? "; early console: " : "", o->early_text);
	else if (o->method && !steps_ok(l, v->why, n))
		;       /* steps_ok said why */
	else if (o->method && !landing_ok(o, v->why, n))
		;       /* landing_ok said why */
	else if (!o->verify.ok)
		snprintf(v->why, n, "final vCPU state does not match the target context");
	else if (o->method && o->method->check && !o->method->check(l, v->why, n))
		;       /* the method said why */
	else if (l->target_status != 0)
		snprintf(v->why, n, "target returned %d", l->target_status);
	else if (o->stepped_run && !nmis_complete(o, v->why, n))
		;       /* nmis_complete said why */
	else
		v->status = PMSW_EXIT_OK;
}

void verdict_line(const struct run_outcome *o, const struct verdict *v, char *buf, size_t len)
{
	uint64_t tsc = run_outcome_switch_tsc(o);
	int n;

	if (v->status != PMSW_EXIT_OK) {
		snprintf(buf, len, "result: FAIL %s", v->why);
		return;
	}
	n = snprintf(buf, len, "result: PASS switched %s -> %s with %s", o->image[0], o->image[1],
		     o->method ? o->method->name : "?");
	if (n < 0 || (size_t)n >= len)
		return;
	/* Stepped, the TSC counts the VMM's stepping, not the switch. */
	if (o->stepped_run)
		snprintf(buf + n, len - (size_t)n, ", surviving %u NMIs (%u in the switch)", o->nnmis,
			 nmis_in_switch(o));
	else if (tsc)
		snprintf(buf + n, len - (size_t)n, " in %" PRIu64 " TSC cycles (%s)", tsc,
			 o->method->span_what);
}
