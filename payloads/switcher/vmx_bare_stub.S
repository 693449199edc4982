/* SPDX-License-Identifier: MIT */
/*
 * The bare VMX exit round trip (bare.h), either width.
 *
 * vmx_bare_go() points HOST_RSP at its own frame and VMLAUNCHes the current
 * VMCS, whose guest and host are this context: vmx_bare_guest reads the
 * TSC into EDI:ESI and executes VMCALL; the exit comes to vmx_bare_host on
 * that frame (general-purpose registers carry over both ways, SDM 27.5 and
 * 28.5, so EBX counts for both), which stores the TSC, points GUEST_RIP
 * back at the guest's first instruction and VMRESUMEs, until bare_samples
 * are taken. It returns 0 then, or RFLAGS of a VMLAUNCH or VMRESUME that
 * failed; bare_taken says how many were taken either way.
 */
#include <pmswitch/vmx.h>

#include "asm_common.inc"

	.text
	.globl vmx_bare_go, vmx_bare_guest, vmx_bare_host
#ifdef __x86_64__
vmx_bare_go:
	CALLEE_SAVE
	mov $HOST_RSP, %eax
	vmwrite %rsp, %rax
	xor %ebx, %ebx
	vmlaunch
	jmp 2f
vmx_bare_host:
	BARE_SAMPLE 1f
	mov $GUEST_RIP, %eax
	lea vmx_bare_guest(%rip), %rdx
	vmwrite %rdx, %rax
	vmresume
	jmp 2f
1:	xor %eax, %eax
	jmp 3f
2:	pushf
	pop %rax
3:	mov %ebx, bare_taken(%rip)
	CALLEE_RESTORE
	ret
#else
vmx_bare_go:
	CALLEE_SAVE
	mov $HOST_RSP, %eax
	vmwrite %esp, %eax
	xor %ebx, %ebx
	vmlaunch
	jmp 2f
vmx_bare_host:
	BARE_SAMPLE 1f
	mov $GUEST_RIP, %eax
	mov $vmx_bare_guest, %edx
	vmwrite %edx, %eax
	vmresume
	jmp 2f
1:	xor %eax, %eax
	jmp 3f
2:	pushf
	pop %eax
3:	mov %ebx, bare_taken
	CALLEE_RESTORE
	ret
#endif

vmx_bare_guest:
	rdtsc
	mov %eax, %edi
	mov %edx, %esi
	vmcall
	ud2                     /* not reached: the handler enters at the rdtsc */
	.section .note.GNU-stack, "", @progbits
