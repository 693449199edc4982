// SPDX-License-Identifier: MIT
#include "cli/probe.h"

#include <stdio.h>
#include <string.h>

#include <pmswitch/report.h>

#include <pmswitch/x86.h>

#include "context/context_regs.h"

/* CR4.VMXE is VMX's own bit, set around the switch, not a context's. */
static uint64_t owner_value(const struct reg_field *f, uint64_t v)
{
	return strcmp(f->name, "cr4") ? v : v & ~(uint64_t)X86_CR4_VMXE;
}

void probe_classify(const struct run_outcome *o, const struct probe_step *st, struct probe_row *row)
{
	bool saw_o = false, saw_t = false, neither = false;

	row->nregs = 0;
	for (unsigned int i = 0; i < reg_nfields && row->nregs < PROBE_MAX_REGS; i++) {
		const struct reg_field *f = &reg_fields[i];
		uint64_t v, vo, vt;
		enum probe_owner w;

		if (!(f->flags & REG_OWNER))
			continue;
		v = owner_value(f, reg_get(&st->sregs, f->sregs));
		vo = reg_get(&o->built[0], f->state);
		vt = reg_get(&o->built[1], f->state);
		w = v == vo && v == vt ? OWNER_BOTH : v == vo ? OWNER_ORIGINAL :
		    v == vt ? OWNER_TARGET : OWNER_NEITHER;
		saw_o |= w == OWNER_ORIGINAL;
		saw_t |= w == OWNER_TARGET;
		neither |= w == OWNER_NEITHER;
		row->name[row->nregs] = f->name;
		row->owner[row->nregs++] = w;
	}
	row->consistent = !neither && !(saw_o && saw_t);
}

size_t probe_inconsistent(const struct run_outcome *o)
{
	size_t k = 0;

	for (size_t i = 0; i < o->nsteps; i++) {
		struct probe_row row;

		probe_classify(o, &o->steps[i], &row);
		k += !row.consistent;
	}
	return k;
}

void probe_death(const struct run_outcome *o, char *why, size_t len)
{
	const struct record_log *l = &o->log;

	for (size_t i = 0; i < l->n; i++) {
		if (l->rec[i].hdr.event != PMSW_EV_EXCEPTION)
			continue;
		snprintf(why, len, "exception %u", l->rec[i].body.exception.vector);
		return;
	}
	if (o->vcpu.stop == VCPU_STOP_SHUTDOWN)
		snprintf(why, len, "triple fault");
	else if (o->vcpu.stop == VCPU_STOP_GUEST_EXIT)
		snprintf(why, len, "the run went on as if no NMI came");
	else
		snprintf(why, len, "%s", vcpu_stop_name(o->vcpu.stop));
}

bool probe_survived(const struct run_outcome *o, char *why, size_t len)
{
	const struct record_log *l = &o->log;

	if (!o->nmi_raised) {
		snprintf(why, len, "no NMI raised%s%s", o->step_error[0] ? ": " : "", o->step_error);
		return false;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (l->rec[i].hdr.event != PMSW_EV_EXCEPTION)
			continue;
		if (l->rec[i].body.exception.vector == X86_VEC_NMI)
			return true;
		break;          /* the first exception decides */
	}
	probe_death(o, why, len);
	return false;
}

const char *probe_context(const struct run_outcome *o, const struct kvm_sregs *sregs)
{
	struct probe_step st = { .sregs = *sregs };
	struct probe_row row;
	bool saw_t = false;

	probe_classify(o, &st, &row);
	if (!row.consistent)
		return "mixed";
	for (unsigned int i = 0; i < row.nregs; i++)
		saw_t |= row.owner[i] == OWNER_TARGET;
	return saw_t ? "T" : "O";
}

const char *probe_owner_mark(enum probe_owner w)
{
	static const char *const marks[] = {
		[OWNER_BOTH] = "=", [OWNER_ORIGINAL] = "O", [OWNER_TARGET] = "T",
		[OWNER_NEITHER] = "?",
	};

	return marks[w];
}
