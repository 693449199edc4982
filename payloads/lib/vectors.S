/* SPDX-License-Identifier: MIT */
/*
 * Exception stubs for vectors 0..31, 16 bytes apart at PMSW_VECTORS_VA.
 * Each pushes a dummy error code where the CPU pushes none (SDM 6.13), then
 * its vector, and jumps to payload_exception(frame), which never returns.
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
	mov %rsp, %rdi
	and $-16, %rsp
	call payload_exception
#else
	mov %esp, %eax
	and $-16, %esp
	sub $12, %esp
	push %eax
	call payload_exception
#endif
1:	cli
	hlt
	jmp 1b
	.section .note.GNU-stack, "", @progbits
