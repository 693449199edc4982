// SPDX-License-Identifier: MIT
/*
 * The vmx-exit method (seed Fig. 4 and 5): the original context turns VMX
 * on, writes a VMCS whose guest state is itself and whose host state is the
 * target, VMLAUNCHes into itself at a VMCALL, and the VM exit loads the
 * whole target context at once.
 */
#include <pmswitch/layout.h>
#include <pmswitch/report.h>
#include <pmswitch/types.h>
#include <pmswitch/vmx.h>
#include <pmswitch/x86.h>

#include "cpu.h"
#include "exception.h"
#include "method.h"
#include "piecemeal_load.h"
#include "report.h"
#include "vmx_bare.h"
#include "vmx_common.h"
#include "vmx_exit.h"
#include "vmx_insn.h"

struct vmx_landing vmx_landing;
pmsw_u64 vmx_vmcs_pa;
/* The core's environment, for the landing in T: nothing else carries it
 * across the VM exit. */
static const struct switch_env *landing_env;

/* Guest state = the original context exactly as the CPU runs it now, at
 * its VMCALL. */
static void vmcs_guest_original(const struct pmsw_bootinfo *bi)
{
	unsigned long sp;

	__asm__ volatile("mov %%" SP_REG ", %0" : "=r"(sp));
	vmcs_guest_self((uintptr_t)vmx_guest_vmcall, sp,
			(bi->flags & PMSW_BI_BREAK_GUEST_RFLAGS) ? 0 : X86_RFLAGS_FIXED);
}

/* run --round-trips: the context being left and the one switched to (O and
 * T, then the other way round on each trip), and the landings so far. */
static unsigned int from = PMSW_CTX_IDX_ORIGINAL, to = PMSW_CTX_IDX_TARGET;
static unsigned int landings;

static uint8_t tag(unsigned int i)
{
	return i == PMSW_CTX_IDX_ORIGINAL ? PMSW_CTX_ORIGINAL : PMSW_CTX_TARGET;
}

/* Host state = the context switched to (T, or O on a trip back) as the VMM
 * built it. */
static void vmcs_host_target(const struct pmsw_bootinfo *bi)
{
	const struct pmsw_context_state *t = &bi->ctx[to];
	uint16_t tr = (bi->flags & PMSW_BI_BREAK_HOST_TR) ? 0 : t->tr;
	const struct vmcs_field f[] = {
		{ HOST_CR0, t->cr0 }, { HOST_CR3, t->cr3 }, { HOST_CR4, t->cr4 | X86_CR4_VMXE },
		{ HOST_IA32_EFER, t->efer },
		{ HOST_CS_SELECTOR, t->cs }, { HOST_SS_SELECTOR, t->ss },
		{ HOST_DS_SELECTOR, t->ds }, { HOST_ES_SELECTOR, t->ds },
		{ HOST_FS_SELECTOR, t->ds }, { HOST_GS_SELECTOR, t->ds }, { HOST_TR_SELECTOR, tr },
		{ HOST_FS_BASE, 0 }, { HOST_GS_BASE, 0 }, { HOST_TR_BASE, t->tr_base },
		{ HOST_GDTR_BASE, t->gdtr_base }, { HOST_IDTR_BASE, t->idtr_base },
		{ HOST_IA32_SYSENTER_CS, 0 }, { HOST_IA32_SYSENTER_ESP, 0 },
		{ HOST_IA32_SYSENTER_EIP, 0 },
		{ HOST_RSP, PMSW_STACK_TOP_VA }, { HOST_RIP, (uintptr_t)vmx_host_entry },
	};

	vmcs_write_all(f, PMSW_ARRAY_SIZE(f));
}

/* A current VMCS that launches the context being left into the exit to
 * the other. */
static void vmx_vmcs(const struct pmsw_bootinfo *bi)
{
	vmx_vmcs_pa = bi->vmcs_pa;
	vmcs_load_fresh(&bi->vmcs_pa, bi->vmcs_va);
	vmcs_controls_plain(bi->ctx[from].width == 64);
	vmcs_guest_original(bi);
	vmcs_host_target(bi);
}

static void vmx_exit_prepare(const struct switch_env *env)
{
	const struct pmsw_bootinfo *bi = env->bi;

	vmx_on(&bi->vmxon_pa, bi->vmxon_va, tag(from));
	report_emit(PMSW_EV_VMXON, PMSW_CTX_ORIGINAL, 0, 0);
	/* Under run --round-trips, the reference a switch is set against:
	 * exits that load nothing but this context again. */
	vmx_bare_measure(bi, &bi->vmcs_pa, bi->vmcs_va, PMSW_CTX_ORIGINAL);
	vmx_vmcs(bi);
	report_emit(PMSW_EV_VMCS_READY, PMSW_CTX_ORIGINAL, 0, 0);
}

/* VMLAUNCH into the guest's VMCALL; success never returns here: the VM exit
 * goes to vmx_host_entry in the other context. The probe steps from the
 * signal, on the first switch only. */
__attribute__((noreturn)) static void vmx_exit_launch(int signal_start)
{
	uint8_t cf, zf;

	if (signal_start)
		__asm__ volatile("outb %%al, %0" : : "N"(PMSW_PORT_SWITCH_START), "a"(0) : "memory");
	__asm__ volatile("vmlaunch; setc %0; setz %1" : "=q"(cf), "=q"(zf) : : "cc", "memory");
	vmx_fail(PMSW_INSN_VMLAUNCH, VMX_STATUS(cf, zf), 0);
}

__attribute__((noreturn)) static void vmx_exit_switch_now(const struct switch_env *env)
{
	landing_env = env;
	report_emit(PMSW_EV_VMLAUNCH, PMSW_CTX_ORIGINAL, 0, 0);
	if (env->bi->flags & PMSW_BI_SKIP_EXIT) {
		/* Test only: the steps say "vmlaunch", but T is reached without
		 * the exit, the way the strict verdict must not accept. */
		__asm__ volatile("vmxoff" : : : "cc", "memory");
		WRITE_CR(4, READ_CR(4) & ~(unsigned long)X86_CR4_VMXE);
		piecemeal_load(&env->bi->ctx[PMSW_CTX_IDX_TARGET], NULL);
		payload_ctx = PMSW_CTX_TARGET;
		env->landed();
	}
	vmx_exit_launch(1);
}

/* Failures the landing stub saw: the exit's reason, VMCLEAR, VMXOFF. */
static void landing_failures(uint32_t reason, uint64_t qualification)
{
	if (reason != EXIT_REASON_VMCALL)
		report_vmfail(payload_ctx, PMSW_INSN_VMLAUNCH, PMSW_VMFAIL_EXIT, 0, reason,
			      qualification);
	if (vmx_landing.vmclear_flags & (X86_RFLAGS_CF | X86_RFLAGS_ZF))
		report_vmfail(payload_ctx, PMSW_INSN_VMCLEAR,
			      (vmx_landing.vmclear_flags & X86_RFLAGS_CF) ?
			      PMSW_VMFAIL_INVALID : PMSW_VMFAIL_VALID, 0, 0, 0);
	if (vmx_landing.vmxoff_flags & (X86_RFLAGS_CF | X86_RFLAGS_ZF))
		report_vmfail(payload_ctx, PMSW_INSN_VMXOFF,
			      (vmx_landing.vmxoff_flags & X86_RFLAGS_CF) ?
			      PMSW_VMFAIL_INVALID : PMSW_VMFAIL_VALID, 0, 0, 0);
}

/* A VM exit sets GDTR/IDTR limits to 0xFFFF (SDM 28.5.2); reload the exact
 * ones of the context landed in from the same bases, and drop CR4.VMXE now
 * VMX is off. */
static void fix_up(const struct pmsw_context_state *c)
{
	struct __attribute__((packed)) { uint16_t limit; unsigned long base; } gdtr, idtr;

	__asm__ volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	gdtr.limit = (uint16_t)c->gdtr_limit;
	idtr.limit = (uint16_t)c->idtr_limit;
	__asm__ volatile("lgdt %0; lidt %1" : : "m"(gdtr), "m"(idtr) : "memory");
	WRITE_CR(4, READ_CR(4) & ~(unsigned long)X86_CR4_VMXE);
}

/* Runs in the context switched to, VMX off: fix what a VM exit cannot load,
 * report, and hand over to the core. With run --round-trips the context
 * landed in becomes the original of the next VMX session, back and forth
 * (each a trip record), until the last landing, in T. */
__attribute__((noreturn)) void vmx_target_landed(void);
void vmx_target_landed(void)
{
	const struct pmsw_bootinfo *bi = landing_env->bi;
	struct pmsw_ev_vmexit ev = {
		.exit_reason = (uint32_t)vmx_landing.exit_reason,
		.qualification = vmx_landing.qualification,
	};

	payload_ctx = tag(to);
	if (landings++) {
		struct pmsw_ev_trip t = { .n = landings - 1, .to = tag(to),
					  .tsc = vmx_landing.exit_tsc - vmx_landing.vmcall_tsc };

		report_emit_at(PMSW_EV_TRIP, tag(to), vmx_landing.exit_tsc, &t, sizeof(t));
		landing_failures(ev.exit_reason, ev.qualification);
	} else {
		/* The registers as the VM exit left them, before the fix-up. */
		report_snapshot(&ev.regs);
		report_emit_at(PMSW_EV_VMCALL, PMSW_CTX_ORIGINAL, vmx_landing.vmcall_tsc, 0, 0);
		report_emit_at(PMSW_EV_VMEXIT, PMSW_CTX_TARGET, vmx_landing.exit_tsc, &ev, sizeof(ev));
		landing_failures(ev.exit_reason, ev.qualification);
		report_emit_at(PMSW_EV_VMXOFF, PMSW_CTX_TARGET, vmx_landing.vmxoff_tsc, 0, 0);
	}
	fix_up(&bi->ctx[to]);
	if (landings > 2 * bi->round_trips)
		landing_env->landed();
	from = to;
	to = from == PMSW_CTX_IDX_ORIGINAL ? PMSW_CTX_IDX_TARGET : PMSW_CTX_IDX_ORIGINAL;
	vmx_on(&bi->vmxon_pa, bi->vmxon_va, tag(from));
	vmx_vmcs(bi);
	vmx_exit_launch(0);
}

const struct switch_method vmx_exit_method = {
	.code = PMSW_METHOD_VMX_EXIT,
	.name = "vmx-exit",
	.prepare = vmx_exit_prepare,
	.switch_now = vmx_exit_switch_now,
};
