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
#include "asm_common.inc"
#include "guest_stubs.inc"

	.text
	.globl svm_entry_go
svm_entry_go:
	mov %rdi, %rax
	clgi
	MONITOR_REGS_LOAD
	vmload %rax
	vmrun %rax
	MONITOR_REGS_SAVE
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
