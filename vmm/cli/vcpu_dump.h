/* SPDX-License-Identifier: MIT */
/* The whole vCPU state, as KVM holds it, for --verbose. */
#ifndef VMM_VCPU_DUMP_H
#define VMM_VCPU_DUMP_H

#include <stdio.h>

#include "kvm/kvm.h"

/* Every line starts with prefix. Prints nothing if the state is unreadable. */
void vcpu_dump(struct kvm_vm *vm, FILE *out, const char *prefix);

#endif
