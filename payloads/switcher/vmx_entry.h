/* SPDX-License-Identifier: MIT */
/*
 * vmx-entry's monitor and its guests' stubs (vmx_entry.c, vmx_entry_stub.S):
 * the calls a guest makes with VMCALL, and where the monitor keeps the
 * guest's registers between an exit and the next entry.
 */
#ifndef SWITCHER_VMX_ENTRY_H
#define SWITCHER_VMX_ENTRY_H

/* VMCALL numbers, in EAX; ECX carries the argument, EDI:ESI a TSC. */
#define HC_WRITE        1       /* ECX bytes of text at PMSW_XFER_VA */
#define HC_RETURNED     2       /* the entry returned ECX */
#define HC_SWITCH       3       /* switch_now() */
#define HC_EXIT         4       /* exit(ECX) */
#define HC_LANDED       5       /* the target's first instruction ran at EDI:ESI */

/* struct vmx_guest_regs, offsets for the stub */
#define GR_RAX  0
#define GR_RBX  8
#define GR_RCX  16
#define GR_RDX  24
#define GR_RSI  32
#define GR_RDI  40
#define GR_RBP  48
#define GR_R8   56
#define GR_R9   64
#define GR_R10  72
#define GR_R11  80
#define GR_R12  88
#define GR_R13  96
#define GR_R14  104
#define GR_R15  112

#ifndef __ASSEMBLER__
#include <stdint.h>

/* A guest's general-purpose registers: a VM exit does not save them. */
struct vmx_guest_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
};
_Static_assert(__builtin_offsetof(struct vmx_guest_regs, r15) == GR_R15, "GR_* offsets");

extern struct vmx_guest_regs vmx_guest_regs;
/* Loads vmx_guest_regs and enters the current VMCS (VMLAUNCH when launch,
 * else VMRESUME). Returns RFLAGS only when the instruction failed. */
unsigned long vmx_entry_go(int launch);
extern char vmx_entry_exit_stub[], vmx_entry_landing[];
extern char vmx_entry_guest64[], vmx_entry_svc64_write[], vmx_entry_svc64_switch_now[],
	vmx_entry_svc64_exit[];
extern char vmx_entry_guest32[], vmx_entry_svc32_write[], vmx_entry_svc32_switch_now[],
	vmx_entry_svc32_exit[];
#endif

#endif
