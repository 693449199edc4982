// SPDX-License-Identifier: MIT
#include "hw/page_pool.h"

#include <errno.h>

#include <pmswitch/layout.h>

int page_pool_init(struct page_pool *p, struct guest_mem *mem, uint64_t gpa, uint64_t size)
{
	if ((gpa | size) & (PMSW_PAGE_SIZE - 1) || gpa == 0 || !guest_mem_contains(mem, gpa, size))
		return -EINVAL;
	p->mem = mem;
	p->next = gpa;
	p->end = gpa + size;
	return 0;
}

uint64_t page_pool_alloc(struct page_pool *p, unsigned int npages)
{
	uint64_t bytes = (uint64_t)npages * PMSW_PAGE_SIZE, gpa = p->next;

	if (npages == 0 || bytes > p->end - p->next)
		return 0;
	/* Fresh anonymous memory is zero already: writing zeros would commit
	 * every page of a large image's bss to the VMM's RSS. */
	p->next += bytes;
	return gpa;
}
