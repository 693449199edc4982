/* SPDX-License-Identifier: MIT */
/*
 * The registers of a context, one table: where each lives in the state the
 * VMM builds (struct pmsw_context_state), in the payload's snapshot
 * (struct pmsw_regs) and in KVM's view (struct kvm_sregs / kvm_regs).
 * Building the vCPU state, verifying it, printing a timeline and
 * inspecting an image all walk this table.
 */
#ifndef VMM_CONTEXT_REGS_H
#define VMM_CONTEXT_REGS_H

#include <linux/kvm.h>
#include <stdint.h>

#include <pmswitch/bootinfo.h>
#include <pmswitch/report.h>

/* Where a field sits in one struct; size 0: that struct does not have it. */
struct reg_loc {
	uint16_t off;
	uint8_t size;
};

#define REG_BRIEF       (1u << 0)       /* shown in the timeline without -v */
#define REG_VERIFIED    (1u << 1)       /* checked against T at the end of a run */
#define REG_CONTROL     (1u << 2)       /* a control register (CR0, CR3, CR4, EFER) */
#define REG_OWNER       (1u << 3)       /* says whose context the CPU is in (probe) */

struct reg_field {
	const char *name;               /* "cr0", "gdtr_base", ... */
	unsigned int flags;
	struct reg_loc state;           /* struct pmsw_context_state */
	struct reg_loc snap;            /* struct pmsw_regs */
	struct reg_loc sregs;           /* struct kvm_sregs */
};

extern const struct reg_field reg_fields[];
extern const unsigned int reg_nfields;

/* The field at loc of the struct at base, zero-extended; 0 when absent. */
uint64_t reg_get(const void *base, struct reg_loc loc);
/* Stores v (truncated to the field's size); nothing when absent. */
void reg_set(void *base, struct reg_loc loc, uint64_t v);

#endif
