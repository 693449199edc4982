// SPDX-License-Identifier: MIT
/*
 * svm-entry: vmx-entry's monitor on AMD. One VMCB per context whose save
 * area is that context as built; VMRUN into T's VMCB loads all of T at
 * once, in any width. The default method of a host with nested SVM. The
 * payload side is payloads/switcher/svm_entry.c.
 */
#include <stdio.h>

#include <pmswitch/report.h>
#include <pmswitch/svm.h>
#include <pmswitch/x86.h>

#include "methods/methods.h"

static const uint16_t svm_entry_events[] = {
	PMSW_EV_SVM_ON, PMSW_EV_VMCB_READY, PMSW_EV_ENTER_ORIGINAL, PMSW_EV_VMMCALL,
	PMSW_EV_VMEXIT, PMSW_EV_VMRUN, PMSW_EV_ENTER_TARGET, PMSW_EV_TARGET_DONE,
};

/* The #VMEXIT that switched must be the VMMCALL's. */
static bool svm_entry_check(const struct record_log *log, char *why, size_t len)
{
	if (log->vmexit_svm && log->vmexit_reason == SVM_EXIT_VMMCALL)
		return true;
	snprintf(why, len, "the #VMEXIT that reached the target has code 0x%x, not VMMCALL",
		 log->vmexit_reason);
	return false;
}

const struct method method_svm_entry = {
	.name = "svm-entry",
	.code = PMSW_METHOD_SVM_ENTRY,
	.host = METHOD_HOST_NESTED_SVM,
	.widths = METHOD_ANY_WIDTHS,
	.monitor = true,
	/* A guest's EFER.SVME must be set (APM 15.5.1). */
	.held_efer = X86_EFER_SVME,
	.events = svm_entry_events,
	.nevents = PMSW_ARRAY_SIZE(svm_entry_events),
	.span_from = PMSW_EV_VMMCALL,
	.span_to = PMSW_EV_ENTER_TARGET,
	.span_what = "vmmcall -> first target instruction",
	.landing_symbol = "svm_entry_landing",
	.landing = LANDING_VM_ENTRY,
	.check = svm_entry_check,
};
