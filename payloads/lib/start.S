/* SPDX-License-Identifier: MIT */
/*
 * Payload entry: the VMM starts the vCPU here with the stack pointer at
 * PMSW_STACK_TOP_VA and interrupts off. payload_main never returns; if it
 * does, the run ends with status 0xdead.
 */
	.section .text.start, "ax"
	.globl _start
_start:
#ifdef __x86_64__
	and $-16, %rsp
	call payload_main
	mov $0xdead, %eax
#else
	and $-16, %esp
	call payload_main
	mov $0xdead, %eax
#endif
	mov $0xf4, %dx          /* PMSW_PORT_EXIT */
	outl %eax, %dx
1:	cli
	hlt
	jmp 1b
	.section .note.GNU-stack, "", @progbits
