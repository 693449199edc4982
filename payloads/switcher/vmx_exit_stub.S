/* SPDX-License-Identifier: MIT */
/*
 * The two instruction sequences of the vmx-exit method that C cannot express.
 *
 * vmx_guest_vmcall (GUEST_RIP): the original context, now a VMX guest, reads
 * the TSC and executes VMCALL. The VM exit loads the whole target context.
 *
 * vmx_host_entry (HOST_RIP): the target's first instructions. It notes the
 * arrival TSC, signals the landing port at vmx_exit_landing (the VMM reads
 * the vCPU right there, before anything is fixed up), reads the exit reason and qualification (VMREAD needs VMX
 * operation, so before VMXOFF), executes VMXOFF, and only then stores what
 * it gathered in vmx_landing and calls vmx_target_landed(). VMCLEAR before
 * VMXOFF writes the VMCS back to memory and leaves it clear (SDM 24.11.1). General-purpose
 * registers survive a VM exit (SDM 28.5), which carries the guest's TSC over.
 */
#include <pmswitch/layout.h>
#include <pmswitch/vmx.h>

/* struct vmx_landing, see vmx_exit.h */
#define L_REASON        0
#define L_QUAL          8
#define L_VMCALL_TSC    16
#define L_EXIT_TSC      24
#define L_VMXOFF_TSC    32
#define L_VMXOFF_FLAGS  40
#define L_VMCLEAR_FLAGS 48

	.text
	.globl vmx_guest_vmcall
vmx_guest_vmcall:
	rdtsc
	mov %eax, %edi
	mov %edx, %esi
	vmcall
	ud2                     /* not reached: the exit goes to the target */

	.globl vmx_host_entry, vmx_exit_landing
vmx_host_entry:
#ifdef __x86_64__
	rdtsc
vmx_exit_landing:
	outb %al, $PMSW_PORT_LANDING
	mov %eax, %ecx
	mov %edx, %ebp
	mov $VM_EXIT_REASON, %eax
	vmread %rax, %rbx
	mov $EXIT_QUALIFICATION, %eax
	vmread %rax, %r12
	vmclear vmx_vmcs_pa(%rip)
	pushf
	pop %r14
	vmxoff
	pushf
	pop %r13
	mov %r14, vmx_landing + L_VMCLEAR_FLAGS(%rip)
	mov %rbx, vmx_landing + L_REASON(%rip)
	mov %r12, vmx_landing + L_QUAL(%rip)
	mov %edi, vmx_landing + L_VMCALL_TSC(%rip)
	mov %esi, vmx_landing + L_VMCALL_TSC + 4(%rip)
	mov %ecx, vmx_landing + L_EXIT_TSC(%rip)
	mov %ebp, vmx_landing + L_EXIT_TSC + 4(%rip)
	mov %r13, vmx_landing + L_VMXOFF_FLAGS(%rip)
	rdtsc
	mov %eax, vmx_landing + L_VMXOFF_TSC(%rip)
	mov %edx, vmx_landing + L_VMXOFF_TSC + 4(%rip)
	and $-16, %rsp
	call vmx_target_landed
#else
	rdtsc
vmx_exit_landing:
	outb %al, $PMSW_PORT_LANDING
	mov %eax, %ecx
	mov %edx, %ebp
	mov $VM_EXIT_REASON, %eax
	vmread %eax, %ebx
	mov $EXIT_QUALIFICATION, %eax
	vmread %eax, %eax
	vmclear vmx_vmcs_pa
	pushf
	vmxoff
	pushf
	mov %ebx, vmx_landing + L_REASON
	mov %eax, vmx_landing + L_QUAL
	mov %edi, vmx_landing + L_VMCALL_TSC
	mov %esi, vmx_landing + L_VMCALL_TSC + 4
	mov %ecx, vmx_landing + L_EXIT_TSC
	mov %ebp, vmx_landing + L_EXIT_TSC + 4
	pop %eax
	mov %eax, vmx_landing + L_VMXOFF_FLAGS
	pop %eax
	mov %eax, vmx_landing + L_VMCLEAR_FLAGS
	rdtsc
	mov %eax, vmx_landing + L_VMXOFF_TSC
	mov %edx, vmx_landing + L_VMXOFF_TSC + 4
	and $-16, %esp
	call vmx_target_landed
#endif
1:	cli
	hlt
	jmp 1b
	.section .note.GNU-stack, "", @progbits
