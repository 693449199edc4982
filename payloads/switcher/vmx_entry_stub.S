/* SPDX-License-Identifier: MIT */
/*
 * vmx-entry's instruction sequences (64-bit payload only).
 *
 * vmx_entry_exit_stub (HOST_RIP) saves the guest's general-purpose
 * registers, which a VM exit leaves in the CPU (SDM 28.1), and calls
 * vmx_entry_exit() on a fresh monitor stack (HOST_RSP); vmx_entry_go()
 * loads them back and enters. The guests' code is guest_stubs.inc with
 * VMCALL.
 */
#include <pmswitch/layout.h>

#include "monitor.h"

#ifdef __x86_64__
#include "asm_common.inc"
#include "guest_stubs.inc"

	.text
	.globl vmx_entry_exit_stub
vmx_entry_exit_stub:
	mov %rax, monitor_regs + GR_RAX(%rip)
	MONITOR_REGS_SAVE
	call vmx_entry_exit
	ud2                     /* vmx_entry_exit never returns */

/* unsigned long vmx_entry_go(int launch): RFLAGS of a failed entry. */
	.globl vmx_entry_go
vmx_entry_go:
	CALLEE_SAVE
	test %edi, %edi         /* MOVs keep the flags for the jump below */
	mov monitor_regs + GR_RAX(%rip), %rax
	MONITOR_REGS_LOAD
	jnz 1f
	vmresume
	jmp 2f
1:	vmlaunch
2:	pushf                   /* only a failed VMLAUNCH/VMRESUME gets here */
	pop %rax
	CALLEE_RESTORE
	ret

	GUEST_STUBS vmx_entry, vmcall
#endif
	.section .note.GNU-stack, "", @progbits
