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
#include "report.h"
#include "vmx_common.h"
#include "vmx_entry.h"
#include "vmx_insn.h"

struct vmx_guest_regs vmx_guest_regs;

/* The services table of a 32-bit context: its pointers are 32-bit. */
struct services32 {
	uint32_t version, ctx, write, switch_now, exit;
};

static const struct pmsw_bootinfo *bi;
static struct pmsw_services svc64[2];
static struct services32 svc32[2];
static unsigned int cur;                /* PMSW_CTX_IDX_* running now */
static int launched[2];

static const uint8_t ctx_tag[2] = { PMSW_CTX_ORIGINAL, PMSW_CTX_TARGET };

static const pmsw_u64 *vmcs_pa(unsigned int i)
{
	return i == PMSW_CTX_IDX_ORIGINAL ? &bi->vmcs_pa : &bi->vmcs_t_pa;
}

static void services_init(void)
{
	for (unsigned int i = 0; i < 2; i++) {
		svc64[i] = (struct pmsw_services){
			.version = 1, .ctx = ctx_tag[i],
			.write = (void (*)(const char *, unsigned long))vmx_entry_svc64_write,
			.switch_now = (void (*)(void))vmx_entry_svc64_switch_now,
			.exit = (void (*)(int))vmx_entry_svc64_exit,
		};
		svc32[i] = (struct services32){
			.version = 1, .ctx = ctx_tag[i],
			.write = (uint32_t)(uintptr_t)vmx_entry_svc32_write,
			.switch_now = (uint32_t)(uintptr_t)vmx_entry_svc32_switch_now,
			.exit = (uint32_t)(uintptr_t)vmx_entry_svc32_exit,
		};
	}
}

/* Where context i starts as a guest, and what its start stub reads. */
static void guest_regs_start(unsigned int i)
{
	const struct pmsw_context_state *c = &bi->ctx[i];

	memset(&vmx_guest_regs, 0, sizeof(vmx_guest_regs));
	vmx_guest_regs.rsi = c->entry;
	vmx_guest_regs.rdi = c->width == 64 ? (uintptr_t)&svc64[i] : (uintptr_t)&svc32[i];
	vmx_guest_regs.rbx = c->width == 64 ? (uintptr_t)vmx_entry_guest64 :
			     (uintptr_t)vmx_entry_guest32;
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
	/* T starts at the landing, O straight at its start stub. */
	uint64_t rip = i == PMSW_CTX_IDX_TARGET ? (uintptr_t)vmx_entry_landing :
		       c->width == 64 ? (uintptr_t)vmx_entry_guest64 : (uintptr_t)vmx_entry_guest32;
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

/* Host state = the monitor as the CPU runs it now: every exit comes here. */
static void vmcs_host_monitor(void)
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
		{ HOST_RSP, PMSW_STACK_TOP_VA }, { HOST_RIP, (uintptr_t)vmx_entry_exit_stub },
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

/* Context i's registers as its VMCS holds them now. */
static void vmcs_regs(struct pmsw_regs *r)
{
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

static void report_regs(uint16_t event, unsigned int i, uint64_t tsc)
{
	struct pmsw_regs r;

	vmcs_regs(&r);
	report_emit_at(event, ctx_tag[i], tsc, &r, sizeof(r));
}

/* Enters the current VMCS, context cur; returns only if that failed. */
__attribute__((noreturn)) static void enter(void)
{
	int launch = !launched[cur];
	unsigned long fl;

	if (launch)
		launched[cur] = 1;
	fl = vmx_entry_go(launch);
	vmx_fail(launch ? PMSW_INSN_VMLAUNCH : PMSW_INSN_VMRESUME,
		 (fl & X86_RFLAGS_CF) ? VMX_FAIL_INVALID : VMX_FAIL_VALID, 0);
}

static uint64_t guest_tsc(void)
{
	return (uint32_t)vmx_guest_regs.rdi | (uint64_t)(uint32_t)vmx_guest_regs.rsi << 32;
}

/* O asked for T: the exit that brought the request is reported, T's VMCS
 * made current and entered (the probe steps from the signal to T). */
__attribute__((noreturn)) static void switch_to_target(uint64_t exit_tsc)
{
	struct pmsw_ev_vmexit ev = {
		.exit_reason = (uint32_t)vmcs_read(VM_EXIT_REASON),
		.qualification = vmcs_read(EXIT_QUALIFICATION),
	};
	int r;

	report_snapshot(&ev.regs);
	report_emit_at(PMSW_EV_VMCALL, PMSW_CTX_ORIGINAL, guest_tsc(), 0, 0);
	report_emit_at(PMSW_EV_VMEXIT, PMSW_CTX_MONITOR, exit_tsc, &ev, sizeof(ev));
	r = vmptrld(vmcs_pa(PMSW_CTX_IDX_TARGET));
	if (r)
		vmx_fail(PMSW_INSN_VMPTRLD, r, 0);
	cur = PMSW_CTX_IDX_TARGET;
	payload_ctx = PMSW_CTX_MONITOR;
	guest_regs_start(cur);
	report_emit(PMSW_EV_VMLAUNCH, PMSW_CTX_MONITOR, 0, 0);
	__asm__ volatile("outb %%al, %0" : : "N"(PMSW_PORT_SWITCH_START), "a"(0) : "memory");
	enter();
}

/* An exit that is no request: the guest faulted, halted or died, or an NMI
 * came, which the monitor handles: under `run --nmi` (PMSW_BI_NMI) it
 * signals it as the payload's NMI stub does, from its own context, and the
 * guest goes on. */
__attribute__((noreturn)) static void guest_stopped(uint32_t reason)
{
	uint32_t info = (uint32_t)vmcs_read(VM_EXIT_INTR_INFO);

	if (reason == EXIT_REASON_EXCEPTION_NMI && (info & INTR_INFO_VALID) &&
	    (info & INTR_INFO_TYPE_MASK) == INTR_TYPE_NMI && (bi->flags & PMSW_BI_NMI)) {
		__asm__ volatile("outb %%al, %2" : : "a"(vmcs_read(GUEST_RIP)),
				 "d"(vmcs_read(GUEST_CS_SELECTOR)), "N"(PMSW_PORT_NMI) : "memory");
		launched[cur] = 2;
		enter();
	}

	if ((reason & EXIT_REASON_BASIC_MASK) == EXIT_REASON_EXCEPTION_NMI &&
	    !(reason & EXIT_REASON_FAILED_VMENTRY) && (info & INTR_INFO_VALID)) {
		struct pmsw_ev_exception e = {
			.vector = info & INTR_INFO_VECTOR_MASK,
			.error_code = (info & INTR_INFO_DELIVER_CODE) ?
				      vmcs_read(VM_EXIT_INTR_ERROR_CODE) : 0,
			.rip = vmcs_read(GUEST_RIP),
			.cs = (uint16_t)vmcs_read(GUEST_CS_SELECTOR),
		};

		if (e.vector == X86_VEC_PF)
			e.cr2 = vmcs_read(EXIT_QUALIFICATION);
		report_emit(PMSW_EV_EXCEPTION, ctx_tag[cur], &e, sizeof(e));
		report_exit(PMSW_GUEST_FAILED);
	}
	report_vmfail(ctx_tag[cur], launched[cur] > 1 ? PMSW_INSN_VMRESUME : PMSW_INSN_VMLAUNCH,
		      PMSW_VMFAIL_EXIT, 0, reason, vmcs_read(EXIT_QUALIFICATION));
}

static void guest_said(unsigned int ctx, const char *what, size_t len)
{
	report_text(ctx_tag[ctx], what, len);
	report_exit(PMSW_GUEST_FAILED);
}

/* Every VM exit, on the monitor's stack, the guest's registers saved. */
__attribute__((noreturn)) void vmx_entry_exit(void);
void vmx_entry_exit(void)
{
	uint64_t tsc = rdtsc();
	uint32_t reason = (uint32_t)vmcs_read(VM_EXIT_REASON);
	uint32_t arg = (uint32_t)vmx_guest_regs.rcx;

	payload_ctx = PMSW_CTX_MONITOR;
	if (reason != EXIT_REASON_VMCALL)
		guest_stopped(reason);
	launched[cur] = 2;      /* it ran: the next entry is a VMRESUME */
	vmcs_write_all(&(struct vmcs_field){ GUEST_RIP, vmcs_read(GUEST_RIP) +
					     vmcs_read(VM_EXIT_INSTRUCTION_LEN) }, 1);
	switch ((uint32_t)vmx_guest_regs.rax) {
	case HC_WRITE:
		if (arg > PMSW_PAGE_SIZE)
			guest_said(cur, "vmx-entry: write past the transfer page", 39);
		report_text(ctx_tag[cur], (const char *)(uintptr_t)PMSW_XFER_VA, arg);
		break;
	case HC_SWITCH:
	case HC_RETURNED:
		if (cur == PMSW_CTX_IDX_ORIGINAL)
			switch_to_target(tsc);
		if ((uint32_t)vmx_guest_regs.rax == HC_SWITCH)
			guest_said(cur, "switch_now() called in the target", 33);
		__attribute__((fallthrough));   /* the target's entry returned */
	case HC_EXIT:
		if (cur == PMSW_CTX_IDX_ORIGINAL)
			guest_said(cur, "original called exit() before switching", 39);
		report_emit(PMSW_EV_TARGET_DONE, PMSW_CTX_TARGET,
			    &(struct pmsw_ev_done){ .status = (int32_t)arg }, sizeof(struct pmsw_ev_done));
		/* T itself ends the run, so the VMM finds the vCPU in T. */
		vmx_guest_regs.rax = PMSW_GUEST_DONE;
		break;
	case HC_LANDED:
		report_regs(PMSW_EV_ENTER_TARGET, cur, guest_tsc());
		guest_regs_start(cur);
		break;
	default:
		guest_said(cur, "vmx-entry: unknown VMCALL", 25);
	}
	enter();
}

__attribute__((noreturn)) static void vmx_entry_monitor(const struct switch_env *env)
{
	int r;

	bi = env->bi;
	payload_ctx = PMSW_CTX_MONITOR;
	services_init();
	vmx_on(&bi->vmxon_pa, bi->vmxon_va, PMSW_CTX_MONITOR);
	for (unsigned int i = 0; i < 2; i++) {
		vmcs_load_fresh(vmcs_pa(i), i ? bi->vmcs_t_va : bi->vmcs_va);
		vmcs_controls_context(i);
		vmcs_guest_context(i);
		vmcs_host_monitor();
	}
	report_emit(PMSW_EV_VMCS_READY, PMSW_CTX_MONITOR, 0, 0);
	r = vmptrld(vmcs_pa(PMSW_CTX_IDX_ORIGINAL));
	if (r)
		vmx_fail(PMSW_INSN_VMPTRLD, r, 0);
	cur = PMSW_CTX_IDX_ORIGINAL;
	guest_regs_start(cur);
	report_regs(PMSW_EV_ENTER_ORIGINAL, cur, rdtsc());
	enter();
}

const struct switch_method vmx_entry_method = {
	.code = PMSW_METHOD_VMX_ENTRY,
	.name = "vmx-entry",
	.monitor = vmx_entry_monitor,
};
#endif
