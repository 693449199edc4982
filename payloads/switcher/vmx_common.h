/* SPDX-License-Identifier: MIT */
/*
 * What the two VMX methods share: control bits as the CPU allows them,
 * VMCS writes from a table, VMX on, the CPU's own descriptor state (for a
 * VMCS area that must be what the CPU runs now), and failure reports.
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

/* The descriptor-table state the CPU runs with now. */
struct cpu_tables {
	struct __attribute__((packed)) { uint16_t limit; unsigned long base; } gdtr, idtr;
	uint16_t cs, ss, ds, es, fs, gs, tr;
};

void cpu_tables_read(struct cpu_tables *t);
/* A loaded segment's access rights in VMCS format (SDM 25.4.1) via LAR,
 * its limit via LSL; VMX_AR_UNUSABLE for a null selector. */
uint32_t cpu_seg_ar(uint16_t sel);
uint32_t cpu_seg_limit(uint16_t sel);
/* TR's base, from its (possibly 16-byte) GDT descriptor. */
uint64_t cpu_tss_base(uint64_t gdt, uint16_t sel);

#endif
