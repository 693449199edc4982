// SPDX-License-Identifier: MIT
#include "cli/probe.h"

#include <stdio.h>
#include <string.h>

#include <pmswitch/report.h>

#include <pmswitch/x86.h>

#include "context/context_regs.h"

/* CR4.VMXE and EFER.SVME are VMX's and SVM's own bits, set around the
 * switch (and in a guest of a monitor method), not a context's. */
static uint64_t owner_value(const struct reg_field *f, uint64_t v)
{
	if (!strcmp(f->name, "cr4"))
		return v & ~(uint64_t)X86_CR4_VMXE;
	if (!strcmp(f->name, "efer"))
		return v & ~(uint64_t)X86_EFER_SVME;
	return v;
}

/* Bit c set in the result: the register holds what context c was built with. */
static unsigned int matches(const struct run_outcome *o, const struct reg_field *f, uint64_t v)
{
	unsigned int m = 0;

	for (unsigned int c = 0; c < o->nbuilt; c++)
		if (v == reg_get(&o->built[c], f->state))
			m |= 1u << c;
	return m;
}

static enum probe_owner owner_of(unsigned int m, unsigned int in)
{
	static const enum probe_owner single[] = { OWNER_ORIGINAL, OWNER_TARGET, OWNER_MONITOR };

	if (!m)
		return OWNER_NEITHER;
	if ((m & 3) == 3)
		return OWNER_BOTH;
	if (in && (m & in))
		m &= in;        /* the consistent context's, when a value is shared */
	return single[__builtin_ctz(m)];
}

void probe_classify(const struct run_outcome *o, const struct probe_step *st, struct probe_row *row)
{
	unsigned int m[PROBE_MAX_REGS], all = (1u << o->nbuilt) - 1, in;

	row->nregs = 0;
	for (unsigned int i = 0; i < reg_nfields && row->nregs < PROBE_MAX_REGS; i++) {
		const struct reg_field *f = &reg_fields[i];

		if (!(f->flags & REG_OWNER))
			continue;
		m[row->nregs] = matches(o, f, owner_value(f, reg_get(&st->sregs, f->sregs)));
		all &= m[row->nregs];
		row->name[row->nregs++] = f->name;
	}
	/* One context holds every register: the CPU is in it. */
	in = all & -all;
	row->consistent = in != 0;
	for (unsigned int k = 0; k < row->nregs; k++)
		row->owner[k] = owner_of(m[k], in);
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
	const char *in = "O";   /* all built alike: O's as much as anyone's */

	probe_classify(o, &st, &row);
	if (!row.consistent)
		return "mixed";
	for (unsigned int i = 0; i < row.nregs; i++)
		if (row.owner[i] != OWNER_BOTH)
			in = probe_owner_mark(row.owner[i]);
	return in;
}

const char *probe_owner_mark(enum probe_owner w)
{
	static const char *const marks[] = {
		[OWNER_BOTH] = "=", [OWNER_ORIGINAL] = "O", [OWNER_TARGET] = "T",
		[OWNER_MONITOR] = "M", [OWNER_NEITHER] = "?",
	};

	return marks[w];
}
