/* SPDX-License-Identifier: MIT */
/*
 * What the two VMX methods share: control bits as the CPU allows them,
 * VMCS writes from a table, VMX on, VMCS areas that are the CPU as it runs
 * now, and failure reports.
 */
#ifndef SWITCHER_VMX_COMMON_H
#define SWITCHER_VMX_COMMON_H

#include <stdint.h>

#include <pmswitch/types.h>

struct vmcs_field {
	uint32_t field;
	uint64_t value;
};

/* Desired bits, forced by allowed-0, filtered by allowed-1 (SDM A.3). */
uint32_t vmx_ctl(uint32_t msr, uint32_t true_msr, uint32_t want);
int vmx_allowed1(uint32_t msr, uint32_t true_msr, uint32_t bit);
/* Reports a failed VMX instruction (with VM_INSTRUCTION_ERROR when valid)
 * and ends the run. */
__attribute__((noreturn)) void vmx_fail(uint32_t insn, int status, uint64_t field);
void vmcs_write_all(const struct vmcs_field *f, unsigned int n);
unsigned long vmcs_read(uint32_t field);
/* IA32_FEATURE_CONTROL allows VMXON (locking it if the firmware did not),
 * CR4.VMXE on, VMXON on the region at vmxon_pa; a failure is reported and
 * ends the run. */
void vmx_on(const pmsw_u64 *vmxon_pa, pmsw_u64 vmxon_va, uint8_t ctx);
/* VMCLEAR and VMPTRLD of a VMCS, its revision written first. */
void vmcs_load_fresh(const pmsw_u64 *pa, pmsw_u64 va);

/* The current VMCS's execution controls with nothing intercepted but what
 * the CPU forces; the exit returns to, and the entry runs, a context of
 * this payload's width (wide: 64-bit). EFER travels when the CPU can load it. */
void vmcs_controls_plain(int wide);
/* Guest state = the CPU as it runs now, entered at rip on rsp. */
void vmcs_guest_self(uint64_t rip, uint64_t rsp, uint64_t rflags);
/* Host state = the CPU as it runs now: an exit comes to rip on rsp. */
void vmcs_host_self(uint64_t rip, uint64_t rsp);

#endif
