// SPDX-License-Identifier: MIT
/* The bare SVM exit round trip (bare.h), in the monitor's context. */
#ifdef __x86_64__
#include <pmswitch/report.h>
#include <pmswitch/svm.h>
#include <pmswitch/x86.h>

#include "bare.h"
#include "cpu.h"
#include "cpu_tables.h"
#include "mem.h"
#include "report.h"
#include "svm_bare.h"

/* svm_bare_stub.S */
uint64_t svm_bare_go(uint64_t vmcb_pa, uint64_t vmcb_va);
extern char svm_bare_guest[];

#define AT(vmcb, off, type) (*(volatile type *)((vmcb) + (off)))

static void seg(uint8_t *vmcb, unsigned int off, uint16_t sel)
{
	AT(vmcb, off, uint16_t) = sel;
	AT(vmcb, off + 2, uint16_t) = (uint16_t)SVM_ATTR_FROM_VMX_AR(cpu_seg_ar(sel));
	AT(vmcb, off + 4, uint32_t) = sel ? cpu_seg_limit(sel) : 0;
	AT(vmcb, off + 8, uint64_t) = 0;
}

/* Guest = the CPU as it runs now (flat segments), at svm_bare_guest. TR,
 * LDTR, FS and GS bases are VMLOAD's business: VMRUN leaves the monitor's. */
static void vmcb_self(uint8_t *vmcb, uint64_t rsp)
{
	struct cpu_tables t;

	cpu_tables_read(&t);
	memset(vmcb, 0, PMSW_PAGE_SIZE);
	AT(vmcb, VMCB_INTERCEPT_MISC1, uint32_t) = INTERCEPT_SHUTDOWN;
	AT(vmcb, VMCB_INTERCEPT_MISC2, uint32_t) = INTERCEPT_VMRUN | INTERCEPT_VMMCALL;
	AT(vmcb, VMCB_GUEST_ASID, uint32_t) = 1;
	AT(vmcb, VMCB_TLB_CONTROL, uint8_t) = TLB_CONTROL_FLUSH_ALL;
	seg(vmcb, VMCB_CS, t.cs);
	seg(vmcb, VMCB_SS, t.ss);
	seg(vmcb, VMCB_DS, t.ds);
	seg(vmcb, VMCB_ES, t.es);
	seg(vmcb, VMCB_FS, t.fs);
	seg(vmcb, VMCB_GS, t.gs);
	AT(vmcb, VMCB_GDTR + 4, uint32_t) = t.gdtr.limit;
	AT(vmcb, VMCB_GDTR + 8, uint64_t) = t.gdtr.base;
	AT(vmcb, VMCB_IDTR + 4, uint32_t) = t.idtr.limit;
	AT(vmcb, VMCB_IDTR + 8, uint64_t) = t.idtr.base;
	AT(vmcb, VMCB_EFER, uint64_t) = rdmsr(MSR_EFER);
	AT(vmcb, VMCB_CR0, uint64_t) = READ_CR(0);
	AT(vmcb, VMCB_CR3, uint64_t) = READ_CR(3);
	AT(vmcb, VMCB_CR4, uint64_t) = READ_CR(4);
	AT(vmcb, VMCB_DR7, uint64_t) = 0x400;
	AT(vmcb, VMCB_DR6, uint64_t) = 0xffff0ff0;
	AT(vmcb, VMCB_RFLAGS, uint64_t) = X86_RFLAGS_FIXED;
	AT(vmcb, VMCB_RIP, uint64_t) = (uintptr_t)svm_bare_guest;
	AT(vmcb, VMCB_RSP, uint64_t) = rsp;
	AT(vmcb, VMCB_G_PAT, uint64_t) = rdmsr(MSR_IA32_PAT);
}

void svm_bare_measure(const struct pmsw_bootinfo *bi, uint64_t vmcb_pa, uint64_t vmcb_va,
		      uint8_t ctx)
{
	unsigned int n = bare_wanted(bi);
	uint8_t *vmcb = (uint8_t *)(uintptr_t)vmcb_va;
	unsigned long sp;
	uint64_t code;

	if (!n)
		return;
	/* The guest uses no stack; a fault in it would, below ours. */
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	vmcb_self(vmcb, (sp - 1024) & ~15ul);
	bare_samples = n + 1;
	code = svm_bare_go(vmcb_pa, vmcb_va);
	if (bare_taken < bare_samples)
		report_vmfail(ctx, PMSW_INSN_VMRUN, PMSW_VMFAIL_EXIT, 0, (uint32_t)code,
			      AT(vmcb, VMCB_EXITINFO1, uint64_t));
	bare_report(ctx);
}
#endif
