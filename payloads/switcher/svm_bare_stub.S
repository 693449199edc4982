/* SPDX-License-Identifier: MIT */
/*
 * The bare SVM exit round trip (bare.h), 64-bit payload only.
 *
 * svm_bare_go(vmcb_pa, vmcb_va) runs the VMCB, whose guest is this context,
 * with GIF clear: svm_bare_guest reads the TSC into EDI:ESI and executes
 * VMMCALL; #VMEXIT comes back right after VMRUN with the host's RSP and RAX
 * restored and the other registers as the guest left them (APM 15.6), so
 * RBX, R12 and R13 carry over. The TSC is stored, the guest's RIP pointed
 * back at its first instruction, and VMRUN again, until bare_samples are
 * taken or an exit is no VMMCALL. It returns the last exit code; bare_taken
 * says how many were taken.
 */
#include <pmswitch/svm.h>

#include "asm_common.inc"

#ifdef __x86_64__
	.text
	.globl svm_bare_go, svm_bare_guest
svm_bare_go:
	CALLEE_SAVE
	mov %rdi, %r12
	mov %rsi, %r13
	xor %ebx, %ebx
	clgi
1:	mov %r12, %rax
	vmrun %rax
	cmpq $SVM_EXIT_VMMCALL, VMCB_EXITCODE(%r13)
	jne 2f
	BARE_SAMPLE 2f
	lea svm_bare_guest(%rip), %rdx
	mov %rdx, VMCB_RIP(%r13)
	jmp 1b
2:	stgi
	mov %ebx, bare_taken(%rip)
	mov VMCB_EXITCODE(%r13), %rax
	CALLEE_RESTORE
	ret

svm_bare_guest:
	rdtsc
	mov %eax, %edi
	mov %edx, %esi
	vmmcall
	ud2                     /* not reached: the monitor enters at the rdtsc */
#endif
	.section .note.GNU-stack, "", @progbits
