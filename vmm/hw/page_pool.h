/* SPDX-License-Identifier: MIT */
/* Bump allocator of zeroed guest pages for VMM-built structures. */
#ifndef VMM_PAGE_POOL_H
#define VMM_PAGE_POOL_H

#include <stdint.h>

#include "hw/guest_mem.h"

struct page_pool {
	struct guest_mem *mem;
	uint64_t next, end;     /* guest-physical */
};

/* [gpa, gpa + size) must be untouched guest memory (guest_mem_alloc maps it
 * anonymous, so zero): the pool hands each page out once, as it is. */
int page_pool_init(struct page_pool *p, struct guest_mem *mem, uint64_t gpa, uint64_t size);
/* Zeroed, page-aligned run of npages, not touched here (it stays out of the
 * VMM's RSS until written); returns its GPA, or 0 when exhausted. */
uint64_t page_pool_alloc(struct page_pool *p, unsigned int npages);

#endif
