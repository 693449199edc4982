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

int page_pool_init(struct page_pool *p, struct guest_mem *mem, uint64_t gpa, uint64_t size);
/* Zeroed, page-aligned run of npages; returns its GPA, or 0 when exhausted. */
uint64_t page_pool_alloc(struct page_pool *p, unsigned int npages);

#endif
