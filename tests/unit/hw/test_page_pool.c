// SPDX-License-Identifier: MIT
/*
 * The page pool hands out zero pages without touching them: a large image's
 * bss must not be committed to the VMM's memory before the guest writes it.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <pmswitch/layout.h>

#include "hw/guest_mem.h"
#include "hw/page_pool.h"

#define RAM     (96ull << 20)
#define BASE    PMSW_IMAGE_GPA
#define NPAGES  ((unsigned int)((RAM - BASE) / PMSW_PAGE_SIZE))

static struct guest_mem mem;
static struct page_pool pool;

static void setup(void)
{
	cr_assert_eq(guest_mem_alloc(&mem, RAM), 0);
	cr_assert_eq(page_pool_init(&pool, &mem, BASE, RAM - BASE), 0);
}

static void teardown(void)
{
	guest_mem_free(&mem);
}

TestSuite(page_pool, .init = setup, .fini = teardown);

/* Pages of [gpa, gpa + len) resident in the VMM's memory, by mincore(). */
static size_t resident_pages(uint64_t gpa, uint64_t len)
{
	size_t n = len / PMSW_PAGE_SIZE, count = 0;
	unsigned char *vec = malloc(n);

	cr_assert_not_null(vec);
	cr_assert_eq(mincore(guest_mem_ptr(&mem, gpa, len), len, vec), 0);
	for (size_t i = 0; i < n; i++)
		count += vec[i] & 1;
	free(vec);
	return count;
}

Test(page_pool, allocations_are_not_touched)
{
	uint64_t gpa = page_pool_alloc(&pool, NPAGES);

	cr_assert_eq(gpa, BASE);
	cr_expect_eq(resident_pages(gpa, (uint64_t)NPAGES * PMSW_PAGE_SIZE), 0,
		     "allocating committed the pages");
}

Test(page_pool, allocations_are_zero_distinct_and_bounded)
{
	uint64_t a = page_pool_alloc(&pool, 2), b = page_pool_alloc(&pool, 1);
	const uint8_t *p = guest_mem_ptr(&mem, a, 3 * PMSW_PAGE_SIZE);

	cr_assert_not_null(p);
	cr_expect_eq(a, BASE);
	cr_expect_eq(b, BASE + 2 * PMSW_PAGE_SIZE);
	for (size_t i = 0; i < 3 * PMSW_PAGE_SIZE; i++)
		cr_assert_eq(p[i], 0, "byte %zu", i);
	cr_expect_eq(page_pool_alloc(&pool, 0), 0, "nothing to allocate");
	cr_expect_eq(page_pool_alloc(&pool, NPAGES), 0, "more than is left");
	cr_expect_eq(page_pool_alloc(&pool, NPAGES - 3), b + PMSW_PAGE_SIZE, "exactly what is left");
	cr_expect_eq(page_pool_alloc(&pool, 1), 0, "exhausted");
}

Test(page_pool, init_refuses_bad_ranges)
{
	struct page_pool p;

	cr_expect_neq(page_pool_init(&p, &mem, 0, PMSW_PAGE_SIZE), 0, "GPA 0 is the failure value");
	cr_expect_neq(page_pool_init(&p, &mem, BASE + 1, PMSW_PAGE_SIZE), 0, "unaligned");
	cr_expect_neq(page_pool_init(&p, &mem, BASE, RAM), 0, "past the end of RAM");
}
