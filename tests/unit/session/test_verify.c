// SPDX-License-Identifier: MIT
/* The VMM's own check of the final state: a context's vCPU state as the
 * register table builds it verifies, and any one verified register off
 * is found, named, and is the only one. */
#include <criterion/criterion.h>
#include <string.h>

#include <pmswitch/layout.h>

#include "context/context.h"
#include "context/context_regs.h"
#include "hw/guest_mem.h"
#include "session/verify.h"

static void build(struct guest_mem *mem, struct context *c, int width, enum pmsw_paging paging)
{
	static struct page_pool pool;
	struct window_map w = { 0 };
	char err[200];

	cr_assert_eq(guest_mem_alloc(mem, 32u << 20), 0);
	cr_assert_eq(page_pool_init(&pool, mem, PMSW_POOL_GPA, PMSW_POOL_SIZE), 0);
	for (unsigned int id = 0; id < WINDOW_NREGIONS; id++)
		if (window_regions[id].backing == WINDOW_POOL)
			w.gpa[id] = page_pool_alloc(&pool, (unsigned int)(window_regions[id].size /
									PMSW_PAGE_SIZE));
	cr_assert_eq(context_init(c, &pool, &w, 1, width, paging, err, sizeof(err)), 0, "%s", err);
}

Test(verify, built_state_verifies)
{
	static const struct { int width; enum pmsw_paging paging; } modes[] = {
		{ 32, PMSW_PAGING_2LEVEL }, { 32, PMSW_PAGING_PAE }, { 64, PMSW_PAGING_4LEVEL },
	};

	for (size_t m = 0; m < PMSW_ARRAY_SIZE(modes); m++) {
		struct guest_mem mem;
		struct context c;
		struct kvm_sregs s;
		struct verify_result r;

		build(&mem, &c, modes[m].width, modes[m].paging);
		memset(&s, 0, sizeof(s));
		context_sregs(&c.state, &s);
		verify_compare(&s, &c.state, &r);
		cr_expect(r.done && r.ok, "width %d: %u bad", modes[m].width, r.nbad);
		cr_expect_eq(r.nfields, 26, "17 registers, 7 segments' attributes, LDTR twice");
		cr_expect_eq(s.cs.l, modes[m].width == 64);
		cr_expect_eq(s.fs.selector, c.state.ds, "es, fs, gs are the data segment");
		guest_mem_free(&mem);
	}
}

/* A 32-bit CS where a 64-bit one belongs, a data segment not present, an
 * LDT in use: the selectors alone would pass. */
Test(verify, attributes_and_ldtr)
{
	struct guest_mem mem;
	struct context c;
	struct kvm_sregs s;
	struct verify_result r;

	build(&mem, &c, 64, PMSW_PAGING_4LEVEL);
	memset(&s, 0, sizeof(s));
	context_sregs(&c.state, &s);
	s.cs.l = 0;
	s.cs.db = 1;
	s.fs.present = 0;
	s.ldt.unusable = 0;
	s.ldt.present = 1;
	verify_compare(&s, &c.state, &r);
	cr_expect_eq(r.nbad, 3);
	for (unsigned int k = 0; k < r.nfields; k++) {
		bool off = r.field[k].actual != r.field[k].expected;
		bool want = !strcmp(r.field[k].name, "cs_attr") || !strcmp(r.field[k].name, "fs_attr") ||
			    !strcmp(r.field[k].name, "ldtr_usable");

		cr_expect_eq(off, want, "%s", r.field[k].name);
	}
	guest_mem_free(&mem);
}

Test(verify, each_field_off_by_one)
{
	struct guest_mem mem;
	struct context c;

	build(&mem, &c, 64, PMSW_PAGING_4LEVEL);
	for (unsigned int i = 0; i < reg_nfields; i++) {
		const struct reg_field *f = &reg_fields[i];
		struct kvm_sregs s;
		struct verify_result r;
		unsigned int hit = 0;

		if (!(f->flags & REG_VERIFIED))
			continue;
		cr_assert(f->state.size && f->sregs.size, "%s: verified, so in both structs", f->name);
		memset(&s, 0, sizeof(s));
		context_sregs(&c.state, &s);
		reg_set(&s, f->sregs, reg_get(&s, f->sregs) ^ 1);
		verify_compare(&s, &c.state, &r);
		cr_expect(!r.ok && r.nbad == 1, "%s: %u bad", f->name, r.nbad);
		for (unsigned int k = 0; k < r.nfields; k++)
			if (r.field[k].actual != r.field[k].expected)
				hit += !strcmp(r.field[k].name, f->name);
		cr_expect_eq(hit, 1, "%s named", f->name);
	}
	guest_mem_free(&mem);
}
