/* SPDX-License-Identifier: MIT */
/*
 * svm-entry's instruction sequences (64-bit payload only).
 *
 * svm_entry_go(vmcb_pa) loads the guest's general-purpose registers (RAX
 * comes from the VMCB) with the global interrupt flag clear, VMLOADs the
 * guest's FS, GS, TR, LDTR and system-call MSRs (VMRUN does not load them)
 * and runs the guest. #VMEXIT comes back right after VMRUN with the host's
 * RSP and RAX restored and the guest's other registers still in the CPU
 * (APM 15.6): they are saved, the guest's VMLOAD state VMSAVEd and the
 * monitor's VMLOADed back (svm_host_vmsave_pa), GIF set again (an NMI held
 * for the #VMEXIT is taken now, by the monitor), and svm_entry_exit() runs
 * on a fresh monitor stack. The guests'
 * code is guest_stubs.inc with VMMCALL.
 */
#include <pmswitch/layout.h>

#include "monitor.h"

#ifdef __x86_64__
#include "guest_stubs.inc"

	.text
	.globl svm_entry_go
svm_entry_go:
	mov %rdi, %rax
	clgi
	mov monitor_regs + GR_RBX(%rip), %rbx
	mov monitor_regs + GR_RCX(%rip), %rcx
	mov monitor_regs + GR_RDX(%rip), %rdx
	mov monitor_regs + GR_RSI(%rip), %rsi
	mov monitor_regs + GR_RBP(%rip), %rbp
	mov monitor_regs + GR_R8(%rip), %r8
	mov monitor_regs + GR_R9(%rip), %r9
	mov monitor_regs + GR_R10(%rip), %r10
	mov monitor_regs + GR_R11(%rip), %r11
	mov monitor_regs + GR_R12(%rip), %r12
	mov monitor_regs + GR_R13(%rip), %r13
	mov monitor_regs + GR_R14(%rip), %r14
	mov monitor_regs + GR_R15(%rip), %r15
	mov monitor_regs + GR_RDI(%rip), %rdi
	vmload %rax
	vmrun %rax
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
	vmsave %rax
	mov svm_host_vmsave_pa(%rip), %rax
	vmload %rax
	stgi
	mov $PMSW_STACK_TOP_VA, %rsp
	call svm_entry_exit
	ud2                     /* svm_entry_exit never returns */

	GUEST_STUBS svm_entry, vmmcall
#endif
	.section .note.GNU-stack, "", @progbits
