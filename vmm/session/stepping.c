// SPDX-License-Identifier: MIT
/*
 * The probe's instrument: KVM single-stepping from the switch-start signal
 * to the landing, keeping the vCPU at every boundary, and the NMI of a
 * survival run (session_options.probe_steps, nmi_at).
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

void stepping_start(struct stepping *st, struct run_outcome *out)
{
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
	if (!st->on)
		return;
	step(st, out);
	st->last = true;
}

/* The trap after the landing only ends the stepping: the boundaries end at
 * the landing. */
void stepping_trap(struct stepping *st, struct run_outcome *out)
{
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
	struct elf_image img;
	char why[200];

	if (!out->nsteps || elf_image_load_payload(&img, st->payload_path, why, sizeof(why)))
		return;
	for (size_t i = 0; i < out->nsteps; i++)
		elf_image_symbolize(&img, out->steps[i].rip, out->steps[i].where,
				    sizeof(out->steps[i].where));
	elf_image_free(&img);
}

void stepping_end(struct stepping *st)
{
	if (!st->on)
		return;
	st->on = st->last = false;
	kvm_vcpu_single_step(st->vm, false);
}
