/* SPDX-License-Identifier: MIT */
/*
 * long call_on_stack(long (*fn)(void *), void *arg, unsigned long stack_top)
 * Calls fn(arg) with the stack pointer at stack_top (a context image's own
 * stack), using the platform calling convention, and returns its value.
 */
	.text
	.globl call_on_stack
call_on_stack:
#ifdef __x86_64__
	push %rbp
	mov %rsp, %rbp
	mov %rdx, %rsp
	and $-16, %rsp
	mov %rdi, %rax
	mov %rsi, %rdi
	call *%rax
	mov %rbp, %rsp
	pop %rbp
	ret
#else
	push %ebp
	mov %esp, %ebp
	mov 8(%ebp), %ecx
	mov 12(%ebp), %edx
	mov 16(%ebp), %esp
	and $-16, %esp
	sub $12, %esp
	push %edx
	call *%ecx
	mov %ebp, %esp
	pop %ebp
	ret
#endif
	.section .note.GNU-stack, "", @progbits
