/* SPDX-License-Identifier: MIT */
/* Raw /dev/kvm: one VM, one RAM slot at GPA 0, one vCPU. */
#ifndef VMM_KVM_H
#define VMM_KVM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>

#include "hw/guest_mem.h"

#define KVM_API_VERSION_EXPECTED 12

struct kvm_vm {
	int sys_fd, vm_fd, vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
	struct guest_mem mem;
};

/* Opens /dev/kvm and checks the API version and the capabilities pmswitch
 * needs. Returns the fd, or -1 with one line in err. */
int kvm_open_system(char *err, size_t errlen);
/* VM with ram_size bytes of RAM at GPA 0 and vCPU 0. 0, or -1 with err. */
int kvm_vm_create(struct kvm_vm *vm, int sys_fd, uint64_t ram_size, char *err, size_t errlen);
void kvm_vm_destroy(struct kvm_vm *vm);

/* KVM_GET_SUPPORTED_CPUID; caller frees. NULL with errno on failure. */
struct kvm_cpuid2 *kvm_supported_cpuid(int sys_fd);
const struct kvm_cpuid_entry2 *kvm_cpuid_find(const struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx);
/* Feature MSR (KVM_GET_MSRS on /dev/kvm); 0 on success. */
int kvm_feature_msr(int sys_fd, uint32_t index, uint64_t *value);
int kvm_vcpu_set_msr(struct kvm_vm *vm, uint32_t index, uint64_t value);
int kvm_vcpu_get_msr(struct kvm_vm *vm, uint32_t index, uint64_t *value);
/* KVM_SET_GUEST_DEBUG: a KVM_EXIT_DEBUG after each instruction, or none. */
int kvm_vcpu_single_step(struct kvm_vm *vm, bool on);
/* An NMI for the vCPU, delivered before its next instruction. */
int kvm_vcpu_nmi(struct kvm_vm *vm);

#endif
