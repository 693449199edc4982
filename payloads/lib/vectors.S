/* SPDX-License-Identifier: MIT */
/*
 * Exception stubs for vectors 0..31, 16 bytes apart at PMSW_VECTORS_VA.
 * Each pushes a dummy error code where the CPU pushes none (SDM 6.13), then
 * its vector, and jumps to payload_exception(frame), which never returns.
 * One exception: while the VMM steps the vCPU (PMSW_BI_PROBED, PMSW_BI_NMI), a
 * debug trap (#DB, vector 1) is the VMM's stepping, not the guest's: KVM can
 * leave the last one to the guest when stepping stops. It is dismissed, the
 * trap flag cleared in the saved RFLAGS.
 * And one more: while `pmswitch run --nmi` raises NMIs (PMSW_BI_NMI), an NMI
 * is signalled on PMSW_PORT_NMI, with the interrupted RIP in RAX and its CS
 * in RDX, and the interrupted code resumes: the VMM reads the handler's
 * context itself at the OUT. All of this stays between pmsw_vectors and
 * pmsw_vectors_end, which the VMM's stepping does not count as the run's.
 */
#include <pmswitch/bootinfo.h>
#include <pmswitch/layout.h>

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

exception_common:
#ifdef __x86_64__
	cmpq $2, (%rsp)                 /* vector, error code, RIP, CS, RFLAGS */
	jne 3f
	testb $PMSW_BI_NMI, PMSW_BI_FLAGS_VA
	jz 2f
	push %rax
	push %rdx
	mov 32(%rsp), %rax
	mov 40(%rsp), %rdx
	outb %al, $PMSW_PORT_NMI
	pop %rdx
	pop %rax
	add $16, %rsp
	iretq
3:	cmpq $1, (%rsp)
	jne 2f
	testb $(PMSW_BI_PROBED | PMSW_BI_NMI), PMSW_BI_FLAGS_VA
	jz 2f
	andq $~0x100, 32(%rsp)
	add $16, %rsp
	iretq
2:	mov %rsp, %rdi
	and $-16, %rsp
	call payload_exception
#else
	cmpl $2, (%esp)                 /* vector, error code, EIP, CS, EFLAGS */
	jne 3f
	testb $PMSW_BI_NMI, PMSW_BI_FLAGS_VA
	jz 2f
	push %eax
	push %edx
	mov 16(%esp), %eax
	mov 20(%esp), %edx
	outb %al, $PMSW_PORT_NMI
	pop %edx
	pop %eax
	add $8, %esp
	iret
3:	cmpl $1, (%esp)
	jne 2f
	testb $(PMSW_BI_PROBED | PMSW_BI_NMI), PMSW_BI_FLAGS_VA
	jz 2f
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
	.globl pmsw_vectors_end
pmsw_vectors_end:
	.section .note.GNU-stack, "", @progbits
