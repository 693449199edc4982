/* SPDX-License-Identifier: MIT */
/*
 * The descriptor-table state the CPU runs with now, read back for a VMCS or
 * VMCB area that must be exactly what the CPU runs (vmx-exit's guest state,
 * the monitors' host state, the bare exit measurement).
 */
#ifndef SWITCHER_CPU_TABLES_H
#define SWITCHER_CPU_TABLES_H

#include <stdint.h>

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
