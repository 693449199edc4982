// SPDX-License-Identifier: MIT
#include "cli/vcpu_dump.h"

#include <sys/ioctl.h>

static void dump_segment(FILE *out, const char *prefix, const char *name, const struct kvm_segment *s)
{
	fprintf(out, "%s  %-4s sel=0x%04x base=0x%016llx limit=0x%08x type=%u s=%u dpl=%u p=%u "
		"db=%u l=%u g=%u%s\n", prefix, name, s->selector, (unsigned long long)s->base,
		s->limit, s->type, s->s, s->dpl, s->present, s->db, s->l, s->g,
		s->unusable ? " unusable" : "");
}

void vcpu_dump(struct kvm_vm *vm, FILE *out, const char *prefix)
{
	struct kvm_regs r;
	struct kvm_sregs s;

	if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) || ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s))
		return;
	fprintf(out, "%sfinal vCPU state (KVM_GET_REGS, KVM_GET_SREGS):\n", prefix);
	fprintf(out, "%s  rax=0x%016llx rbx=0x%016llx rcx=0x%016llx rdx=0x%016llx\n", prefix,
		r.rax, r.rbx, r.rcx, r.rdx);
	fprintf(out, "%s  rsi=0x%016llx rdi=0x%016llx rbp=0x%016llx rsp=0x%016llx\n", prefix,
		r.rsi, r.rdi, r.rbp, r.rsp);
	fprintf(out, "%s  r8 =0x%016llx r9 =0x%016llx r10=0x%016llx r11=0x%016llx\n", prefix,
		r.r8, r.r9, r.r10, r.r11);
	fprintf(out, "%s  r12=0x%016llx r13=0x%016llx r14=0x%016llx r15=0x%016llx\n", prefix,
		r.r12, r.r13, r.r14, r.r15);
	fprintf(out, "%s  rip=0x%016llx rflags=0x%016llx\n", prefix, r.rip, r.rflags);
	fprintf(out, "%s  cr0=0x%016llx cr2=0x%016llx cr3=0x%016llx cr4=0x%016llx\n", prefix,
		s.cr0, s.cr2, s.cr3, s.cr4);
	fprintf(out, "%s  efer=0x%016llx apic_base=0x%016llx\n", prefix, s.efer, s.apic_base);
	fprintf(out, "%s  gdt  base=0x%016llx limit=0x%04x\n", prefix, s.gdt.base, s.gdt.limit);
	fprintf(out, "%s  idt  base=0x%016llx limit=0x%04x\n", prefix, s.idt.base, s.idt.limit);
	dump_segment(out, prefix, "cs", &s.cs);
	dump_segment(out, prefix, "ss", &s.ss);
	dump_segment(out, prefix, "ds", &s.ds);
	dump_segment(out, prefix, "es", &s.es);
	dump_segment(out, prefix, "fs", &s.fs);
	dump_segment(out, prefix, "gs", &s.gs);
	dump_segment(out, prefix, "tr", &s.tr);
	dump_segment(out, prefix, "ldt", &s.ldt);
}
