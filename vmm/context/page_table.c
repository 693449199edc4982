// SPDX-License-Identifier: MIT
/*
 * One table walker for the three paging modes (SDM 4.3, 4.4, 4.5): the modes
 * differ only in entry size, number of levels and index widths. Intermediate
 * entries are permissive (P|RW|US); the leaf carries the real permissions, so
 * the effective permission of a page is exactly what the caller asked for.
 */
#include "context/page_table.h"

#include <elf.h>
#include <errno.h>
#include <string.h>

#include <pmswitch/layout.h>
#include <pmswitch/x86.h>

struct pt_geometry {
	unsigned int levels, entry_size;
	unsigned int shift[4];          /* index shift, top level first */
	unsigned int bits[4];           /* index width per level */
	uint64_t addr_mask;
	int has_nx;
};

static const struct pt_geometry geo[] = {
	[PMSW_PAGING_2LEVEL] = { 2, 4, { 22, 12 }, { 10, 10 }, PTE_ADDR_MASK_2LEVEL, 0 },
	[PMSW_PAGING_PAE]    = { 3, 8, { 30, 21, 12 }, { 2, 9, 9 }, PTE_ADDR_MASK_4LEVEL, 1 },
	[PMSW_PAGING_4LEVEL] = { 4, 8, { 39, 30, 21, 12 }, { 9, 9, 9, 9 }, PTE_ADDR_MASK_4LEVEL, 1 },
};

static const struct pt_geometry *pt_geo(enum pmsw_paging mode)
{
	if (mode < PMSW_PAGING_2LEVEL || mode > PMSW_PAGING_4LEVEL)
		return NULL;
	return &geo[mode];
}

/*
 * Wrap-free: last is the range's last byte, so an upper-half range may end
 * at 2^64. 4-level paging translates two canonical halves and nothing
 * between them (SDM 4.5: bits 63:47 of a linear address must be equal).
 */
int page_table_va_usable(enum pmsw_paging mode, uint64_t va, uint64_t len)
{
	uint64_t last = va + len - 1;

	if (!len || last < va)
		return 0;
	if (mode != PMSW_PAGING_4LEVEL)
		return last < PMSW_VA_LIMIT_32;
	return last < PMSW_VA_LIMIT_64 || va >= PMSW_VA_UPPER_64;
}

/* What the CPU sees for a table-built address: 4-level copies bit 47 into
 * bits 63:48; the index bits alone would say 0x0000ffff80000000. */
static uint64_t va_canonical(enum pmsw_paging mode, uint64_t va)
{
	if (mode == PMSW_PAGING_4LEVEL && (va & PMSW_VA_LIMIT_64))
		return va | PMSW_VA_UPPER_64;
	return va;
}

unsigned int page_table_perm_elf(unsigned int p_flags)
{
	return ((p_flags & PF_W) ? PT_WRITE : 0) | ((p_flags & PF_X) ? PT_EXEC : 0);
}

static uint64_t pa_limit(enum pmsw_paging mode)
{
	return mode == PMSW_PAGING_2LEVEL ? 1ull << 32 : 1ull << 52;
}

static uint64_t pte_read(const struct page_table *pt, uint64_t table, unsigned int idx)
{
	const struct pt_geometry *g = pt_geo(pt->mode);
	void *p = guest_mem_ptr(pt->pool->mem, table + (uint64_t)idx * g->entry_size, g->entry_size);
	uint32_t v32;
	uint64_t v64;

	if (!p)
		return 0;
	if (g->entry_size == 4) {
		memcpy(&v32, p, 4);
		return v32;
	}
	memcpy(&v64, p, 8);
	return v64;
}

static void pte_write(struct page_table *pt, uint64_t table, unsigned int idx, uint64_t v)
{
	const struct pt_geometry *g = pt_geo(pt->mode);
	void *p = guest_mem_ptr(pt->pool->mem, table + (uint64_t)idx * g->entry_size, g->entry_size);
	uint32_t v32 = (uint32_t)v;

	if (g->entry_size == 4)
		memcpy(p, &v32, 4);
	else
		memcpy(p, &v, 8);
}

static unsigned int pt_index(const struct pt_geometry *g, unsigned int level, uint64_t va)
{
	return (va >> g->shift[level]) & ((1u << g->bits[level]) - 1);
}

int page_table_init(struct page_table *pt, struct page_pool *pool, enum pmsw_paging mode)
{
	if (!pt_geo(mode))
		return -EINVAL;
	memset(pt, 0, sizeof(*pt));
	pt->pool = pool;
	pt->mode = mode;
	pt->root = page_pool_alloc(pool, 1);
	return pt->root ? 0 : -ENOMEM;
}

static uint64_t leaf_bits(const struct pt_geometry *g, unsigned int perm)
{
	uint64_t v = PTE_P | PTE_A;

	if (perm & PT_WRITE)
		v |= PTE_RW | PTE_D;
	if (perm & PT_USER)
		v |= PTE_US;
	if (perm & PT_UNCACHED)
		v |= PTE_PCD | PTE_PWT;
	if (!(perm & PT_EXEC) && g->has_nx)
		v |= PTE_NX;
	return v;
}

/* PAE PDPTEs have no RW/US/A bits: they are reserved there (SDM 4.4.1). */
static uint64_t table_bits(const struct page_table *pt, unsigned int level)
{
	if (pt->mode == PMSW_PAGING_PAE && level == 0)
		return PTE_P;
	return PTE_P | PTE_RW | PTE_US;
}

static int map_page(struct page_table *pt, uint64_t va, uint64_t pa, unsigned int perm)
{
	const struct pt_geometry *g = pt_geo(pt->mode);
	uint64_t table = pt->root;

	for (unsigned int l = 0; l + 1 < g->levels; l++) {
		unsigned int i = pt_index(g, l, va);
		uint64_t e = pte_read(pt, table, i);

		if (!(e & PTE_P)) {
			uint64_t next = page_pool_alloc(pt->pool, 1);

			if (!next || next >= pa_limit(pt->mode))
				return -ENOMEM;
			e = next | table_bits(pt, l);
			pte_write(pt, table, i, e);
			if (pt->mode == PMSW_PAGING_PAE && l == 0)
				pt->pdpte[i] = e;
		}
		table = e & g->addr_mask;
	}
	unsigned int i = pt_index(g, g->levels - 1, va);

	if (pte_read(pt, table, i) & PTE_P)
		return -EEXIST;
	pte_write(pt, table, i, pa | leaf_bits(g, perm));
	return 0;
}

int page_table_map(struct page_table *pt, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm)
{
	if ((va | pa | len) & (PMSW_PAGE_SIZE - 1))
		return -EINVAL;
	if (!len)
		return 0;
	if (!page_table_va_usable(pt->mode, va, len) || pa > pa_limit(pt->mode) ||
	    len > pa_limit(pt->mode) - pa)
		return -ERANGE;
	for (uint64_t off = 0; off < len; off += PMSW_PAGE_SIZE) {
		int r = map_page(pt, va + off, pa + off, perm);

		if (r)
			return r;
	}
	return 0;
}

int page_table_walk(const struct page_table *pt, uint64_t va, uint64_t *pa, unsigned int *perm)
{
	const struct pt_geometry *g = pt_geo(pt->mode);
	uint64_t table = pt->root, e = 0;
	int writable = 1, user = 1, nx = 0;

	if (!page_table_va_usable(pt->mode, va, 1))
		return -ENOENT;
	for (unsigned int l = 0; l < g->levels; l++) {
		e = pte_read(pt, table, pt_index(g, l, va));
		if (!(e & PTE_P))
			return -ENOENT;
		if (!(pt->mode == PMSW_PAGING_PAE && l == 0)) {
			writable &= !!(e & PTE_RW);
			user &= !!(e & PTE_US);
		}
		if (g->has_nx)
			nx |= !!(e & PTE_NX);
		table = e & g->addr_mask;
	}
	*pa = table | (va & (PMSW_PAGE_SIZE - 1));
	*perm = (writable ? PT_WRITE : 0) | (user ? PT_USER : 0) | (nx ? 0 : PT_EXEC) |
		((e & PTE_PCD) ? PT_UNCACHED : 0);
	return 0;
}

/* Recursive walk over present entries, merging adjacent pages into runs. */
struct pt_run {
	int (*fn)(void *ctx, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm);
	void *ctx;
	uint64_t va, pa, len;
	unsigned int perm;
};

static int run_flush(struct pt_run *r)
{
	int ret = r->len ? r->fn(r->ctx, r->va, r->pa, r->len, r->perm) : 0;

	r->len = 0;
	return ret;
}

static int run_add(struct pt_run *r, uint64_t va, uint64_t pa, unsigned int perm)
{
	if (r->len && r->va + r->len == va && r->pa + r->len == pa && r->perm == perm) {
		r->len += PMSW_PAGE_SIZE;
		return 0;
	}
	int ret = run_flush(r);

	r->va = va;
	r->pa = pa;
	r->perm = perm;
	r->len = PMSW_PAGE_SIZE;
	return ret;
}

static int walk_level(const struct page_table *pt, struct pt_run *r, uint64_t table,
		      unsigned int level, uint64_t va_base)
{
	const struct pt_geometry *g = pt_geo(pt->mode);

	for (unsigned int i = 0; i < (1u << g->bits[level]); i++) {
		uint64_t e = pte_read(pt, table, i);
		uint64_t va = va_canonical(pt->mode, va_base | ((uint64_t)i << g->shift[level]));
		int ret;

		if (!(e & PTE_P))
			continue;
		if (level + 1 < g->levels) {
			ret = walk_level(pt, r, e & g->addr_mask, level + 1, va);
		} else {
			uint64_t pa;
			unsigned int perm;

			ret = page_table_walk(pt, va, &pa, &perm);
			if (!ret)
				ret = run_add(r, va, pa, perm);
		}
		if (ret)
			return ret;
	}
	return 0;
}

int page_table_for_each(const struct page_table *pt,
			int (*fn)(void *ctx, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm),
			void *ctx)
{
	struct pt_run r = { .fn = fn, .ctx = ctx };
	int ret = walk_level(pt, &r, pt->root, 0, 0);

	return ret ? ret : run_flush(&r);
}
