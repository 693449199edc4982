// SPDX-License-Identifier: MIT
/*
 * Page-table builder: for each paging mode, map a set of ranges, then walk
 * every mapped page, probe the pages around them, and compare for_each's runs
 * with the ranges merged by hand.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <pmswitch/layout.h>
#include <pmswitch/x86.h>

#include "hw/guest_mem.h"
#include "hw/page_pool.h"
#include "context/page_table.h"

#define MEM_SIZE        (16u << 20)
#define POOL_GPA        0x00400000u
#define POOL_SIZE       0x00100000u
#define PG              PMSW_PAGE_SIZE
#define MAX_RUNS        32

struct range {
	uint64_t va, pa, len;
	unsigned int perm;
};

/* Shared by all modes: page-table boundaries crossed on purpose. */
static const struct range common[] = {
	{ 0x00400000, 0x00800000, 0x3000, 0 },
	{ 0x00403000, 0x00900000, 0x2000, PT_EXEC },            /* adjacent va, new run */
	{ 0x00500000, 0x00700000, 0x1000, PT_WRITE },
	{ 0x00501000, 0x00701000, 0x1000, PT_WRITE },           /* merges with the one above */
	{ 0x00600000, 0x00780000, 0x1000, 0 },
	{ 0x00601000, 0x00781000, 0x1000, PT_WRITE },           /* contiguous, new perm: new run */
	{ 0x00bff000, 0x00b00000, 0x2000, PT_WRITE | PT_USER }, /* crosses a 4 MiB and 2 MiB PDE */
	{ 0x3ffff000, 0x00c00000, 0x2000, PT_WRITE },           /* crosses a PAE PDPTE (1 GiB) */
	{ PMSW_WINDOW_VA, 0x00100000, 0x10000, PT_WRITE | PT_EXEC },
	{ 0x7ff00000, PMSW_MMIO_GPA, 0x1000, PT_WRITE | PT_UNCACHED },
	{ 0xffffc000, 0x00a00000, 0x4000, PT_WRITE },           /* ends exactly at 4 GiB */
};

static const struct range long_mode[] = {
	{ 0x100000000ull, 0x00d00000, 0x2000, PT_EXEC },        /* above 4 GiB */
	{ 0x7ffffff000ull, 0x00e00000, 0x2000, 0 },             /* crosses a PML4E (512 GiB) */
	{ (1ull << 47) - 0x2000, 0x00f00000, 0x2000, PT_WRITE },/* top of the lower half */
	{ 0x200000000ull, 0x000ffffffffff000ull, 0x1000, 0 },   /* highest 52-bit frame */
	{ PMSW_VA_UPPER_64, 0x01000000, 0x2000, PT_WRITE },     /* upper half begins */
	{ 0xffffffff7ffff000ull, 0x01100000, 0x3000, PT_EXEC }, /* kernel base, across a PDPTE */
	{ 0xfffffffffffff000ull, 0x01200000, 0x1000, 0 },       /* the last page: ends at 2^64 */
};

static const struct range pae_only[] = {
	{ 0x01000000, 0x100000000ull, 0x1000, PT_WRITE },       /* PAE reaches past 4 GiB */
};

struct fixture {
	struct guest_mem mem;
	struct page_pool pool;
	struct page_table pt;
	struct range r[32];
	size_t n;
};

static void setup(struct fixture *f, enum pmsw_paging mode, uint64_t pool_size)
{
	memset(f, 0, sizeof(*f));
	cr_assert_eq(guest_mem_alloc(&f->mem, MEM_SIZE), 0);
	cr_assert_eq(page_pool_init(&f->pool, &f->mem, POOL_GPA, pool_size), 0);
	cr_assert_eq(page_table_init(&f->pt, &f->pool, mode), 0);
}

static void add(struct fixture *f, const struct range *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(page_table_map(&f->pt, r[i].va, r[i].pa, r[i].len, r[i].perm), 0,
			     "map %#lx+%#lx", r[i].va, r[i].len);
		f->r[f->n++] = r[i];
	}
}

/* 2-level paging has no NX: every page is executable there. */
static unsigned int effective(const struct fixture *f, unsigned int perm)
{
	return perm | (f->pt.mode == PMSW_PAGING_2LEVEL ? PT_EXEC : 0);
}

static const struct range *find(const struct fixture *f, uint64_t va)
{
	for (size_t i = 0; i < f->n; i++)
		if (va - f->r[i].va < f->r[i].len)
			return &f->r[i];
	return NULL;
}

static void check_walks(const struct fixture *f)
{
	enum pmsw_paging mode = f->pt.mode;
	uint64_t pa;
	unsigned int perm;

	for (size_t i = 0; i < f->n; i++) {
		const struct range *r = &f->r[i];

		for (uint64_t off = 0; off < r->len; off += PG) {
			uint64_t in = off ? 0 : 0x123;  /* the byte offset passes through */

			cr_assert_eq(page_table_walk(&f->pt, r->va + off + in, &pa, &perm), 0,
				     "walk %#lx", r->va + off);
			cr_expect_eq(pa, r->pa + off + in, "pa of %#lx: %#lx", r->va + off, pa);
			cr_expect_eq(perm, effective(f, r->perm), "perm of %#lx: %#x", r->va + off,
				     perm);
		}
		/* The neighbours are unmapped unless another range holds them. */
		if (r->va >= PG && !find(f, r->va - PG))
			cr_expect_eq(page_table_walk(&f->pt, r->va - PG, &pa, &perm), -ENOENT,
				     "below %#lx", r->va);
		if (r->va + r->len && page_table_va_usable(mode, r->va + r->len, 1) &&
		    !find(f, r->va + r->len))
			cr_expect_eq(page_table_walk(&f->pt, r->va + r->len, &pa, &perm), -ENOENT,
				     "above %#lx", r->va + r->len);
	}
	cr_expect_eq(page_table_walk(&f->pt, 0, &pa, &perm), -ENOENT, "page 0");
	if (mode != PMSW_PAGING_4LEVEL) {
		cr_expect_eq(page_table_walk(&f->pt, 1ull << 32, &pa, &perm), -ENOENT, "4 GiB");
		cr_expect_eq(page_table_walk(&f->pt, ~0ull, &pa, &perm), -ENOENT);
		return;
	}
	/* The hole, and the upper-half mappings without their sign extension. */
	cr_expect_eq(page_table_walk(&f->pt, 1ull << 47, &pa, &perm), -ENOENT, "2^47");
	cr_expect_eq(page_table_walk(&f->pt, PMSW_VA_UPPER_64 - PG, &pa, &perm), -ENOENT);
	cr_expect_eq(page_table_walk(&f->pt, 0x0000ffff80000000ull, &pa, &perm), -ENOENT);
	cr_expect_eq(page_table_walk(&f->pt, 0x0000800000000000ull, &pa, &perm), -ENOENT);
}

struct runs {
	size_t n;
	struct range r[MAX_RUNS];
};

static int collect(void *ctx, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm)
{
	struct runs *runs = ctx;

	cr_assert_lt(runs->n, MAX_RUNS);
	runs->r[runs->n++] = (struct range){ va, pa, len, perm };
	return 0;
}

static int by_va(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

/* The runs for_each must report: ranges sorted, merged where va, pa and perm continue. */
static void expected_runs(const struct fixture *f, struct runs *out)
{
	struct range sorted[32];

	memcpy(sorted, f->r, f->n * sizeof(sorted[0]));
	qsort(sorted, f->n, sizeof(sorted[0]), by_va);
	out->n = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct range r = sorted[i], *last = out->n ? &out->r[out->n - 1] : NULL;

		r.perm = effective(f, r.perm);
		if (last && last->va + last->len == r.va && last->pa + last->len == r.pa &&
		    last->perm == r.perm)
			last->len += r.len;
		else
			out->r[out->n++] = r;
	}
}

static void check_for_each(const struct fixture *f)
{
	struct runs got = { 0 }, want;

	expected_runs(f, &want);
	cr_assert_eq(page_table_for_each(&f->pt, collect, &got), 0);
	cr_assert_eq(got.n, want.n, "%zu runs, expected %zu", got.n, want.n);
	for (size_t i = 0; i < got.n; i++) {
		cr_expect_eq(got.r[i].va, want.r[i].va, "run %zu va %#lx", i, got.r[i].va);
		cr_expect_eq(got.r[i].pa, want.r[i].pa, "run %zu pa %#lx", i, got.r[i].pa);
		cr_expect_eq(got.r[i].len, want.r[i].len, "run %zu len %#lx", i, got.r[i].len);
		cr_expect_eq(got.r[i].perm, want.r[i].perm, "run %zu perm %#x", i, got.r[i].perm);
	}
}

/* Mapping over an existing page fails and leaves it as it was. */
static void check_double_map(struct fixture *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct range *r = &f->r[i];
		uint64_t pa;
		unsigned int perm;

		cr_expect_eq(page_table_map(&f->pt, r->va, 0x00600000, PG, PT_WRITE), -EEXIST,
			     "remap %#lx", r->va);
		cr_expect_eq(page_table_walk(&f->pt, r->va, &pa, &perm), 0);
		cr_expect_eq(pa, r->pa);
		cr_expect_eq(perm, effective(f, r->perm));
	}
}

static void check_mode(enum pmsw_paging mode, const struct range *extra, size_t nextra)
{
	struct fixture f;

	setup(&f, mode, POOL_SIZE);
	add(&f, common, PMSW_ARRAY_SIZE(common));
	add(&f, extra, nextra);
	check_walks(&f);
	check_for_each(&f);
	check_double_map(&f);
	check_for_each(&f);
	guest_mem_free(&f.mem);
}

Test(page_table, two_level)
{
	check_mode(PMSW_PAGING_2LEVEL, NULL, 0);
}

Test(page_table, pae)
{
	check_mode(PMSW_PAGING_PAE, pae_only, PMSW_ARRAY_SIZE(pae_only));
}

Test(page_table, four_level)
{
	check_mode(PMSW_PAGING_4LEVEL, long_mode, PMSW_ARRAY_SIZE(long_mode));
}

/* NX where the mode has it; the leaf is the only place permissions differ. */
Test(page_table, leaf_bits)
{
	static const enum pmsw_paging modes[] = { PMSW_PAGING_PAE, PMSW_PAGING_4LEVEL };

	for (size_t m = 0; m < 2; m++) {
		struct fixture f;
		uint64_t pa;
		unsigned int perm;

		setup(&f, modes[m], POOL_SIZE);
		add(&f, &(struct range){ 0x400000, 0x800000, PG, 0 }, 1);
		add(&f, &(struct range){ 0x401000, 0x801000, PG, PT_EXEC | PT_WRITE }, 1);
		cr_assert_eq(page_table_walk(&f.pt, 0x400000, &pa, &perm), 0);
		cr_expect_eq(perm, 0, "read-only, NX");
		cr_assert_eq(page_table_walk(&f.pt, 0x401000, &pa, &perm), 0);
		cr_expect_eq(perm, PT_EXEC | PT_WRITE);
		guest_mem_free(&f.mem);
	}
}

/* PDPTEs: P and the address only; RW, US, A and bits 63:52 are reserved (SDM 4.4.1). */
Test(page_table, pae_pdptes)
{
	struct fixture f;
	const uint64_t *root;
	unsigned int present = 0;

	setup(&f, PMSW_PAGING_PAE, POOL_SIZE);
	add(&f, common, PMSW_ARRAY_SIZE(common));
	cr_expect_eq(f.pt.root & 31, 0, "CR3 in PAE mode is 32-byte aligned");
	cr_expect_lt(f.pt.root, 1ull << 32, "and below 4 GiB");
	root = guest_mem_ptr(&f.mem, f.pt.root, 4 * sizeof(uint64_t));
	cr_assert_not_null(root);
	for (unsigned int i = 0; i < 4; i++) {
		cr_expect_eq(root[i], f.pt.pdpte[i], "pdpte[%u] copy", i);
		if (!root[i])
			continue;
		present++;
		cr_expect_eq(root[i] & ~PTE_ADDR_MASK_4LEVEL, PTE_P, "pdpte[%u] = %#lx", i, root[i]);
	}
	/* 0x00400000 and 0x3ffff000 (0), 0x40000000 (1), the window (1), 0xffffc000 (3). */
	cr_expect_eq(present, 3);
	cr_expect_eq(root[2], 0);
	guest_mem_free(&f.mem);
}

Test(page_table, bad_arguments)
{
	static const enum pmsw_paging modes[] = { PMSW_PAGING_2LEVEL, PMSW_PAGING_PAE,
						  PMSW_PAGING_4LEVEL };

	for (size_t m = 0; m < 3; m++) {
		struct fixture f;
		uint64_t lim = modes[m] == PMSW_PAGING_4LEVEL ? 1ull << 47 : 1ull << 32;

		setup(&f, modes[m], POOL_SIZE);
		cr_expect_eq(page_table_map(&f.pt, 0x400800, 0x800000, PG, 0), -EINVAL);
		cr_expect_eq(page_table_map(&f.pt, 0x400000, 0x800010, PG, 0), -EINVAL);
		cr_expect_eq(page_table_map(&f.pt, 0x400000, 0x800000, 0x800, 0), -EINVAL);
		cr_expect_eq(page_table_map(&f.pt, lim, 0x800000, PG, 0), -ERANGE);
		cr_expect_eq(page_table_map(&f.pt, lim - PG, 0x800000, 2 * PG, 0), -ERANGE);
		cr_expect_eq(page_table_map(&f.pt, PMSW_VA_UPPER_64 - PG, 0x800000, 2 * PG, 0),
			     -ERANGE);
		cr_expect_eq(page_table_map(&f.pt, 0x0000ffff80000000ull, 0x800000, PG, 0), -ERANGE);
		cr_expect_eq(page_table_map(&f.pt, ~0ull - PG + 1, 0x800000, 2 * PG, 0), -ERANGE);
		cr_expect_eq(page_table_map(&f.pt, 0x400000, ~0ull - PG + 1, 2 * PG, 0), -ERANGE);
		cr_expect_eq(page_table_map(&f.pt, 0x400000, 1ull << 52, PG, 0), -ERANGE);
		cr_expect_eq(page_table_map(&f.pt, 0x400000, 0x800000, 0, 0), 0, "empty: nothing");
		guest_mem_free(&f.mem);
	}
	/* A 2-level entry holds a 32-bit frame. */
	struct fixture f;

	setup(&f, PMSW_PAGING_2LEVEL, POOL_SIZE);
	cr_expect_eq(page_table_map(&f.pt, 0x400000, 1ull << 32, PG, 0), -ERANGE);
	cr_expect_eq(page_table_map(&f.pt, 0x400000, (1ull << 32) - PG, 2 * PG, 0), -ERANGE);
	cr_expect_eq(page_table_init(&f.pt, &f.pool, 0), -EINVAL);
	cr_expect_eq(page_table_init(&f.pt, &f.pool, PMSW_PAGING_4LEVEL + 1), -EINVAL);
	guest_mem_free(&f.mem);
}

/* The pool holds the root and one table; a mapping needing more must fail. */
Test(page_table, pool_exhaustion)
{
	static const enum pmsw_paging modes[] = { PMSW_PAGING_2LEVEL, PMSW_PAGING_PAE,
						  PMSW_PAGING_4LEVEL };
	static const unsigned int tables[] = { 1, 2, 3 };     /* below the root, per walk */

	for (size_t m = 0; m < 3; m++) {
		struct fixture f;

		setup(&f, modes[m], (1 + tables[m]) * PG);
		cr_expect_eq(page_table_map(&f.pt, 0x400000, 0x800000, 2 * PG, 0), 0,
			     "mode %d: exactly enough", modes[m]);
		cr_expect_eq(page_table_map(&f.pt, 0x40000000, 0x800000, PG, 0), -ENOMEM,
			     "mode %d: a second table", modes[m]);
		guest_mem_free(&f.mem);

		setup(&f, modes[m], PG);
		cr_expect_eq(page_table_map(&f.pt, 0x400000, 0x800000, PG, 0), -ENOMEM);
		cr_expect_eq(page_table_init(&f.pt, &f.pool, modes[m]), -ENOMEM, "no root");
		guest_mem_free(&f.mem);
	}
}

static int stop_at_second(void *ctx, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm)
{
	return ++*(int *)ctx == 2 ? 42 : 0;
}

Test(page_table, for_each_stops_on_error)
{
	struct fixture f;
	int calls = 0;

	setup(&f, PMSW_PAGING_4LEVEL, POOL_SIZE);
	add(&f, common, PMSW_ARRAY_SIZE(common));
	cr_expect_eq(page_table_for_each(&f.pt, stop_at_second, &calls), 42);
	cr_expect_eq(calls, 2);
	guest_mem_free(&f.mem);
}

Test(page_table, empty_table_has_no_runs)
{
	struct fixture f;
	struct runs got = { 0 };

	setup(&f, PMSW_PAGING_PAE, POOL_SIZE);
	cr_expect_eq(page_table_for_each(&f.pt, collect, &got), 0);
	cr_expect_eq(got.n, 0);
	guest_mem_free(&f.mem);
}

/* What each mode translates: below 4 GiB, or one canonical half. */
Test(page_table, va_usable)
{
	static const struct {
		enum pmsw_paging mode;
		uint64_t va, len;
		int usable;
	} cases[] = {
		{ PMSW_PAGING_2LEVEL, 0xfffff000, PG, 1 },
		{ PMSW_PAGING_2LEVEL, 0xfffff000, 2 * PG, 0 },
		{ PMSW_PAGING_PAE, 1ull << 32, PG, 0 },
		{ PMSW_PAGING_PAE, 0xffffffff80000000ull, PG, 0 },
		{ PMSW_PAGING_4LEVEL, 0, 1ull << 47, 1 },
		{ PMSW_PAGING_4LEVEL, (1ull << 47) - PG, 2 * PG, 0 },  /* into the hole */
		{ PMSW_PAGING_4LEVEL, 1ull << 47, PG, 0 },
		{ PMSW_PAGING_4LEVEL, 0x0000ffff80000000ull, PG, 0 },   /* not sign-extended */
		{ PMSW_PAGING_4LEVEL, PMSW_VA_UPPER_64 - PG, 2 * PG, 0 },
		{ PMSW_PAGING_4LEVEL, PMSW_VA_UPPER_64, PG, 1 },
		{ PMSW_PAGING_4LEVEL, 0xffffffff80000000ull, 0x80000000ull, 1 },  /* to 2^64 */
		{ PMSW_PAGING_4LEVEL, ~0ull - PG + 1, 2 * PG, 0 },        /* wraps */
		{ PMSW_PAGING_4LEVEL, 0x400000, 0, 0 },
	};

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++)
		cr_expect_eq(page_table_va_usable(cases[i].mode, cases[i].va, cases[i].len),
			     cases[i].usable, "case %zu: %#lx+%#lx", i, cases[i].va, cases[i].len);
}
