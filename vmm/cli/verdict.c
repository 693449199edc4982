// SPDX-License-Identifier: MIT
#include "cli/verdict.h"

#include <inttypes.h>
#include <stdio.h>

#include <pmswitch/report.h>

#include "cli/exit_status.h"

/* The first thing that went wrong decides; in the order a run goes. */
void verdict_judge(const struct run_outcome *o, struct verdict *v)
{
	const struct record_log *l = &o->log;
	size_t n = sizeof(v->why);

	v->status = PMSW_EXIT_FAIL;
	v->why[0] = '\0';
	if (o->boot_error[0])
		snprintf(v->why, n, "%s", o->boot_error);
	else if (o->vcpu.stop == VCPU_STOP_TIMEOUT) {
		snprintf(v->why, n, "timeout: %s", o->vcpu.detail);
		v->status = PMSW_EXIT_TIMEOUT;
	} else if (!o->decoder_ok)
		snprintf(v->why, n, "bad report from the guest: %s", o->decoder_error);
	else if (l->failure[0])
		snprintf(v->why, n, "%s", l->failure);
	else if (o->vcpu.stop != VCPU_STOP_GUEST_EXIT)
		snprintf(v->why, n, "%s: %s", vcpu_stop_name(o->vcpu.stop), o->vcpu.detail);
	else if (!record_log_saw(l, PMSW_EV_TARGET_DONE))
		snprintf(v->why, n, "the run ended before the target finished%s%s",
			 o->early_text[0] ? "; early console: " : "", o->early_text);
	else if (!o->verify.ok)
		snprintf(v->why, n, "final vCPU state does not match the target context");
	else if (o->method && o->method->check && !o->method->check(l, v->why, n))
		;       /* the method said why */
	else if (l->target_status != 0)
		snprintf(v->why, n, "target returned %d", l->target_status);
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
	if (tsc && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " in %" PRIu64 " TSC cycles (%s)", tsc,
			 o->method->span_what);
}
