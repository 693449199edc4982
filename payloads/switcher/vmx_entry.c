// SPDX-License-Identifier: MIT
/*
 * The vmx-entry method (seed Fig. 2, paragraphs 0036-0041): the switcher is
 * a minimal monitor in a context of its own (M, 64-bit, mapped in neither
 * image). O and T each run as a VMX guest with their own VMCS, whose guest
 * state is that context exactly as the VMM built it. O's request (returning
 * from its entry, or switch_now()) is a VMCALL: the exit comes to the
 * monitor, which makes T's VMCS current and enters it, and the VM entry
 * loads all of T at once. A VM entry can change width, so any pair goes.
 * Built into the 64-bit payload only; the guests' code is in
 * vmx_entry_stub.S, for either width.
 */
#ifdef __x86_64__
#include <pmswitch/image.h>
#include <pmswitch/layout.h>
#include <pmswitch/report.h>
#include <pmswitch/vmx.h>
#include <pmswitch/x86.h>

#include "cpu.h"
#include "exception.h"
#include "mem.h"
#include "method.h"
#include "monitor.h"
#include "report.h"
#include "vmx_bare.h"
#include "vmx_common.h"
#include "vmx_insn.h"

/* vmx_entry_stub.S */
unsigned long vmx_entry_go(int launch);
extern char vmx_entry_exit_stub[], vmx_entry_arrive[], vmx_entry_bounce[], vmx_entry_guest64[], vmx_entry_guest32[],
	vmx_entry_svc64_write[], vmx_entry_svc64_switch_now[], vmx_entry_svc64_exit[],
	vmx_entry_svc32_write[], vmx_entry_svc32_switch_now[], vmx_entry_svc32_exit[];

static const struct monitor_stubs stubs = {
	.arrive = vmx_entry_arrive, .guest64 = vmx_entry_guest64, .guest32 = vmx_entry_guest32,
	.bounce = vmx_entry_bounce,
	.svc64_write = vmx_entry_svc64_write, .svc64_switch_now = vmx_entry_svc64_switch_now,
	.svc64_exit = vmx_entry_svc64_exit, .svc32_write = vmx_entry_svc32_write,
	.svc32_switch_now = vmx_entry_svc32_switch_now, .svc32_exit = vmx_entry_svc32_exit,
};

static const struct pmsw_bootinfo *bi;
static int launched[2];                 /* 0 never, 1 launching, 2 ran */

static const pmsw_u64 *vmcs_pa(unsigned int i)
{
	return i == PMSW_CTX_IDX_ORIGINAL ? &bi->vmcs_pa : &bi->vmcs_t_pa;
}

/* Guest state = context i as the VMM built it: the flat ring-0 segments
 * of its GDT, its busy TSS, its tables and control registers. CR4.VMXE must
 * be set in VMX operation (SDM A.8); the read shadow hides it. */
static void vmcs_guest_context(unsigned int i)
{
	const struct pmsw_context_state *c = &bi->ctx[i];
	uint32_t base = VMX_AR_S | VMX_AR_P | VMX_AR_G | DESC_TYPE_ACCESSED;
	uint32_t code = base | DESC_TYPE_CODE_XR | (c->width == 64 ? VMX_AR_L : VMX_AR_DB);
	uint32_t data = base | DESC_TYPE_DATA_RW | VMX_AR_DB;
	uint64_t rip = monitor_start_rip(i);
	const struct vmcs_field f[] = {
		{ GUEST_CR0, c->cr0 }, { GUEST_CR3, c->cr3 }, { GUEST_CR4, c->cr4 | X86_CR4_VMXE },
		{ CR4_GUEST_HOST_MASK, X86_CR4_VMXE }, { CR4_READ_SHADOW, c->cr4 },
		{ CR0_GUEST_HOST_MASK, 0 }, { CR0_READ_SHADOW, c->cr0 },
		{ GUEST_IA32_EFER, c->efer }, { GUEST_DR7, 0x400 }, { GUEST_IA32_DEBUGCTL, 0 },
		{ GUEST_CS_SELECTOR, c->cs }, { GUEST_CS_BASE, 0 }, { GUEST_CS_LIMIT, 0xffffffff },
		{ GUEST_CS_AR_BYTES, code },
		{ GUEST_SS_SELECTOR, c->ss }, { GUEST_SS_BASE, 0 }, { GUEST_SS_LIMIT, 0xffffffff },
		{ GUEST_SS_AR_BYTES, data },
		{ GUEST_DS_SELECTOR, c->ds }, { GUEST_DS_BASE, 0 }, { GUEST_DS_LIMIT, 0xffffffff },
		{ GUEST_DS_AR_BYTES, data },
		{ GUEST_ES_SELECTOR, c->ds }, { GUEST_ES_BASE, 0 }, { GUEST_ES_LIMIT, 0xffffffff },
		{ GUEST_ES_AR_BYTES, data },
		{ GUEST_FS_SELECTOR, c->ds }, { GUEST_FS_BASE, 0 }, { GUEST_FS_LIMIT, 0xffffffff },
		{ GUEST_FS_AR_BYTES, data },
		{ GUEST_GS_SELECTOR, c->ds }, { GUEST_GS_BASE, 0 }, { GUEST_GS_LIMIT, 0xffffffff },
		{ GUEST_GS_AR_BYTES, data },
		{ GUEST_TR_SELECTOR, c->tr }, { GUEST_TR_BASE, c->tr_base },
		{ GUEST_TR_LIMIT, c->tr_limit }, { GUEST_TR_AR_BYTES, VMX_AR_P | DESC_TYPE_TSS32_BUSY },
		{ GUEST_LDTR_SELECTOR, 0 }, { GUEST_LDTR_BASE, 0 }, { GUEST_LDTR_LIMIT, 0 },
		{ GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE },
		{ GUEST_GDTR_BASE, c->gdtr_base }, { GUEST_GDTR_LIMIT, c->gdtr_limit },
		{ GUEST_IDTR_BASE, c->idtr_base }, { GUEST_IDTR_LIMIT, c->idtr_limit },
		{ GUEST_SYSENTER_CS, 0 }, { GUEST_SYSENTER_ESP, 0 }, { GUEST_SYSENTER_EIP, 0 },
		{ GUEST_RSP, c->stack_top }, { GUEST_RIP, rip }, { GUEST_RFLAGS, X86_RFLAGS_FIXED },
		{ GUEST_INTERRUPTIBILITY_INFO, 0 }, { GUEST_ACTIVITY_STATE, 0 },
		{ GUEST_PENDING_DBG_EXCEPTIONS, 0 }, { VMCS_LINK_POINTER, ~0ull },
	};

	vmcs_write_all(f, PMSW_ARRAY_SIZE(f));
}

/* Every exception, NMI and HLT exits to the monitor, which reports it: a
 * guest never runs on handlers of the wrong width. The exit returns to the
 * 64-bit monitor; the entry is IA-32e for a 64-bit guest only. */
static void vmcs_controls_context(unsigned int i)
{
	uint32_t exit = VM_EXIT_HOST_ADDR_SPACE_SIZE, entry = 0;

	if (bi->ctx[i].width == 64)
		entry |= VM_ENTRY_IA32E_MODE;
	if (vmx_allowed1(MSR_IA32_VMX_EXIT_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS, VM_EXIT_LOAD_IA32_EFER))
		exit |= VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_EFER;
	if (vmx_allowed1(MSR_IA32_VMX_ENTRY_CTLS, MSR_IA32_VMX_TRUE_ENTRY_CTLS, VM_ENTRY_LOAD_IA32_EFER))
		entry |= VM_ENTRY_LOAD_IA32_EFER;
	const struct vmcs_field f[] = {
		{ PIN_BASED_VM_EXEC_CONTROL,
		  vmx_ctl(MSR_IA32_VMX_PINBASED_CTLS, MSR_IA32_VMX_TRUE_PINBASED_CTLS,
			  PIN_BASED_NMI_EXITING) },
		{ CPU_BASED_VM_EXEC_CONTROL,
		  vmx_ctl(MSR_IA32_VMX_PROCBASED_CTLS, MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
			  CPU_BASED_HLT_EXITING) },
		{ VM_EXIT_CONTROLS, vmx_ctl(MSR_IA32_VMX_EXIT_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS, exit) },
		{ VM_ENTRY_CONTROLS,
		  vmx_ctl(MSR_IA32_VMX_ENTRY_CTLS, MSR_IA32_VMX_TRUE_ENTRY_CTLS, entry) },
		{ EXCEPTION_BITMAP, 0xffffffff }, { PAGE_FAULT_ERROR_CODE_MASK, 0 },
		{ PAGE_FAULT_ERROR_CODE_MATCH, 0 }, { CR3_TARGET_COUNT, 0 },
		{ VM_EXIT_MSR_STORE_COUNT, 0 }, { VM_EXIT_MSR_LOAD_COUNT, 0 },
		{ VM_ENTRY_MSR_LOAD_COUNT, 0 }, { VM_ENTRY_INTR_INFO_FIELD, 0 },
	};

	vmcs_write_all(f, PMSW_ARRAY_SIZE(f));
}

static void vmx_select(unsigned int i)
{
	int r = vmptrld(vmcs_pa(i));

	if (r)
		vmx_fail(PMSW_INSN_VMPTRLD, r, 0);
}

/* The current VMCS's guest registers (T's CR4 as it reads it). */
static void vmx_read_regs(unsigned int i, struct pmsw_regs *r)
{
	(void)i;        /* selected already */
	memset(r, 0, sizeof(*r));
	r->cr0 = vmcs_read(GUEST_CR0);
	r->cr3 = vmcs_read(GUEST_CR3);
	r->cr4 = vmcs_read(CR4_READ_SHADOW);
	r->efer = vmcs_read(GUEST_IA32_EFER);
	r->gdtr_base = vmcs_read(GUEST_GDTR_BASE);
	r->gdtr_limit = (uint32_t)vmcs_read(GUEST_GDTR_LIMIT);
	r->idtr_base = vmcs_read(GUEST_IDTR_BASE);
	r->idtr_limit = (uint32_t)vmcs_read(GUEST_IDTR_LIMIT);
	r->cs = (uint16_t)vmcs_read(GUEST_CS_SELECTOR);
	r->ss = (uint16_t)vmcs_read(GUEST_SS_SELECTOR);
	r->tr = (uint16_t)vmcs_read(GUEST_TR_SELECTOR);
	r->rip = vmcs_read(GUEST_RIP);
	r->rsp = vmcs_read(GUEST_RSP);
	r->rflags = vmcs_read(GUEST_RFLAGS);
}

static void vmx_set_rip(unsigned int i, uint64_t rip)
{
	(void)i;        /* selected already */
	vmcs_write_all(&(struct vmcs_field){ GUEST_RIP, rip }, 1);
}

static void vmx_read_exit(struct pmsw_ev_vmexit *ev)
{
	ev->exit_reason = (uint32_t)vmcs_read(VM_EXIT_REASON);
	ev->qualification = vmcs_read(EXIT_QUALIFICATION);
}

/* Enters the current VMCS; only a failed VMLAUNCH/VMRESUME returns. */
__attribute__((noreturn)) static void vmx_enter(void)
{
	unsigned int i = monitor_cur;
	int launch = !launched[i];
	unsigned long fl;

	if (launch)
		launched[i] = 1;
	fl = vmx_entry_go(launch);
	vmx_fail(launch ? PMSW_INSN_VMLAUNCH : PMSW_INSN_VMRESUME,
		 (fl & X86_RFLAGS_CF) ? VMX_FAIL_INVALID : VMX_FAIL_VALID, 0);
}

static const struct monitor_vendor vmx_vendor = {
	.ev_call = PMSW_EV_VMCALL, .ev_entry = PMSW_EV_VMLAUNCH,
	.select = vmx_select, .read_regs = vmx_read_regs, .read_exit = vmx_read_exit,
	.set_rip = vmx_set_rip, .enter = vmx_enter,
};

/* An exit that is no call: the guest faulted, halted, died, or an NMI came. */
__attribute__((noreturn)) static void guest_stopped(uint32_t reason)
{
	uint32_t info = (uint32_t)vmcs_read(VM_EXIT_INTR_INFO);
	uint64_t rip = vmcs_read(GUEST_RIP);
	uint16_t cs = (uint16_t)vmcs_read(GUEST_CS_SELECTOR);

	if (reason == EXIT_REASON_EXCEPTION_NMI && (info & INTR_INFO_VALID)) {
		uint32_t vector = info & INTR_INFO_VECTOR_MASK;

		launched[monitor_cur] = 2;
		if ((info & INTR_INFO_TYPE_MASK) == INTR_TYPE_NMI)
			monitor_nmi(rip, cs);
		monitor_exception(vector, (info & INTR_INFO_DELIVER_CODE) ?
				  vmcs_read(VM_EXIT_INTR_ERROR_CODE) : 0, rip, cs,
				  vector == X86_VEC_PF ? vmcs_read(EXIT_QUALIFICATION) : 0);
	}
	report_vmfail(monitor_tag(monitor_cur),
		      launched[monitor_cur] > 1 ? PMSW_INSN_VMRESUME : PMSW_INSN_VMLAUNCH,
		      PMSW_VMFAIL_EXIT, 0, reason, vmcs_read(EXIT_QUALIFICATION));
}

/* Every VM exit, on the monitor's stack, the guest's registers saved. */
__attribute__((noreturn)) void vmx_entry_exit(void);
void vmx_entry_exit(void)
{
	uint64_t tsc = rdtsc();
	uint32_t reason = (uint32_t)vmcs_read(VM_EXIT_REASON);

	payload_ctx = PMSW_CTX_MONITOR;
	if (reason != EXIT_REASON_VMCALL)
		guest_stopped(reason);
	launched[monitor_cur] = 2;      /* it ran: the next entry is a VMRESUME */
	vmcs_write_all(&(struct vmcs_field){ GUEST_RIP, vmcs_read(GUEST_RIP) +
					     vmcs_read(VM_EXIT_INSTRUCTION_LEN) }, 1);
	monitor_call(tsc);
}

__attribute__((noreturn)) static void vmx_entry_monitor(const struct switch_env *env)
{
	bi = env->bi;
	monitor_init(bi, &vmx_vendor, &stubs);
	vmx_on(&bi->vmxon_pa, bi->vmxon_va, PMSW_CTX_MONITOR);
	report_emit(PMSW_EV_VMXON, PMSW_CTX_MONITOR, 0, 0);
	/* Under run --round-trips, the reference the switches are set against:
	 * exits that load nothing but the monitor again. */
	vmx_bare_measure(bi, &bi->vmcs_pa, bi->vmcs_va, PMSW_CTX_MONITOR);
	for (unsigned int i = 0; i < 2; i++) {
		vmcs_load_fresh(vmcs_pa(i), i ? bi->vmcs_t_va : bi->vmcs_va);
		vmcs_controls_context(i);
		vmcs_guest_context(i);
		/* Host state = the monitor as it runs now: every exit comes here. */
		vmcs_host_self((uintptr_t)vmx_entry_exit_stub, PMSW_STACK_TOP_VA);
	}
	report_emit(PMSW_EV_VMCS_READY, PMSW_CTX_MONITOR, 0, 0);
	monitor_run();
}

const struct switch_method vmx_entry_method = {
	.code = PMSW_METHOD_VMX_ENTRY,
	.name = "vmx-entry",
	.monitor = vmx_entry_monitor,
};
#endif
