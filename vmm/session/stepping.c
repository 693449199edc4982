// SPDX-License-Identifier: MIT
/*
 * KVM single-stepping, two ways:
 *  - the probe's: from the switch-start signal to the landing, keeping the
 *    vCPU at every boundary, and the NMI of a survival run
 *    (session_options.probe_steps, probe_nmi_at);
 *  - `run --nmi`'s: the whole run, counting its instructions, with an NMI
 *    raised before each planned one (session_options.nmi_count, nmi_plan).
 *    Steps inside the payload's exception stubs are the handler's, not the
 *    run's: the count of a run with NMIs matches the run without. The
 *    signals' pauses are boundaries too: inside an emulated host, KVM may
 *    report a step only where it emulated or completed an instruction.
 */
#include "session/stepping.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "image/elf_symbols.h"

/* One instruction boundary of the switch's path, as KVM holds it. */
static void step(struct stepping *st, struct run_outcome *out)
{
	struct kvm_regs regs;
	struct probe_step *p;

	if (!st->on)
		return;
	if (out->nsteps == st->max) {
		out->steps_cut = true;
		st->on = false;
		kvm_vcpu_single_step(st->vm, false);
		return;
	}
	p = &out->steps[out->nsteps];
	if (ioctl(st->vm->vcpu_fd, KVM_GET_REGS, &regs) ||
	    ioctl(st->vm->vcpu_fd, KVM_GET_SREGS, &p->sregs)) {
		snprintf(out->step_error, sizeof(out->step_error), "KVM_GET_SREGS: %s", strerror(errno));
		return;
	}
	p->rip = regs.rip;
	out->nsteps++;
	if (st->nmi_at && out->nsteps == st->nmi_at) {
		/* Stepping off first: the NMI is the only event from here on. */
		st->on = false;
		kvm_vcpu_single_step(st->vm, false);
		if (kvm_vcpu_nmi(st->vm))
			snprintf(out->step_error, sizeof(out->step_error), "raising the NMI: %s",
				 strerror(errno));
		else
			out->nmi_raised = true;
	}
}

/* One boundary of the whole run: counted, and an NMI raised if planned. */
static void run_step(struct stepping *st, struct run_outcome *out, bool pause)
{
	struct nmi_event *e;
	struct kvm_regs regs;

	if (ioctl(st->vm->vcpu_fd, KVM_GET_REGS, &regs)) {
		snprintf(out->step_error, sizeof(out->step_error), "KVM_GET_REGS: %s", strerror(errno));
		stepping_end(st);
		return;
	}
	/* A signal's pause and the trap after it can both stop at one boundary. */
	if ((regs.rip >= st->skip_lo && regs.rip < st->skip_hi) || regs.rip == st->last_rip)
		return;
	st->last_rip = regs.rip;
	out->run_steps++;
	if (st->next >= st->nplan || st->plan[st->next] != out->run_steps)
		return;
	st->next++;
	e = &out->nmis[out->nnmis];
	e->step = out->run_steps;
	e->in_switch = st->in_switch;
	e->at_pause = pause;
	e->at.rip = regs.rip;
	if (ioctl(st->vm->vcpu_fd, KVM_GET_SREGS, &e->at.sregs) || kvm_vcpu_nmi(st->vm)) {
		snprintf(out->step_error, sizeof(out->step_error), "raising NMI %u: %s",
			 out->nnmis + 1, strerror(errno));
		stepping_end(st);
		return;
	}
	out->nnmis++;
}

int stepping_boot(struct stepping *st, struct run_outcome *out)
{
	if (!st->whole)
		return 0;
	out->stepped_run = true;
	out->nmi_planned = st->nplan;
	out->nmi_asked = st->asked;
	if (st->nplan && !(out->nmis = calloc(st->nplan, sizeof(*out->nmis)))) {
		snprintf(out->step_error, sizeof(out->step_error), "out of memory");
		return -1;
	}
	if (kvm_vcpu_single_step(st->vm, true)) {
		snprintf(out->step_error, sizeof(out->step_error), "KVM_SET_GUEST_DEBUG: %s",
			 strerror(errno));
		return -1;
	}
	st->on = true;
	run_step(st, out, false);       /* the payload's entry: the first boundary */
	return 0;
}

/* The payload's NMI handler signalled: the context the vCPU is in now is
 * the handler's, RAX and RDX the interrupted RIP and CS. */
void stepping_nmi_handled(struct stepping *st, struct run_outcome *out)
{
	struct nmi_event *e = out->nnmis ? &out->nmis[out->nnmis - 1] : NULL;
	struct kvm_regs regs;

	if (!st->whole)
		return;
	if (!e || e->handled) {
		out->nmi_stray++;
		return;
	}
	if (ioctl(st->vm->vcpu_fd, KVM_GET_REGS, &regs) ||
	    ioctl(st->vm->vcpu_fd, KVM_GET_SREGS, &e->handler_sregs))
		return;
	e->handled = true;
	e->saved_rip = regs.rax;
	e->saved_cs = (uint16_t)regs.rdx;
}

void stepping_start(struct stepping *st, struct run_outcome *out)
{
	if (st->whole) {
		/* The signal's OUT is counted already: the path begins after it. */
		out->switch_from_step = out->run_steps + 1;
		st->in_switch = true;
		run_step(st, out, true);
		return;
	}
	if (!st->max || st->on || out->nsteps)
		return;
	out->steps = calloc(st->max, sizeof(*out->steps));
	if (!out->steps) {
		snprintf(out->step_error, sizeof(out->step_error), "out of memory");
		return;
	}
	if (kvm_vcpu_single_step(st->vm, true)) {
		snprintf(out->step_error, sizeof(out->step_error), "KVM_SET_GUEST_DEBUG: %s",
			 strerror(errno));
		return;
	}
	st->on = true;
	step(st, out);
}

/* The landing paused the run in the middle of its OUT: stepping goes on to
 * the trap after it. Turned off here, KVM would still complete the OUT with
 * the trap flag set, and deliver that #DB to the guest. */
void stepping_landed(struct stepping *st, struct run_outcome *out)
{
	if (st->whole) {
		run_step(st, out, true);
		out->switch_to_step = out->run_steps;
		st->in_switch = false;
		return;
	}
	if (!st->on)
		return;
	step(st, out);
	st->last = true;
}

/* The trap after the landing only ends the stepping: the boundaries end at
 * the landing. */
void stepping_trap(struct stepping *st, struct run_outcome *out)
{
	if (st->whole) {
		if (st->on)
			run_step(st, out, false);
		return;
	}
	if (!st->last) {
		step(st, out);
		return;
	}
	if (st->on) {
		st->on = st->last = false;
		kvm_vcpu_single_step(st->vm, false);
	}
}

/* Where each boundary is in the payload, by its symbols. */
void stepping_name(const struct stepping *st, struct run_outcome *out)
{
	if (!st->payload)
		return;
	for (size_t i = 0; i < out->nsteps; i++)
		elf_image_symbolize(st->payload, out->steps[i].rip, out->steps[i].where,
				    sizeof(out->steps[i].where));
	for (unsigned int i = 0; i < out->nnmis; i++)
		elf_image_symbolize(st->payload, out->nmis[i].at.rip, out->nmis[i].at.where,
				    sizeof(out->nmis[i].at.where));
}

void stepping_end(struct stepping *st)
{
	if (!st->on)
		return;
	st->on = st->last = false;
	kvm_vcpu_single_step(st->vm, false);
}
