// SPDX-License-Identifier: MIT
#include "vmx_common.h"

#include <pmswitch/report.h>
#include <pmswitch/vmx.h>
#include <pmswitch/x86.h>

#include "cpu.h"
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

void cpu_tables_read(struct cpu_tables *t)
{
	__asm__ volatile("sgdt %0; sidt %1" : "=m"(t->gdtr), "=m"(t->idtr));
	__asm__ volatile("mov %%cs, %0; mov %%ss, %1; mov %%ds, %2; mov %%es, %3"
			 : "=r"(t->cs), "=r"(t->ss), "=r"(t->ds), "=r"(t->es));
	__asm__ volatile("mov %%fs, %0; mov %%gs, %1; str %2"
			 : "=r"(t->fs), "=r"(t->gs), "=r"(t->tr));
}

uint32_t cpu_seg_ar(uint16_t sel)
{
	unsigned long ar;

	if (!sel)
		return VMX_AR_UNUSABLE;
	__asm__ volatile("lar %1, %0" : "=r"(ar) : "rm"((unsigned long)sel));
	return (uint32_t)(ar >> 8) & 0xf0ff;
}

uint32_t cpu_seg_limit(uint16_t sel)
{
	unsigned long lim;

	__asm__ volatile("lsl %1, %0" : "=r"(lim) : "rm"((unsigned long)sel));
	return (uint32_t)lim;
}

uint64_t cpu_tss_base(uint64_t gdt, uint16_t sel)
{
	const uint32_t *d = (const uint32_t *)(uintptr_t)(gdt + (sel & ~7u));
	uint64_t base = (d[0] >> 16) | ((d[1] & 0xff) << 16) | (d[1] & 0xff000000u);

#ifdef __x86_64__
	base |= (uint64_t)d[2] << 32;
#endif
	return base;
}
