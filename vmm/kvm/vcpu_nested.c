// SPDX-License-Identifier: MIT
/*
 * KVM_SET_CPUID2 with everything KVM supports keeps CPUID.1:ECX.VMX (nested
 * kvm_intel) or CPUID.80000001h:ECX.SVM (nested kvm_amd); it must come first
 * because it makes IA32_FEATURE_CONTROL writable and sets the CR4 fixed bits.
 */
#include "kvm/vcpu_nested.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <pmswitch/x86.h>

int vcpu_nested_setup(struct kvm_vm *vm, char *err, size_t errlen)
{
	struct kvm_cpuid2 *cpuid = kvm_supported_cpuid(vm->sys_fd);
	const struct kvm_cpuid_entry2 *leaf1;
	bool vmx;
	uint64_t v;

	if (!cpuid) {
		snprintf(err, errlen, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
		return -1;
	}
	leaf1 = kvm_cpuid_find(cpuid, 1, 0);
	vmx = leaf1 && (leaf1->ecx & CPUID_1_ECX_VMX);
	if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, cpuid)) {
		snprintf(err, errlen, "KVM_SET_CPUID2: %s", strerror(errno));
		free(cpuid);
		return -1;
	}
	free(cpuid);
	if (!vmx)
		return 0;
	/* As firmware would: locked, VMXON allowed outside SMX. */
	if (kvm_vcpu_set_msr(vm, MSR_IA32_FEATURE_CONTROL,
			     FEATURE_CONTROL_LOCKED | FEATURE_CONTROL_VMXON_OUTSIDE_SMX)) {
		snprintf(err, errlen, "cannot set IA32_FEATURE_CONTROL");
		return -1;
	}
	for (uint32_t msr = MSR_IA32_VMX_BASIC; msr <= MSR_IA32_VMX_VMFUNC; msr++) {
		/* Absent MSRs (e.g. no VMFUNC) are simply not offered. KVM derives
		 * some from others or from the guest CPUID (the non-TRUE controls,
		 * CR0/CR4_FIXED1) and refuses writes to them: the vCPU's own,
		 * possibly narrower value is then the right one. */
		if (kvm_feature_msr(vm->sys_fd, msr, &v) == 0)
			kvm_vcpu_set_msr(vm, msr, v);
	}
	return 0;
}
