/* SPDX-License-Identifier: MIT */
/* Exposes nested virtualization to the guest: CPUID, IA32_FEATURE_CONTROL,
 * and the VMX capability MSRs exactly as KVM reports them. */
#ifndef VMM_VCPU_NESTED_H
#define VMM_VCPU_NESTED_H

#include <stddef.h>

#include "kvm/kvm.h"

/* Must run before any KVM_SET_SREGS that sets CR4.VMXE. 0, or -1 with err. */
int vcpu_nested_setup(struct kvm_vm *vm, char *err, size_t errlen);

#endif
