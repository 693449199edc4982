// SPDX-License-Identifier: MIT
#include "report/vmx_names.h"

#include <pmswitch/report.h>
#include <pmswitch/svm.h>
#include <pmswitch/vmx.h>

#define NAME_OF(table, i) ((i) < PMSW_ARRAY_SIZE(table) && (table)[i] ? (table)[i] : "unknown")

/* VM-instruction error numbers (SDM Vol. 3, 31.4) */
static const char *const insn_errors[] = {
	[VMXERR_VMCALL_IN_VMX_ROOT] = "VMCALL executed in VMX root operation",
	[VMXERR_VMCLEAR_INVALID_ADDRESS] = "VMCLEAR with invalid physical address",
	[VMXERR_VMCLEAR_VMXON_POINTER] = "VMCLEAR with VMXON pointer",
	[VMXERR_VMLAUNCH_NONCLEAR_VMCS] = "VMLAUNCH with non-clear VMCS",
	[VMXERR_VMRESUME_NONLAUNCHED_VMCS] = "VMRESUME with non-launched VMCS",
	[VMXERR_VMRESUME_AFTER_VMXOFF] = "VMRESUME after VMXOFF",
	[VMXERR_ENTRY_INVALID_CONTROL_FIELD] = "VM entry with invalid control field(s)",
	[VMXERR_ENTRY_INVALID_HOST_STATE_FIELD] = "VM entry with invalid host-state field(s)",
	[VMXERR_VMPTRLD_INVALID_ADDRESS] = "VMPTRLD with invalid physical address",
	[VMXERR_VMPTRLD_VMXON_POINTER] = "VMPTRLD with VMXON pointer",
	[VMXERR_VMPTRLD_INCORRECT_REVISION_ID] = "VMPTRLD with incorrect VMCS revision identifier",
	[VMXERR_UNSUPPORTED_VMCS_COMPONENT] = "VMREAD/VMWRITE from/to unsupported VMCS component",
	[VMXERR_VMWRITE_READ_ONLY_COMPONENT] = "VMWRITE to read-only VMCS component",
	[VMXERR_VMXON_IN_VMX_ROOT] = "VMXON executed in VMX root operation",
	[VMXERR_ENTRY_INVALID_EXECUTIVE_VMCS] = "VM entry with invalid executive-VMCS pointer",
	[VMXERR_ENTRY_NONLAUNCHED_EXECUTIVE_VMCS] = "VM entry with non-launched executive VMCS",
	[VMXERR_ENTRY_EXECUTIVE_VMCS_NOT_VMXON] = "VM entry with executive-VMCS pointer not VMXON pointer",
	[VMXERR_VMCALL_NONCLEAR_VMCS] = "VMCALL with non-clear VMCS",
	[VMXERR_VMCALL_INVALID_EXIT_CONTROLS] = "VMCALL with invalid VM-exit control fields",
	[VMXERR_VMCALL_INCORRECT_MSEG_REVISION] = "VMCALL with incorrect MSEG revision identifier",
	[VMXERR_VMXOFF_UNDER_DUAL_MONITOR] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
	[VMXERR_VMCALL_INVALID_SMM_FEATURES] = "VMCALL with invalid SMM-monitor features",
	[VMXERR_ENTRY_INVALID_EXECUTIVE_CONTROLS] = "VM entry with invalid VM-execution control fields in executive VMCS",
	[VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS] = "VM entry with events blocked by MOV SS",
	[VMXERR_INVALID_INVEPT_INVVPID_OPERAND] = "invalid operand to INVEPT/INVVPID",
};

/* Basic exit reasons (SDM Vol. 3, Appendix C) */
static const char *const exit_reasons[] = {
	[EXIT_REASON_EXCEPTION_NMI] = "exception or NMI",
	[EXIT_REASON_EXTERNAL_INTERRUPT] = "external interrupt",
	[EXIT_REASON_TRIPLE_FAULT] = "triple fault",
	[EXIT_REASON_INIT_SIGNAL] = "INIT signal",
	[EXIT_REASON_INTERRUPT_WINDOW] = "interrupt window",
	[EXIT_REASON_TASK_SWITCH] = "task switch",
	[EXIT_REASON_CPUID] = "CPUID",
	[EXIT_REASON_HLT] = "HLT",
	[EXIT_REASON_RDTSC] = "RDTSC",
	[EXIT_REASON_VMCALL] = "VMCALL",
	[EXIT_REASON_VMCLEAR] = "VMCLEAR",
	[EXIT_REASON_VMLAUNCH] = "VMLAUNCH",
	[EXIT_REASON_VMPTRLD] = "VMPTRLD",
	[EXIT_REASON_VMREAD] = "VMREAD",
	[EXIT_REASON_VMRESUME] = "VMRESUME",
	[EXIT_REASON_VMWRITE] = "VMWRITE",
	[EXIT_REASON_VMXOFF] = "VMXOFF",
	[EXIT_REASON_VMXON] = "VMXON",
	[EXIT_REASON_CR_ACCESS] = "control-register access",
	[EXIT_REASON_IO_INSTRUCTION] = "I/O instruction",
	[EXIT_REASON_MSR_READ] = "RDMSR",
	[EXIT_REASON_MSR_WRITE] = "WRMSR",
	[EXIT_REASON_INVALID_STATE] = "VM-entry failure due to invalid guest state",
	[EXIT_REASON_MSR_LOAD_FAIL] = "VM-entry failure due to MSR loading",
	[EXIT_REASON_MCE_DURING_VMENTRY] = "VM-entry failure due to machine-check event",
	[EXIT_REASON_EPT_VIOLATION] = "EPT violation",
	[EXIT_REASON_EPT_MISCONFIG] = "EPT misconfiguration",
};

static const char *const insns[] = {
	[PMSW_INSN_VMXON] = "VMXON", [PMSW_INSN_VMCLEAR] = "VMCLEAR",
	[PMSW_INSN_VMPTRLD] = "VMPTRLD", [PMSW_INSN_VMWRITE] = "VMWRITE",
	[PMSW_INSN_VMREAD] = "VMREAD", [PMSW_INSN_VMLAUNCH] = "VMLAUNCH",
	[PMSW_INSN_VMRESUME] = "VMRESUME", [PMSW_INSN_VMCALL] = "VMCALL",
	[PMSW_INSN_VMXOFF] = "VMXOFF", [PMSW_INSN_VMRUN] = "VMRUN",
};

const char *vmx_insn_error_name(uint32_t err)
{
	return NAME_OF(insn_errors, err);
}

const char *vmx_exit_reason_name(uint32_t reason)
{
	uint32_t basic = reason & EXIT_REASON_BASIC_MASK;

	return NAME_OF(exit_reasons, basic);
}

const char *vmx_insn_name(uint32_t insn)
{
	return NAME_OF(insns, insn);
}

/* SVM #VMEXIT codes (AMD APM Vol. 2, Appendix C) */
const char *svm_exit_code_name(uint32_t code)
{
	if (code >= SVM_EXIT_EXCP_BASE && code < SVM_EXIT_EXCP_BASE + 32)
		return "exception";
	switch (code) {
	case SVM_EXIT_NMI:
		return "NMI";
	case SVM_EXIT_HLT:
		return "HLT";
	case SVM_EXIT_SHUTDOWN:
		return "shutdown";
	case SVM_EXIT_VMRUN:
		return "VMRUN";
	case SVM_EXIT_VMMCALL:
		return "VMMCALL";
	case SVM_EXIT_INVALID:
		return "invalid guest state";
	}
	return "?";
}
