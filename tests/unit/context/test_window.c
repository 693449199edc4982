// SPDX-License-Identifier: MIT
/* The switcher window is one table: what a context maps there and what
 * `inspect` calls it must agree, in every paging mode and both contexts. */
#include <criterion/criterion.h>
#include <string.h>

#include <pmswitch/layout.h>

#include "context/context.h"
#include "context/window.h"
#include "hw/guest_mem.h"
#include "hw/page_pool.h"

#define MEM_SIZE (32u << 20)

struct fixture {
	struct guest_mem mem;
	struct page_pool pool;
	struct window_map w;
};

/* A window laid out as the machine lays it: pool pages per region, and a
 * payload of an executable and a writable segment. */
static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	cr_assert_eq(guest_mem_alloc(&f->mem, MEM_SIZE), 0);
	cr_assert_eq(page_pool_init(&f->pool, &f->mem, PMSW_POOL_GPA, PMSW_POOL_SIZE), 0);
	for (unsigned int id = 0; id < WINDOW_NREGIONS; id++)
		if (window_regions[id].backing == WINDOW_POOL)
			f->w.gpa[id] = page_pool_alloc(&f->pool, (unsigned int)(window_regions[id].size /
										PMSW_PAGE_SIZE));
	f->w.npayload_segs = 2;
	f->w.payload_seg[0].va = PMSW_SWITCHER_VA;
	f->w.payload_seg[0].len = 0x3000;
	f->w.payload_seg[0].perm = PT_EXEC;
	f->w.payload_seg[1].va = PMSW_SWITCHER_VA + 0x3000;
	f->w.payload_seg[1].len = 0x1000;
	f->w.payload_seg[1].perm = PT_WRITE;
}

struct labels {
	unsigned int idx, pages;
	bool unlabelled;
};

static int label(void *ctx, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm)
{
	struct labels *l = ctx;

	for (uint64_t off = 0; off < len; off += PMSW_PAGE_SIZE, l->pages++)
		if (!window_what(va + off, l->idx)) {
			cr_expect(0, "0x%llx is mapped but has no name", (unsigned long long)(va + off));
			l->unlabelled = true;
		}
	return 0;
}

Test(window, every_mapped_page_has_a_name)
{
	static const struct { int width; enum pmsw_paging paging; } modes[] = {
		{ 32, PMSW_PAGING_2LEVEL }, { 32, PMSW_PAGING_PAE }, { 64, PMSW_PAGING_4LEVEL },
	};

	for (size_t m = 0; m < PMSW_ARRAY_SIZE(modes); m++) {
		for (unsigned int idx = 0; idx < 2; idx++) {
			struct fixture f;
			struct context c;
			struct labels l = { .idx = idx };
			char err[200];

			fixture_init(&f);
			cr_assert_eq(context_init(&c, &f.pool, &f.w, idx, modes[m].width, modes[m].paging,
						  err, sizeof(err)), 0, "%s", err);
			page_table_for_each(&c.pt, label, &l);
			cr_expect(!l.unlabelled);
			/* payload 4 + boot-info 1 + stack 16 + scratch 5 + system 3 + MMIO 1 */
			cr_expect_eq(l.pages, 30, "width %d ctx %u: %u pages", modes[m].width, idx, l.pages);
			guest_mem_free(&f.mem);
		}
	}
}

/* Each region's first page is mapped where the table says, with its perms. */
Test(window, regions_map_as_the_table_says)
{
	struct fixture f;
	struct context c;
	char err[200];

	fixture_init(&f);
	cr_assert_eq(context_init(&c, &f.pool, &f.w, 1, 64, PMSW_PAGING_4LEVEL, err, sizeof(err)), 0);
	for (unsigned int id = 0; id < WINDOW_NREGIONS; id++) {
		const struct window_region *g = &window_regions[id];
		uint64_t va = window_region_va(id, 1), pa;
		unsigned int perm;

		cr_assert_eq(page_table_walk(&c.pt, va, &pa, &perm), 0, "%s not mapped", g->what);
		cr_expect_str_eq(window_what(va, 1), g->what);
		if (g->backing == WINDOW_POOL)
			cr_expect_eq(pa, f.w.gpa[id], "%s", g->what);
		if (g->backing == WINDOW_DEVICE)
			cr_expect_eq(pa, g->gpa, "%s", g->what);
		if (g->backing != WINDOW_PAYLOAD)
			cr_expect_eq(perm, g->perm, "%s: perm %#x", g->what, perm);
	}
	guest_mem_free(&f.mem);
}

Test(window, names)
{
	cr_expect_str_eq(window_what(PMSW_BOOTINFO_VA, 0), "boot-info");
	cr_expect_str_eq(window_what(PMSW_MMIO_VA + 0xfff, 0), "virtio-console registers");
	cr_expect_str_eq(window_what(PMSW_SYS_VA(1), 1), "GDT, IDT, TSS");
	cr_expect_null(window_what(PMSW_SYS_VA(1), 0), "the other context's system area");
	cr_expect_str_eq(window_what(PMSW_STACK_TOP_VA - 1, 0), "switcher stack");
	cr_expect_null(window_what(PMSW_STACK_TOP_VA, 0));
	cr_expect_null(window_what(0x400000, 0));
}
