// SPDX-License-Identifier: MIT
#include "vmx_common.h"

#include <pmswitch/report.h>
#include <pmswitch/vmx.h>
#include <pmswitch/x86.h>

#include "cpu.h"
#include "cpu_tables.h"
#include "exception.h"
#include "report.h"
#include "vmx_insn.h"

uint32_t vmx_ctl(uint32_t msr, uint32_t true_msr, uint32_t want)
{
	uint64_t cap = rdmsr((rdmsr(MSR_IA32_VMX_BASIC) & VMX_BASIC_TRUE_CTLS) ? true_msr : msr);

	return (want | (uint32_t)cap) & (uint32_t)(cap >> 32);
}

int vmx_allowed1(uint32_t msr, uint32_t true_msr, uint32_t bit)
{
	return vmx_ctl(msr, true_msr, bit) & bit;
}

void vmx_fail(uint32_t insn, int status, uint64_t field)
{
	unsigned long err = 0;

	if (status == VMX_FAIL_VALID)
		vmread_nat(VM_INSTRUCTION_ERROR, &err);
	report_vmfail(payload_ctx, insn,
		      status == VMX_FAIL_VALID ? PMSW_VMFAIL_VALID : PMSW_VMFAIL_INVALID,
		      (uint32_t)err, 0, field);
}

void vmcs_write_all(const struct vmcs_field *f, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		int r = (f[i].field & 0x6000) == 0x2000 ? vmwrite64(f[i].field, f[i].value)
							: vmwrite_nat(f[i].field, (unsigned long)f[i].value);
		if (r)
			vmx_fail(PMSW_INSN_VMWRITE, r, f[i].field);
	}
}

unsigned long vmcs_read(uint32_t field)
{
	unsigned long v = 0;
	int r = vmread_nat(field, &v);

	if (r)
		vmx_fail(PMSW_INSN_VMREAD, r, field);
	return v;
}

void vmx_on(const pmsw_u64 *vmxon_pa, pmsw_u64 vmxon_va, uint8_t ctx)
{
	uint32_t rev = (uint32_t)rdmsr(MSR_IA32_VMX_BASIC) & VMX_BASIC_REVISION_MASK;
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	int r;

	if (!(fc & FEATURE_CONTROL_LOCKED)) {
		fc |= FEATURE_CONTROL_LOCKED | FEATURE_CONTROL_VMXON_OUTSIDE_SMX;
		wrmsr(MSR_IA32_FEATURE_CONTROL, fc);
	}
	if (!(fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX))
		report_vmfail(ctx, PMSW_INSN_VMXON, PMSW_VMFAIL_DISABLED, 0, 0, fc);
	WRITE_CR(4, READ_CR(4) | X86_CR4_VMXE);
	*(volatile uint32_t *)(uintptr_t)vmxon_va = rev;
	r = vmxon(vmxon_pa);
	if (r)
		report_vmfail(ctx, PMSW_INSN_VMXON, (uint32_t)r, 0, 0, 0);
}

void vmcs_load_fresh(const pmsw_u64 *pa, pmsw_u64 va)
{
	int r;

	*(volatile uint32_t *)(uintptr_t)va = (uint32_t)rdmsr(MSR_IA32_VMX_BASIC) &
					      VMX_BASIC_REVISION_MASK;
	r = vmclear(pa);
	if (r)
		vmx_fail(PMSW_INSN_VMCLEAR, r, 0);
	r = vmptrld(pa);
	if (r)
		vmx_fail(PMSW_INSN_VMPTRLD, r, 0);
}

void vmcs_controls_plain(int wide)
{
	uint32_t exit = wide ? VM_EXIT_HOST_ADDR_SPACE_SIZE : 0, entry = wide ? VM_ENTRY_IA32E_MODE : 0;

	if (vmx_allowed1(MSR_IA32_VMX_EXIT_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS, VM_EXIT_LOAD_IA32_EFER))
		exit |= VM_EXIT_LOAD_IA32_EFER;
	if (vmx_allowed1(MSR_IA32_VMX_ENTRY_CTLS, MSR_IA32_VMX_TRUE_ENTRY_CTLS, VM_ENTRY_LOAD_IA32_EFER))
		entry |= VM_ENTRY_LOAD_IA32_EFER;
	const struct vmcs_field f[] = {
		{ PIN_BASED_VM_EXEC_CONTROL,
		  vmx_ctl(MSR_IA32_VMX_PINBASED_CTLS, MSR_IA32_VMX_TRUE_PINBASED_CTLS, 0) },
		{ CPU_BASED_VM_EXEC_CONTROL,
		  vmx_ctl(MSR_IA32_VMX_PROCBASED_CTLS, MSR_IA32_VMX_TRUE_PROCBASED_CTLS, 0) },
		{ VM_EXIT_CONTROLS, vmx_ctl(MSR_IA32_VMX_EXIT_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS, exit) },
		{ VM_ENTRY_CONTROLS,
		  vmx_ctl(MSR_IA32_VMX_ENTRY_CTLS, MSR_IA32_VMX_TRUE_ENTRY_CTLS, entry) },
		{ EXCEPTION_BITMAP, 0 }, { PAGE_FAULT_ERROR_CODE_MASK, 0 },
		{ PAGE_FAULT_ERROR_CODE_MATCH, 0 }, { CR3_TARGET_COUNT, 0 },
		{ VM_EXIT_MSR_STORE_COUNT, 0 }, { VM_EXIT_MSR_LOAD_COUNT, 0 },
		{ VM_ENTRY_MSR_LOAD_COUNT, 0 }, { VM_ENTRY_INTR_INFO_FIELD, 0 },
		{ CR0_GUEST_HOST_MASK, 0 }, { CR4_GUEST_HOST_MASK, 0 },
		{ CR0_READ_SHADOW, 0 }, { CR4_READ_SHADOW, 0 },
	};

	vmcs_write_all(f, PMSW_ARRAY_SIZE(f));
}

void vmcs_guest_self(uint64_t rip, uint64_t rsp, uint64_t rflags)
{
	struct cpu_tables t;

	cpu_tables_read(&t);
	const struct vmcs_field f[] = {
		{ GUEST_CR0, READ_CR(0) }, { GUEST_CR3, READ_CR(3) }, { GUEST_CR4, READ_CR(4) },
		{ GUEST_IA32_EFER, rdmsr(MSR_EFER) }, { GUEST_DR7, 0x400 },
		{ GUEST_IA32_DEBUGCTL, 0 },
		{ GUEST_CS_SELECTOR, t.cs }, { GUEST_CS_BASE, 0 },
		{ GUEST_CS_LIMIT, cpu_seg_limit(t.cs) }, { GUEST_CS_AR_BYTES, cpu_seg_ar(t.cs) },
		{ GUEST_SS_SELECTOR, t.ss }, { GUEST_SS_BASE, 0 },
		{ GUEST_SS_LIMIT, cpu_seg_limit(t.ss) }, { GUEST_SS_AR_BYTES, cpu_seg_ar(t.ss) },
		{ GUEST_DS_SELECTOR, t.ds }, { GUEST_DS_BASE, 0 },
		{ GUEST_DS_LIMIT, cpu_seg_limit(t.ds) }, { GUEST_DS_AR_BYTES, cpu_seg_ar(t.ds) },
		{ GUEST_ES_SELECTOR, t.es }, { GUEST_ES_BASE, 0 },
		{ GUEST_ES_LIMIT, cpu_seg_limit(t.es) }, { GUEST_ES_AR_BYTES, cpu_seg_ar(t.es) },
		{ GUEST_FS_SELECTOR, t.fs }, { GUEST_FS_BASE, 0 },
		{ GUEST_FS_LIMIT, t.fs ? cpu_seg_limit(t.fs) : 0 }, { GUEST_FS_AR_BYTES, cpu_seg_ar(t.fs) },
		{ GUEST_GS_SELECTOR, t.gs }, { GUEST_GS_BASE, 0 },
		{ GUEST_GS_LIMIT, t.gs ? cpu_seg_limit(t.gs) : 0 }, { GUEST_GS_AR_BYTES, cpu_seg_ar(t.gs) },
		{ GUEST_TR_SELECTOR, t.tr }, { GUEST_TR_BASE, cpu_tss_base(t.gdtr.base, t.tr) },
		{ GUEST_TR_LIMIT, cpu_seg_limit(t.tr) }, { GUEST_TR_AR_BYTES, cpu_seg_ar(t.tr) },
		{ GUEST_LDTR_SELECTOR, 0 }, { GUEST_LDTR_BASE, 0 }, { GUEST_LDTR_LIMIT, 0 },
		{ GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE },
		{ GUEST_GDTR_BASE, t.gdtr.base }, { GUEST_GDTR_LIMIT, t.gdtr.limit },
		{ GUEST_IDTR_BASE, t.idtr.base }, { GUEST_IDTR_LIMIT, t.idtr.limit },
		{ GUEST_SYSENTER_CS, 0 }, { GUEST_SYSENTER_ESP, 0 }, { GUEST_SYSENTER_EIP, 0 },
		{ GUEST_RSP, rsp }, { GUEST_RIP, rip }, { GUEST_RFLAGS, rflags },
		{ GUEST_INTERRUPTIBILITY_INFO, 0 }, { GUEST_ACTIVITY_STATE, 0 },
		{ GUEST_PENDING_DBG_EXCEPTIONS, 0 }, { VMCS_LINK_POINTER, ~0ull },
	};

	vmcs_write_all(f, PMSW_ARRAY_SIZE(f));
}

void vmcs_host_self(uint64_t rip, uint64_t rsp)
{
	struct cpu_tables t;

	cpu_tables_read(&t);
	const struct vmcs_field f[] = {
		{ HOST_CR0, READ_CR(0) }, { HOST_CR3, READ_CR(3) }, { HOST_CR4, READ_CR(4) },
		{ HOST_IA32_EFER, rdmsr(MSR_EFER) },
		{ HOST_CS_SELECTOR, t.cs }, { HOST_SS_SELECTOR, t.ss }, { HOST_DS_SELECTOR, t.ds },
		{ HOST_ES_SELECTOR, t.es }, { HOST_FS_SELECTOR, t.fs }, { HOST_GS_SELECTOR, t.gs },
		{ HOST_TR_SELECTOR, t.tr }, { HOST_FS_BASE, 0 }, { HOST_GS_BASE, 0 },
		{ HOST_TR_BASE, cpu_tss_base(t.gdtr.base, t.tr) },
		{ HOST_GDTR_BASE, t.gdtr.base }, { HOST_IDTR_BASE, t.idtr.base },
		{ HOST_IA32_SYSENTER_CS, 0 }, { HOST_IA32_SYSENTER_ESP, 0 },
		{ HOST_IA32_SYSENTER_EIP, 0 },
		{ HOST_RSP, rsp }, { HOST_RIP, rip },
	};

	vmcs_write_all(f, PMSW_ARRAY_SIZE(f));
}
