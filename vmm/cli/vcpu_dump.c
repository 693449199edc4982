// SPDX-License-Identifier: MIT
#include "cli/vcpu_dump.h"


static void dump_segment(FILE *out, const char *prefix, const char *name, const struct kvm_segment *s)
{
	fprintf(out, "%s  %-4s sel=0x%04x base=0x%016llx limit=0x%08x type=%u s=%u dpl=%u p=%u "
		"db=%u l=%u g=%u%s\n", prefix, name, s->selector, (unsigned long long)s->base,
		s->limit, s->type, s->s, s->dpl, s->present, s->db, s->l, s->g,
		s->unusable ? " unusable" : "");
}

void vcpu_dump(FILE *out, const char *prefix, const struct kvm_regs *regs,
	       const struct kvm_sregs *sregs)
{
	fprintf(out, "%sfinal vCPU state (KVM_GET_REGS, KVM_GET_SREGS):\n", prefix);
	fprintf(out, "%s  rax=0x%016llx rbx=0x%016llx rcx=0x%016llx rdx=0x%016llx\n", prefix,
		regs->rax, regs->rbx, regs->rcx, regs->rdx);
	fprintf(out, "%s  rsi=0x%016llx rdi=0x%016llx rbp=0x%016llx rsp=0x%016llx\n", prefix,
		regs->rsi, regs->rdi, regs->rbp, regs->rsp);
	fprintf(out, "%s  r8 =0x%016llx r9 =0x%016llx r10=0x%016llx r11=0x%016llx\n", prefix,
		regs->r8, regs->r9, regs->r10, regs->r11);
	fprintf(out, "%s  r12=0x%016llx r13=0x%016llx r14=0x%016llx r15=0x%016llx\n", prefix,
		regs->r12, regs->r13, regs->r14, regs->r15);
	fprintf(out, "%s  rip=0x%016llx rflags=0x%016llx\n", prefix, regs->rip, regs->rflags);
	fprintf(out, "%s  cr0=0x%016llx cr2=0x%016llx cr3=0x%016llx cr4=0x%016llx\n", prefix,
		sregs->cr0, sregs->cr2, sregs->cr3, sregs->cr4);
	fprintf(out, "%s  efer=0x%016llx apic_base=0x%016llx\n", prefix, sregs->efer, sregs->apic_base);
	fprintf(out, "%s  gdt  base=0x%016llx limit=0x%04x\n", prefix, sregs->gdt.base, sregs->gdt.limit);
	fprintf(out, "%s  idt  base=0x%016llx limit=0x%04x\n", prefix, sregs->idt.base, sregs->idt.limit);
	dump_segment(out, prefix, "cs", &sregs->cs);
	dump_segment(out, prefix, "ss", &sregs->ss);
	dump_segment(out, prefix, "ds", &sregs->ds);
	dump_segment(out, prefix, "es", &sregs->es);
	dump_segment(out, prefix, "fs", &sregs->fs);
	dump_segment(out, prefix, "gs", &sregs->gs);
	dump_segment(out, prefix, "tr", &sregs->tr);
	dump_segment(out, prefix, "ldt", &sregs->ldt);
}
