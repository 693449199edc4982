// SPDX-License-Identifier: MIT
/*
 * vmx-exit, the seed's Fig. 4 and 5: O turns VMX on, fills a VMCS whose
 * guest state is O and whose host state is T, VMLAUNCHes into itself and
 * executes VMCALL; the VM exit loads all of T at once. The payload side is
 * payloads/switcher/vmx_exit.c.
 */
#include <stdio.h>

#include <pmswitch/report.h>
#include <pmswitch/vmx.h>

#include "methods/methods.h"

static const uint16_t vmx_exit_events[] = {
	PMSW_EV_ENTER_ORIGINAL, PMSW_EV_VMXON, PMSW_EV_VMCS_READY, PMSW_EV_VMLAUNCH,
	PMSW_EV_VMCALL, PMSW_EV_VMEXIT, PMSW_EV_VMXOFF, PMSW_EV_ENTER_TARGET,
	PMSW_EV_TARGET_DONE,
};

/* The exit that switched must be the VMCALL's: any other reason means the
 * target state was loaded by something else than the request. */
bool method_check_vmcall(const struct record_log *log, char *why, size_t len)
{
	if (log->vmexit_reason == EXIT_REASON_VMCALL)
		return true;
	snprintf(why, len, "the VM exit that reached the target has reason %u, not VMCALL",
		 log->vmexit_reason);
	return false;
}

const struct method method_vmx_exit = {
	.name = "vmx-exit",
	.code = PMSW_METHOD_VMX_EXIT,
	.host = METHOD_HOST_NESTED_VMX,
	.widths = METHOD_SAME_WIDTH,
	.widths_why = "the VM exit's host address-space size must match the mode VMLAUNCH runs in",
	.events = vmx_exit_events,
	.nevents = PMSW_ARRAY_SIZE(vmx_exit_events),
	.span_from = PMSW_EV_VMCALL,
	.span_to = PMSW_EV_VMEXIT,
	.span_what = "vmcall -> first target instruction",
	.landing_symbol = "vmx_exit_landing",
	.landing = LANDING_VM_EXIT,
	.check = method_check_vmcall,
};
