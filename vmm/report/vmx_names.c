// SPDX-License-Identifier: MIT
#include "report/vmx_names.h"

#include <pmswitch/report.h>

#define NAME_OF(table, i) \
	((i) < sizeof(table) / sizeof((table)[0]) && (table)[i] ? (table)[i] : "unknown")

/* VM-instruction error numbers (SDM Vol. 3, 31.4) */
static const char *const insn_errors[] = {
	[1] = "VMCALL executed in VMX root operation",
	[2] = "VMCLEAR with invalid physical address",
	[3] = "VMCLEAR with VMXON pointer",
	[4] = "VMLAUNCH with non-clear VMCS",
	[5] = "VMRESUME with non-launched VMCS",
	[6] = "VMRESUME after VMXOFF",
	[7] = "VM entry with invalid control field(s)",
	[8] = "VM entry with invalid host-state field(s)",
	[9] = "VMPTRLD with invalid physical address",
	[10] = "VMPTRLD with VMXON pointer",
	[11] = "VMPTRLD with incorrect VMCS revision identifier",
	[12] = "VMREAD/VMWRITE from/to unsupported VMCS component",
	[13] = "VMWRITE to read-only VMCS component",
	[15] = "VMXON executed in VMX root operation",
	[16] = "VM entry with invalid executive-VMCS pointer",
	[17] = "VM entry with non-launched executive VMCS",
	[18] = "VM entry with executive-VMCS pointer not VMXON pointer",
	[19] = "VMCALL with non-clear VMCS",
	[20] = "VMCALL with invalid VM-exit control fields",
	[22] = "VMCALL with incorrect MSEG revision identifier",
	[23] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
	[24] = "VMCALL with invalid SMM-monitor features",
	[25] = "VM entry with invalid VM-execution control fields in executive VMCS",
	[26] = "VM entry with events blocked by MOV SS",
	[28] = "invalid operand to INVEPT/INVVPID",
};

/* Basic exit reasons (SDM Vol. 3, Appendix C) */
static const char *const exit_reasons[] = {
	[0] = "exception or NMI", [1] = "external interrupt", [2] = "triple fault",
	[3] = "INIT signal", [7] = "interrupt window", [9] = "task switch", [10] = "CPUID",
	[12] = "HLT", [16] = "RDTSC", [18] = "VMCALL", [19] = "VMCLEAR", [20] = "VMLAUNCH",
	[21] = "VMPTRLD", [23] = "VMREAD", [24] = "VMRESUME", [25] = "VMWRITE",
	[26] = "VMXOFF", [27] = "VMXON", [28] = "control-register access",
	[30] = "I/O instruction", [31] = "RDMSR", [32] = "WRMSR",
	[33] = "VM-entry failure due to invalid guest state",
	[34] = "VM-entry failure due to MSR loading", [41] = "VM-entry failure due to machine-check event",
	[48] = "EPT violation", [49] = "EPT misconfiguration",
};

static const char *const insns[] = {
	[PMSW_INSN_VMXON] = "VMXON", [PMSW_INSN_VMCLEAR] = "VMCLEAR",
	[PMSW_INSN_VMPTRLD] = "VMPTRLD", [PMSW_INSN_VMWRITE] = "VMWRITE",
	[PMSW_INSN_VMREAD] = "VMREAD", [PMSW_INSN_VMLAUNCH] = "VMLAUNCH",
	[PMSW_INSN_VMRESUME] = "VMRESUME", [PMSW_INSN_VMCALL] = "VMCALL",
	[PMSW_INSN_VMXOFF] = "VMXOFF",
};

const char *vmx_insn_error_name(uint32_t err)
{
	return NAME_OF(insn_errors, err);
}

const char *vmx_exit_reason_name(uint32_t reason)
{
	uint32_t basic = reason & 0xffff;

	return NAME_OF(exit_reasons, basic);
}

const char *vmx_insn_name(uint32_t insn)
{
	return NAME_OF(insns, insn);
}
