// SPDX-License-Identifier: MIT
#include "session/verify.h"

#include <string.h>
#include <sys/ioctl.h>

void verify_compare(const struct kvm_sregs *s, const struct pmsw_context_state *t,
		    struct verify_result *r)
{
	const struct verify_field f[] = {
		{ "cr0", s->cr0, t->cr0 }, { "cr3", s->cr3, t->cr3 }, { "cr4", s->cr4, t->cr4 },
		{ "efer", s->efer, t->efer },
		{ "gdtr.base", s->gdt.base, t->gdtr_base }, { "gdtr.limit", s->gdt.limit, t->gdtr_limit },
		{ "idtr.base", s->idt.base, t->idtr_base }, { "idtr.limit", s->idt.limit, t->idtr_limit },
		{ "cs", s->cs.selector, t->cs }, { "ss", s->ss.selector, t->ss },
		{ "tr", s->tr.selector, t->tr }, { "tr.base", s->tr.base, t->tr_base },
	};

	memset(r, 0, sizeof(*r));
	r->nfields = sizeof(f) / sizeof(f[0]);
	memcpy(r->field, f, sizeof(f));
	for (unsigned int i = 0; i < r->nfields; i++)
		r->nbad += f[i].actual != f[i].expected;
	r->ok = r->nbad == 0;
}

int verify_target(struct kvm_vm *vm, const struct pmsw_context_state *t, struct verify_result *r)
{
	struct kvm_sregs s;

	memset(r, 0, sizeof(*r));
	if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s))
		return -1;
	verify_compare(&s, t, r);
	return 0;
}
