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
#include "guest_stubs.inc"

	.text
	.globl vmx_entry_exit_stub
vmx_entry_exit_stub:
	mov %rax, monitor_regs + GR_RAX(%rip)
	mov %rbx, monitor_regs + GR_RBX(%rip)
	mov %rcx, monitor_regs + GR_RCX(%rip)
	mov %rdx, monitor_regs + GR_RDX(%rip)
	mov %rsi, monitor_regs + GR_RSI(%rip)
	mov %rdi, monitor_regs + GR_RDI(%rip)
	mov %rbp, monitor_regs + GR_RBP(%rip)
	mov %r8, monitor_regs + GR_R8(%rip)
	mov %r9, monitor_regs + GR_R9(%rip)
	mov %r10, monitor_regs + GR_R10(%rip)
	mov %r11, monitor_regs + GR_R11(%rip)
	mov %r12, monitor_regs + GR_R12(%rip)
	mov %r13, monitor_regs + GR_R13(%rip)
	mov %r14, monitor_regs + GR_R14(%rip)
	mov %r15, monitor_regs + GR_R15(%rip)
	call vmx_entry_exit
	ud2                     /* vmx_entry_exit never returns */

/* unsigned long vmx_entry_go(int launch): RFLAGS of a failed entry. */
	.globl vmx_entry_go
vmx_entry_go:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	test %edi, %edi         /* MOVs keep the flags for the jump below */
	mov monitor_regs + GR_RAX(%rip), %rax
	mov monitor_regs + GR_RBX(%rip), %rbx
	mov monitor_regs + GR_RCX(%rip), %rcx
	mov monitor_regs + GR_RDX(%rip), %rdx
	mov monitor_regs + GR_RBP(%rip), %rbp
	mov monitor_regs + GR_R8(%rip), %r8
	mov monitor_regs + GR_R9(%rip), %r9
	mov monitor_regs + GR_R10(%rip), %r10
	mov monitor_regs + GR_R11(%rip), %r11
	mov monitor_regs + GR_R12(%rip), %r12
	mov monitor_regs + GR_R13(%rip), %r13
	mov monitor_regs + GR_R14(%rip), %r14
	mov monitor_regs + GR_R15(%rip), %r15
	mov monitor_regs + GR_RSI(%rip), %rsi
	mov monitor_regs + GR_RDI(%rip), %rdi
	jnz 1f
	vmresume
	jmp 2f
1:	vmlaunch
2:	pushf                   /* only a failed VMLAUNCH/VMRESUME gets here */
	pop %rax
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

	GUEST_STUBS vmx_entry, vmcall
#endif
	.section .note.GNU-stack, "", @progbits
