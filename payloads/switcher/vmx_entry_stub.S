/* SPDX-License-Identifier: MIT */
/*
 * vmx-entry's instruction sequences (64-bit payload only).
 *
 * The monitor side: vmx_entry_exit_stub (HOST_RIP) saves the guest's
 * general-purpose registers, which a VM exit keeps in the CPU (SDM 28.1),
 * and calls vmx_entry_exit() on a fresh monitor stack (HOST_RSP);
 * vmx_entry_go() loads them back and enters.
 *
 * The guest side, mapped in every context through the switcher window: the
 * code O and T run as guests, for a 64-bit and for a 32-bit context. Each
 * calls the image's entry (RSI) with its services table (RDI), and turns
 * every service into a VMCALL (vmx_entry.h). vmx_entry_landing is the
 * target's first instruction in either width: its bytes decode the same in
 * 32-bit and 64-bit mode, and it goes on at RBX, the width's start.
 */
#include <pmswitch/layout.h>

#include "vmx_entry.h"

#ifdef __x86_64__
	.text
	.globl vmx_entry_exit_stub
vmx_entry_exit_stub:
	mov %rax, vmx_guest_regs + GR_RAX(%rip)
	mov %rbx, vmx_guest_regs + GR_RBX(%rip)
	mov %rcx, vmx_guest_regs + GR_RCX(%rip)
	mov %rdx, vmx_guest_regs + GR_RDX(%rip)
	mov %rsi, vmx_guest_regs + GR_RSI(%rip)
	mov %rdi, vmx_guest_regs + GR_RDI(%rip)
	mov %rbp, vmx_guest_regs + GR_RBP(%rip)
	mov %r8, vmx_guest_regs + GR_R8(%rip)
	mov %r9, vmx_guest_regs + GR_R9(%rip)
	mov %r10, vmx_guest_regs + GR_R10(%rip)
	mov %r11, vmx_guest_regs + GR_R11(%rip)
	mov %r12, vmx_guest_regs + GR_R12(%rip)
	mov %r13, vmx_guest_regs + GR_R13(%rip)
	mov %r14, vmx_guest_regs + GR_R14(%rip)
	mov %r15, vmx_guest_regs + GR_R15(%rip)
	call vmx_entry_exit
	ud2                     /* vmx_entry_exit never returns */

	.globl vmx_entry_go
vmx_entry_go:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	test %edi, %edi         /* MOVs keep the flags for the jump below */
	mov vmx_guest_regs + GR_RAX(%rip), %rax
	mov vmx_guest_regs + GR_RBX(%rip), %rbx
	mov vmx_guest_regs + GR_RCX(%rip), %rcx
	mov vmx_guest_regs + GR_RDX(%rip), %rdx
	mov vmx_guest_regs + GR_RBP(%rip), %rbp
	mov vmx_guest_regs + GR_R8(%rip), %r8
	mov vmx_guest_regs + GR_R9(%rip), %r9
	mov vmx_guest_regs + GR_R10(%rip), %r10
	mov vmx_guest_regs + GR_R11(%rip), %r11
	mov vmx_guest_regs + GR_R12(%rip), %r12
	mov vmx_guest_regs + GR_R13(%rip), %r13
	mov vmx_guest_regs + GR_R14(%rip), %r14
	mov vmx_guest_regs + GR_R15(%rip), %r15
	mov vmx_guest_regs + GR_RSI(%rip), %rsi
	mov vmx_guest_regs + GR_RDI(%rip), %rdi
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

/* ---- guest side, 64-bit ------------------------------------------------ */
	.globl vmx_entry_landing
vmx_entry_landing:
	outb %al, $PMSW_PORT_LANDING    /* e6 f8 */
	rdtsc                           /* 0f 31 */
	mov %eax, %edi                  /* 89 c7 */
	mov %edx, %esi                  /* 89 d6 */
	mov $HC_LANDED, %eax            /* b8 imm32 */
	vmcall                          /* 0f 01 c1 */
	jmp *%rbx                       /* ff e3: jmp *%ebx in 32-bit mode */

	.globl vmx_entry_guest64
vmx_entry_guest64:
	call *%rsi
	mov %eax, %ecx
	rdtsc
	mov %eax, %edi
	mov %edx, %esi
	mov $HC_RETURNED, %eax
	vmcall
	/* T only: the monitor resumes with the run's exit status in EAX. */
	out %eax, $PMSW_PORT_EXIT
1:	hlt
	jmp 1b

	.globl vmx_entry_svc64_write
vmx_entry_svc64_write:          /* write(text RDI, len RSI) */
	mov %rsi, %rdx
	mov %rdi, %rsi
1:	test %rdx, %rdx
	jz 2f
	mov $PMSW_PAGE_SIZE, %ecx
	cmp %rcx, %rdx
	cmovb %rdx, %rcx
	mov $PMSW_XFER_VA, %edi
	push %rcx
	rep movsb
	pop %rcx
	mov $HC_WRITE, %eax
	vmcall
	sub %rcx, %rdx
	jmp 1b
2:	ret

	.globl vmx_entry_svc64_switch_now
vmx_entry_svc64_switch_now:
	rdtsc
	mov %eax, %edi
	mov %edx, %esi
	mov $HC_SWITCH, %eax
	vmcall
	ret

	.globl vmx_entry_svc64_exit
vmx_entry_svc64_exit:           /* exit(status EDI) */
	mov %edi, %ecx
	mov $HC_EXIT, %eax
	vmcall
	out %eax, $PMSW_PORT_EXIT
1:	hlt
	jmp 1b

/* ---- guest side, 32-bit (SysV i386: arguments on the stack) ------------ */
	.code32
	.globl vmx_entry_guest32
vmx_entry_guest32:
	sub $12, %esp           /* 16-byte aligned at the call */
	push %edi
	call *%esi
	add $16, %esp
	mov %eax, %ecx
	rdtsc
	mov %eax, %edi
	mov %edx, %esi
	mov $HC_RETURNED, %eax
	vmcall
	out %eax, $PMSW_PORT_EXIT
1:	hlt
	jmp 1b

	.globl vmx_entry_svc32_write
vmx_entry_svc32_write:          /* write(text, len) */
	push %esi
	push %edi
	mov 12(%esp), %esi
	mov 16(%esp), %edx
1:	test %edx, %edx
	jz 2f
	mov $PMSW_PAGE_SIZE, %ecx
	cmp %ecx, %edx
	cmovb %edx, %ecx
	mov $PMSW_XFER_VA, %edi
	push %ecx
	rep movsb
	pop %ecx
	mov $HC_WRITE, %eax
	vmcall
	sub %ecx, %edx
	jmp 1b
2:	pop %edi
	pop %esi
	ret

	.globl vmx_entry_svc32_switch_now
vmx_entry_svc32_switch_now:
	push %esi
	push %edi
	rdtsc
	mov %eax, %edi
	mov %edx, %esi
	mov $HC_SWITCH, %eax
	vmcall
	pop %edi
	pop %esi
	ret

	.globl vmx_entry_svc32_exit
vmx_entry_svc32_exit:           /* exit(status) */
	mov 4(%esp), %ecx
	mov $HC_EXIT, %eax
	vmcall
	out %eax, $PMSW_PORT_EXIT
1:	hlt
	jmp 1b
	.code64
#endif
	.section .note.GNU-stack, "", @progbits
