// SPDX-License-Identifier: MIT
#include "session/landing.h"

#include <string.h>

#include <pmswitch/layout.h>
#include <pmswitch/x86.h>

#include "context/context_regs.h"

#define OUT_IMM8_LEN 2  /* "out %al, $port" */

/* What a VM exit loads differently from T as built (SDM 28.5). */
static uint64_t vm_exit_value(const char *name, uint64_t built)
{
	if (!strcmp(name, "gdtr_limit") || !strcmp(name, "idtr_limit"))
		return 0xffff;          /* 28.5.2: limits set to FFFFH */
	if (!strcmp(name, "cr4"))
		return built | X86_CR4_VMXE;    /* VMX stays on until VMXOFF */
	return built;
}

void landing_check(const struct method *m, const struct pmsw_context_state *t, uint64_t landing_va,
		   bool fresh, const struct kvm_regs *r, const struct kvm_sregs *s,
		   struct verify_result *out)
{
	bool vm_exit = m->landing & LANDING_VM_EXIT;
	uint64_t rip = r->rip;

	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < reg_nfields; i++) {
		const struct reg_field *f = &reg_fields[i];
		uint64_t want;

		if (!f->state.size || !f->sregs.size)
			continue;
		want = reg_get(t, f->state);
		if (vm_exit)
			want = vm_exit_value(f->name, want);
		if (!strcmp(f->name, "cr4"))
			want |= m->held_cr4;
		if (!strcmp(f->name, "efer"))
			want |= m->held_efer;
		verify_add(out, f->name, reg_get(s, f->sregs), want);
	}
	/* KVM reports an OUT to userspace before or after moving RIP past it,
	 * depending on its version: either is the landing instruction. */
	verify_add(out, "rip", rip, rip == landing_va + OUT_IMM8_LEN ? rip : landing_va);
	if (vm_exit) {
		verify_add(out, "rsp", r->rsp, PMSW_STACK_TOP_VA);     /* HOST_RSP */
		verify_add(out, "rflags", r->rflags, X86_RFLAGS_FIXED);
	}
	if ((m->landing & LANDING_VM_ENTRY) && fresh) {
		verify_add(out, "rsp", r->rsp, t->stack_top);          /* GUEST_RSP */
		verify_add(out, "rflags", r->rflags, X86_RFLAGS_FIXED);
	}
	out->done = true;
	out->ok = out->nbad == 0;
}
