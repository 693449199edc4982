/* SPDX-License-Identifier: MIT */
/* The whole vCPU state, as KVM held it at the end of a run, for --verbose. */
#ifndef VMM_VCPU_DUMP_H
#define VMM_VCPU_DUMP_H

#include <stdio.h>

#include <linux/kvm.h>

/* Every line starts with prefix. */
void vcpu_dump(FILE *out, const char *prefix, const struct kvm_regs *regs,
	       const struct kvm_sregs *sregs);

#endif
