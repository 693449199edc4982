// SPDX-License-Identifier: MIT
/*
 * vmx-entry, the seed's Fig. 2 (paragraphs 0036-0041): a minimal monitor in
 * a context of its own runs O and T as VMX guests, one VMCS each whose
 * guest state is the context as built. O's request is a VMCALL; the monitor
 * makes T's VMCS current and enters it: the VM entry loads all of T at
 * once. An entry's "IA-32e mode guest" control is per VMCS, so the widths
 * may differ. The payload side is payloads/switcher/vmx_entry.c.
 */
#include <pmswitch/report.h>
#include <pmswitch/x86.h>

#include "methods/methods.h"

static const uint16_t vmx_entry_events[] = {
	PMSW_EV_VMXON, PMSW_EV_VMCS_READY, PMSW_EV_ENTER_ORIGINAL, PMSW_EV_VMCALL,
	PMSW_EV_VMEXIT, PMSW_EV_VMLAUNCH, PMSW_EV_ENTER_TARGET, PMSW_EV_TARGET_DONE,
};

const struct method method_vmx_entry = {
	.name = "vmx-entry",
	.code = PMSW_METHOD_VMX_ENTRY,
	.host = METHOD_HOST_NESTED_VMX,
	.widths = METHOD_ANY_WIDTHS,
	.monitor = true,
	/* VMX operation needs CR4.VMXE in the guest too (SDM A.8); the CR4
	 * read shadow hides it from T. */
	.held_cr4 = X86_CR4_VMXE,
	.events = vmx_entry_events,
	.nevents = PMSW_ARRAY_SIZE(vmx_entry_events),
	.span_from = PMSW_EV_VMCALL,
	.span_to = PMSW_EV_ENTER_TARGET,
	.span_what = "vmcall -> first target instruction",
	.landing_symbol = "vmx_entry_landing",
	.landing = LANDING_VM_ENTRY,
	.check = method_check_vmcall,
};
