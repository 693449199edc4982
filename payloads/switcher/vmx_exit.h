/* SPDX-License-Identifier: MIT */
#ifndef SWITCHER_VMX_EXIT_H
#define SWITCHER_VMX_EXIT_H

#include <pmswitch/types.h>

/* What vmx_host_entry (vmx_exit_stub.S) gathers; offsets are used there. */
struct vmx_landing {
	pmsw_u64 exit_reason;   /* 0 */
	pmsw_u64 qualification; /* 8 */
	pmsw_u64 vmcall_tsc;    /* 16: read by the guest right before VMCALL */
	pmsw_u64 exit_tsc;      /* 24: the target's first instruction */
	pmsw_u64 vmxoff_tsc;    /* 32: right after VMXOFF */
	pmsw_u64 vmxoff_flags;  /* 40: RFLAGS after VMXOFF */
	pmsw_u64 vmclear_flags; /* 48: RFLAGS after VMCLEAR */
};

extern struct vmx_landing vmx_landing;
/* The VMCS's physical address, for the VMCLEAR before VMXOFF. */
extern pmsw_u64 vmx_vmcs_pa;
extern char vmx_guest_vmcall[], vmx_host_entry[];

#endif
