// SPDX-License-Identifier: MIT
/*
 * The svm-entry method: vmx-entry's monitor on AMD (monitor.c). EFER.SVME
 * on, VM_HSAVE_PA set, one VMCB per context whose save area is that context
 * exactly as the VMM built it; VMRUN enters a guest and its VMMCALL,
 * exceptions, NMIs, HLT and shutdown come back as #VMEXIT. Entering T's
 * VMCB loads all of T at once, in any width. Built into the 64-bit payload
 * only.
 */
#ifdef __x86_64__
#include <pmswitch/layout.h>
#include <pmswitch/report.h>
#include <pmswitch/svm.h>
#include <pmswitch/vmx.h>
#include <pmswitch/x86.h>

#include "cpu.h"
#include "exception.h"
#include "mem.h"
#include "method.h"
#include "monitor.h"
#include "report.h"
#include "svm_bare.h"

/* svm_entry_stub.S */
__attribute__((noreturn)) void svm_entry_go(uint64_t vmcb_pa);
extern char svm_entry_arrive[], svm_entry_bounce[], svm_entry_guest64[], svm_entry_guest32[],
	svm_entry_svc64_write[], svm_entry_svc64_switch_now[], svm_entry_svc64_exit[],
	svm_entry_svc32_write[], svm_entry_svc32_switch_now[], svm_entry_svc32_exit[];

static const struct monitor_stubs stubs = {
	.arrive = svm_entry_arrive, .guest64 = svm_entry_guest64, .guest32 = svm_entry_guest32,
	.bounce = svm_entry_bounce,
	.svc64_write = svm_entry_svc64_write, .svc64_switch_now = svm_entry_svc64_switch_now,
	.svc64_exit = svm_entry_svc64_exit, .svc32_write = svm_entry_svc32_write,
	.svc32_switch_now = svm_entry_svc32_switch_now, .svc32_exit = svm_entry_svc32_exit,
};

/* The power-on IA32_PAT (APM 7.8.2): T's PAT is its own, not the monitor's. */
#define PAT_POWER_ON    0x0007040600070406ull

static uint8_t *vmcb[2];                /* the scratch pages, as the monitor maps them */
uint64_t svm_host_vmsave_pa;            /* the monitor's own FS, GS, TR, ... */
static uint64_t vmcb_pa[2];

#define VMCB_AT(i, off, type) (*(volatile type *)(vmcb[i] + (off)))

static void vmcb_seg(unsigned int i, unsigned int off, uint16_t sel, uint32_t vmx_ar,
		     uint32_t limit, uint64_t base)
{
	VMCB_AT(i, off, uint16_t) = sel;
	VMCB_AT(i, off + 2, uint16_t) = (uint16_t)SVM_ATTR_FROM_VMX_AR(vmx_ar);
	VMCB_AT(i, off + 4, uint32_t) = limit;
	VMCB_AT(i, off + 8, uint64_t) = base;
}

/* Control area: every exception, NMIs, HLT, shutdown and VMMCALL come to
 * the monitor. Save area: context i as built (EFER.SVME must be set for a
 * guest too, APM 15.5.1). */
static void vmcb_context(unsigned int i, const struct pmsw_context_state *c)
{
	uint32_t base = VMX_AR_S | VMX_AR_P | VMX_AR_G | DESC_TYPE_ACCESSED;
	uint32_t code = base | DESC_TYPE_CODE_XR | (c->width == 64 ? VMX_AR_L : VMX_AR_DB);
	uint32_t data = base | DESC_TYPE_DATA_RW | VMX_AR_DB;

	memset(vmcb[i], 0, PMSW_PAGE_SIZE);
	VMCB_AT(i, VMCB_INTERCEPT_EXCEPTIONS, uint32_t) = 0xffffffff;
	VMCB_AT(i, VMCB_INTERCEPT_MISC1, uint32_t) = INTERCEPT_NMI | INTERCEPT_HLT | INTERCEPT_SHUTDOWN;
	VMCB_AT(i, VMCB_INTERCEPT_MISC2, uint32_t) = INTERCEPT_VMRUN | INTERCEPT_VMMCALL;
	VMCB_AT(i, VMCB_GUEST_ASID, uint32_t) = 1;
	VMCB_AT(i, VMCB_TLB_CONTROL, uint8_t) = TLB_CONTROL_FLUSH_ALL;
	vmcb_seg(i, VMCB_CS, c->cs, code, 0xffffffff, 0);
	vmcb_seg(i, VMCB_SS, c->ss, data, 0xffffffff, 0);
	vmcb_seg(i, VMCB_DS, c->ds, data, 0xffffffff, 0);
	vmcb_seg(i, VMCB_ES, c->ds, data, 0xffffffff, 0);
	vmcb_seg(i, VMCB_FS, c->ds, data, 0xffffffff, 0);
	vmcb_seg(i, VMCB_GS, c->ds, data, 0xffffffff, 0);
	vmcb_seg(i, VMCB_TR, c->tr, VMX_AR_P | DESC_TYPE_TSS32_BUSY, c->tr_limit, c->tr_base);
	vmcb_seg(i, VMCB_LDTR, 0, 0, 0, 0);
	vmcb_seg(i, VMCB_GDTR, 0, 0, c->gdtr_limit, c->gdtr_base);
	vmcb_seg(i, VMCB_IDTR, 0, 0, c->idtr_limit, c->idtr_base);
	VMCB_AT(i, VMCB_CPL, uint8_t) = 0;
	VMCB_AT(i, VMCB_EFER, uint64_t) = c->efer | X86_EFER_SVME;
	VMCB_AT(i, VMCB_CR0, uint64_t) = c->cr0;
	VMCB_AT(i, VMCB_CR3, uint64_t) = c->cr3;
	VMCB_AT(i, VMCB_CR4, uint64_t) = c->cr4;
	VMCB_AT(i, VMCB_DR7, uint64_t) = 0x400;
	VMCB_AT(i, VMCB_DR6, uint64_t) = 0xffff0ff0;
	VMCB_AT(i, VMCB_RFLAGS, uint64_t) = X86_RFLAGS_FIXED;
	VMCB_AT(i, VMCB_RIP, uint64_t) = monitor_start_rip(i);
	VMCB_AT(i, VMCB_RSP, uint64_t) = c->stack_top;
	VMCB_AT(i, VMCB_G_PAT, uint64_t) = PAT_POWER_ON;
}

static void svm_select(unsigned int i)
{
	(void)i;        /* enter() takes monitor_cur's VMCB */
}

static void svm_read_regs(unsigned int i, struct pmsw_regs *r)
{
	memset(r, 0, sizeof(*r));
	r->cr0 = VMCB_AT(i, VMCB_CR0, uint64_t);
	r->cr3 = VMCB_AT(i, VMCB_CR3, uint64_t);
	r->cr4 = VMCB_AT(i, VMCB_CR4, uint64_t);
	r->efer = VMCB_AT(i, VMCB_EFER, uint64_t);
	r->gdtr_base = VMCB_AT(i, VMCB_GDTR + 8, uint64_t);
	r->gdtr_limit = VMCB_AT(i, VMCB_GDTR + 4, uint32_t);
	r->idtr_base = VMCB_AT(i, VMCB_IDTR + 8, uint64_t);
	r->idtr_limit = VMCB_AT(i, VMCB_IDTR + 4, uint32_t);
	r->cs = VMCB_AT(i, VMCB_CS, uint16_t);
	r->ss = VMCB_AT(i, VMCB_SS, uint16_t);
	r->tr = VMCB_AT(i, VMCB_TR, uint16_t);
	r->rip = VMCB_AT(i, VMCB_RIP, uint64_t);
	r->rsp = VMCB_AT(i, VMCB_RSP, uint64_t);
	r->rflags = VMCB_AT(i, VMCB_RFLAGS, uint64_t);
}

static void svm_set_rip(unsigned int i, uint64_t rip)
{
	VMCB_AT(i, VMCB_RIP, uint64_t) = rip;
}

static void svm_read_exit(struct pmsw_ev_vmexit *ev)
{
	ev->exit_reason = (uint32_t)VMCB_AT(monitor_cur, VMCB_EXITCODE, uint64_t);
	ev->svm = 1;
	ev->qualification = VMCB_AT(monitor_cur, VMCB_EXITINFO1, uint64_t);
}

__attribute__((noreturn)) static void svm_enter(void)
{
	VMCB_AT(monitor_cur, VMCB_RAX, uint64_t) = monitor_regs.rax;
	svm_entry_go(vmcb_pa[monitor_cur]);
}

static const struct monitor_vendor svm_vendor = {
	.ev_call = PMSW_EV_VMMCALL, .ev_entry = PMSW_EV_VMRUN,
	.select = svm_select, .read_regs = svm_read_regs, .read_exit = svm_read_exit,
	.set_rip = svm_set_rip, .enter = svm_enter,
};

/* Every #VMEXIT, on the monitor's stack, the guest's registers saved. */
__attribute__((noreturn)) void svm_entry_exit(void);
void svm_entry_exit(void)
{
	uint64_t tsc = rdtsc();
	unsigned int i = monitor_cur;
	uint64_t code = VMCB_AT(i, VMCB_EXITCODE, uint64_t);
	uint64_t rip = VMCB_AT(i, VMCB_RIP, uint64_t);
	uint16_t cs = VMCB_AT(i, VMCB_CS, uint16_t);

	payload_ctx = PMSW_CTX_MONITOR;
	monitor_regs.rax = VMCB_AT(i, VMCB_RAX, uint64_t);
	if (code == SVM_EXIT_VMMCALL) {
		VMCB_AT(i, VMCB_RIP, uint64_t) = rip + VMMCALL_LEN;
		monitor_call(tsc);
	}
	/* The NMI stayed pending for the #VMEXIT and was taken by the monitor
	 * itself at the STGI after it (its handler signalled it under run
	 * --nmi): the guest goes on. */
	if (code == SVM_EXIT_NMI)
		svm_enter();
	if (code >= SVM_EXIT_EXCP_BASE && code < SVM_EXIT_EXCP_BASE + X86_NR_EXCEPTIONS) {
		uint32_t vector = (uint32_t)(code - SVM_EXIT_EXCP_BASE);

		monitor_exception(vector, VMCB_AT(i, VMCB_EXITINFO1, uint64_t), rip, cs,
				  vector == X86_VEC_PF ? VMCB_AT(i, VMCB_EXITINFO2, uint64_t) : 0);
	}
	report_vmfail(monitor_tag(i), PMSW_INSN_VMRUN, PMSW_VMFAIL_EXIT, 0, (uint32_t)code,
		      VMCB_AT(i, VMCB_EXITINFO1, uint64_t));
}

__attribute__((noreturn)) static void svm_entry_monitor(const struct switch_env *env)
{
	const struct pmsw_bootinfo *bi = env->bi;

	monitor_init(bi, &svm_vendor, &stubs);
	/* The VMXON page is the host save area here; the VMCS pages are VMCBs. */
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | X86_EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, bi->vmxon_pa);
	svm_host_vmsave_pa = bi->vmsave_pa;
	__asm__ volatile("vmsave %%rax" : : "a"(svm_host_vmsave_pa) : "memory");
	report_emit(PMSW_EV_SVM_ON, PMSW_CTX_MONITOR, 0, 0);
	/* Under run --round-trips, the reference the switches are set against:
	 * exits that load nothing but the monitor again (O's VMCB page, before
	 * it is O's). */
	svm_bare_measure(bi, bi->vmcs_pa, bi->vmcs_va, PMSW_CTX_MONITOR);
	vmcb[PMSW_CTX_IDX_ORIGINAL] = (uint8_t *)(uintptr_t)bi->vmcs_va;
	vmcb[PMSW_CTX_IDX_TARGET] = (uint8_t *)(uintptr_t)bi->vmcs_t_va;
	vmcb_pa[PMSW_CTX_IDX_ORIGINAL] = bi->vmcs_pa;
	vmcb_pa[PMSW_CTX_IDX_TARGET] = bi->vmcs_t_pa;
	for (unsigned int i = 0; i < 2; i++)
		vmcb_context(i, &bi->ctx[i]);
	report_emit(PMSW_EV_VMCB_READY, PMSW_CTX_MONITOR, 0, 0);
	monitor_run();
}

const struct switch_method svm_entry_method = {
	.code = PMSW_METHOD_SVM_ENTRY,
	.name = "svm-entry",
	.monitor = svm_entry_monitor,
};
#endif
