/* SPDX-License-Identifier: MIT */
/* Builds a context's page tables (2-level, PAE, IA-32e 4-level) in guest memory. */
#ifndef VMM_PAGE_TABLE_H
#define VMM_PAGE_TABLE_H

#include <stdint.h>

#include <pmswitch/bootinfo.h>

#include "hw/page_pool.h"

/* Permissions of a mapping; NX is applied where the mode has it. */
#define PT_WRITE        (1u << 0)
#define PT_EXEC         (1u << 1)
#define PT_USER         (1u << 2)
#define PT_UNCACHED     (1u << 3)   /* device registers: PCD|PWT */

struct page_table {
	struct page_pool *pool;
	enum pmsw_paging mode;
	uint64_t root;          /* GPA that CR3 points at */
	uint64_t pdpte[4];      /* PAE: copies of the PDPTEs, for the VMCS */
};

int page_table_init(struct page_table *pt, struct page_pool *pool, enum pmsw_paging mode);
/* Maps [va, va + len) to [pa, pa + len) with 4 KiB pages. va, pa and len must
 * be page-aligned; upper-half addresses are given canonical (sign-extended).
 * Fails with -EEXIST on a page already mapped, -ERANGE for an address the
 * mode cannot express (past 4 GiB, non-canonical), -ENOMEM when the pool runs out. */
int page_table_map(struct page_table *pt, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm);
/* Translates va as the CPU would; 0 with *pa and *perm filled, or -ENOENT. */
int page_table_walk(const struct page_table *pt, uint64_t va, uint64_t *pa, unsigned int *perm);
/* Calls fn for each mapped page run (contiguous va, pa and equal perm), in
 * ascending va order, upper-half addresses canonical. */
int page_table_for_each(const struct page_table *pt,
			int (*fn)(void *ctx, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm),
			void *ctx);
/* True when the mode translates every address of [va, va + len), len > 0:
 * below 4 GiB (32-bit modes), or inside one canonical half (4-level). */
int page_table_va_usable(enum pmsw_paging mode, uint64_t va, uint64_t len);
/* PT_* for an ELF segment's p_flags (PF_W, PF_X). */
unsigned int page_table_perm_elf(unsigned int p_flags);

#endif
