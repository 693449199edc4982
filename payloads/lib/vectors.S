/* SPDX-License-Identifier: MIT */
/*
 * Exception stubs for vectors 0..31, 16 bytes apart at PMSW_VECTORS_VA.
 * Each pushes a dummy error code where the CPU pushes none (SDM 6.13), then
 * its vector, and jumps to payload_exception(frame), which never returns.
 * One exception: while `pmswitch probe` steps the vCPU (payload_probed), a
 * debug trap (#DB, vector 1) is the VMM's stepping, not the guest's: KVM can
 * leave the last one to the guest when stepping stops. It is dismissed, the
 * trap flag cleared in the saved RFLAGS.
 */

	.section .text.vectors, "ax"
	.globl pmsw_vectors
pmsw_vectors:
	.altmacro
	.macro stub v
	.balign 16
	.if !((\v == 8) || (\v >= 10 && \v <= 14) || (\v == 17) || (\v == 21) || (\v == 29) || (\v == 30))
	push $0
	.endif
	push $\v
	jmp exception_common
	.endm
	.set vec, 0
	.rept 32
	stub %vec
	.set vec, vec + 1
	.endr

	.text
exception_common:
#ifdef __x86_64__
	cmpq $1, (%rsp)                 /* vector, error code, RIP, CS, RFLAGS */
	jne 2f
	cmpb $0, payload_probed(%rip)
	je 2f
	andq $~0x100, 32(%rsp)
	add $16, %rsp
	iretq
2:	mov %rsp, %rdi
	and $-16, %rsp
	call payload_exception
#else
	cmpl $1, (%esp)                 /* vector, error code, EIP, CS, EFLAGS */
	jne 2f
	cmpb $0, payload_probed
	je 2f
	andl $~0x100, 16(%esp)
	add $8, %esp
	iret
2:	mov %esp, %eax
	and $-16, %esp
	sub $12, %esp
	push %eax
	call payload_exception
#endif
1:	cli
	hlt
	jmp 1b
	.section .note.GNU-stack, "", @progbits
