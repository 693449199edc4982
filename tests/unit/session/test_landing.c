// SPDX-License-Identifier: MIT
/* The landing as the VMM checks it: T as built, with what the method's
 * switch loads differently (a VM exit: SDM 28.5), and nothing else. */
#include <criterion/criterion.h>
#include <string.h>

#include <pmswitch/layout.h>
#include <pmswitch/x86.h>

#include "context/context.h"
#include "context/context_regs.h"
#include "hw/guest_mem.h"
#include "session/landing.h"

#define LANDING_VA 0x7fc01000u

static struct guest_mem mem;
static struct page_pool pool;
static struct context t;

static void setup(void)
{
	struct window_map w = { 0 };
	char err[200];

	cr_assert_eq(guest_mem_alloc(&mem, 32u << 20), 0);
	cr_assert_eq(page_pool_init(&pool, &mem, PMSW_POOL_GPA, PMSW_POOL_SIZE), 0);
	for (unsigned int id = 0; id < WINDOW_NREGIONS; id++)
		if (window_regions[id].backing == WINDOW_POOL)
			w.gpa[id] = page_pool_alloc(&pool, (unsigned int)(window_regions[id].size /
								      PMSW_PAGE_SIZE));
	cr_assert_eq(context_init(&t, &pool, &w, 1, 64, PMSW_PAGING_4LEVEL, err, sizeof(err)), 0);
}

static void teardown(void)
{
	guest_mem_free(&mem);
}

TestSuite(landing, .init = setup, .fini = teardown);

/* The vCPU right after a VM exit to T, as SDM 28.5 has it. */
static void after_vm_exit(struct kvm_regs *r, struct kvm_sregs *s)
{
	memset(r, 0, sizeof(*r));
	memset(s, 0, sizeof(*s));
	context_sregs(&t.state, s);
	s->gdt.limit = s->idt.limit = 0xffff;
	s->cr4 |= X86_CR4_VMXE;
	r->rip = LANDING_VA;
	r->rsp = PMSW_STACK_TOP_VA;
	r->rflags = X86_RFLAGS_FIXED;
}

static unsigned int bad(const struct verify_result *v, const char *name)
{
	for (unsigned int i = 0; i < v->nfields; i++)
		if (!strcmp(v->field[i].name, name))
			return v->field[i].actual != v->field[i].expected;
	cr_expect(0, "no field %s", name);
	return 0;
}

Test(landing, vm_exit_as_the_sdm_says)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	struct verify_result v;

	after_vm_exit(&r, &s);
	landing_check(&method_vmx_exit, &t.state, LANDING_VA, true, &r, &s, &v);
	cr_expect(v.done && v.ok, "%u bad", v.nbad);
	r.rip = LANDING_VA + 2;
	landing_check(&method_vmx_exit, &t.state, LANDING_VA, true, &r, &s, &v);
	cr_expect(v.ok, "RIP already past the OUT is the landing too");
}

static void other_cr3(struct kvm_regs *r, struct kvm_sregs *s) { s->cr3 ^= 0x1000; }
static void exact_limit(struct kvm_regs *r, struct kvm_sregs *s) { s->gdt.limit = 0x27; }
static void vmx_off(struct kvm_regs *r, struct kvm_sregs *s) { s->cr4 &= ~(uint64_t)X86_CR4_VMXE; }
static void mid_insn(struct kvm_regs *r, struct kvm_sregs *s) { r->rip = LANDING_VA + 1; }
static void other_stack(struct kvm_regs *r, struct kvm_sregs *s) { r->rsp -= 8; }
static void carry(struct kvm_regs *r, struct kvm_sregs *s) { r->rflags |= X86_RFLAGS_CF; }
static void other_tr(struct kvm_regs *r, struct kvm_sregs *s) { s->tr.base += 0x1000; }
static void null_fs(struct kvm_regs *r, struct kvm_sregs *s) { s->fs.selector = 0; }

/* Each way a landing can be off, alone: exactly that field is named. */
Test(landing, each_difference_named)
{
	static const struct {
		const char *field, *why;
		void (*off)(struct kvm_regs *r, struct kvm_sregs *s);
	} cases[] = {
		{ "cr3", "O's page tables", other_cr3 },
		{ "gdtr_limit", "a VM exit leaves 0xffff, not T's limit", exact_limit },
		{ "cr4", "VMX is still on at the landing", vmx_off },
		{ "rip", "not the landing instruction", mid_insn },
		{ "rsp", "RSP is HOST_RSP", other_stack },
		{ "rflags", "a VM exit clears RFLAGS but bit 1", carry },
		{ "tr_base", "T's TSS", other_tr },
		{ "fs", "the VMCS's host FS selector is T's", null_fs },
	};

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++) {
		struct kvm_regs r;
		struct kvm_sregs s;
		struct verify_result v;

		after_vm_exit(&r, &s);
		cases[i].off(&r, &s);
		landing_check(&method_vmx_exit, &t.state, LANDING_VA, true, &r, &s, &v);
		cr_expect(!v.ok && v.nbad == 1 && bad(&v, cases[i].field), "%s: %s (%u bad)",
			  cases[i].field, cases[i].why, v.nbad);
	}
}

/* piecemeal loads T exactly: T's limits, no VMXE, FS/GS as built. */
Test(landing, piecemeal_is_t_exactly)
{
	struct kvm_regs r = { .rip = LANDING_VA };
	struct kvm_sregs s;
	struct verify_result v;

	memset(&s, 0, sizeof(s));
	context_sregs(&t.state, &s);
	landing_check(&method_piecemeal, &t.state, LANDING_VA, true, &r, &s, &v);
	cr_expect(v.ok, "%u bad", v.nbad);
	s.fs.selector = 0;
	landing_check(&method_piecemeal, &t.state, LANDING_VA, true, &r, &s, &v);
	cr_expect(v.nbad == 1 && bad(&v, "fs"));
}

/* vmx-entry lands in T as built, with the CR4.VMXE VMX needs; svm-entry
 * with EFER.SVME. A round trip's O is checked without its stack and flags. */
Test(landing, vm_entry_holds_the_method_bits)
{
	struct kvm_regs r = { .rip = LANDING_VA, .rsp = t.state.stack_top, .rflags = 0x2 };
	struct kvm_sregs s;
	struct verify_result v;

	memset(&s, 0, sizeof(s));
	context_sregs(&t.state, &s);
	s.cr4 |= X86_CR4_VMXE;
	landing_check(&method_vmx_entry, &t.state, LANDING_VA, true, &r, &s, &v);
	cr_expect(v.ok, "%u bad", v.nbad);
	landing_check(&method_svm_entry, &t.state, LANDING_VA, true, &r, &s, &v);
	cr_expect(v.nbad == 2 && bad(&v, "cr4") && bad(&v, "efer"), "svm holds SVME, not VMXE");
	s.cr4 &= ~(uint64_t)X86_CR4_VMXE;
	s.efer |= X86_EFER_SVME;
	landing_check(&method_svm_entry, &t.state, LANDING_VA, true, &r, &s, &v);
	cr_expect(v.ok, "%u bad", v.nbad);
	r.rsp -= 64;
	r.rflags = 0x6;
	landing_check(&method_svm_entry, &t.state, LANDING_VA, true, &r, &s, &v);
	cr_expect(v.nbad == 2 && bad(&v, "rsp") && bad(&v, "rflags"));
	landing_check(&method_svm_entry, &t.state, LANDING_VA, false, &r, &s, &v);
	cr_expect(v.ok, "a context that ran lands with its own stack and flags");
}
