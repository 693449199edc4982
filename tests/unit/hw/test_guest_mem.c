// SPDX-License-Identifier: MIT
/*
 * Guest RAM is backed lazily, and guest_mem_touched counts what was touched:
 * the figure `run -v` reports and `make bench` compares with the peak RSS.
 */
#include <criterion/criterion.h>

#include <pmswitch/layout.h>

#include "hw/guest_mem.h"

/* More than one mincore() call's worth (16 MiB), and not a multiple of it. */
#define RAM     (40ull << 20)

static struct guest_mem mem;

static void setup(void)
{
	cr_assert_eq(guest_mem_alloc(&mem, RAM), 0);
}

static void teardown(void)
{
	guest_mem_free(&mem);
}

TestSuite(guest_mem, .init = setup, .fini = teardown);

Test(guest_mem, fresh_ram_is_untouched)
{
	uint64_t pages = 99;

	cr_assert_eq(guest_mem_touched(&mem, &pages), 0);
	cr_assert_eq(pages, 0);
}

Test(guest_mem, counts_each_page_written_once)
{
	uint64_t pages = 0;

	mem.host[0] = 1;
	mem.host[1] = 2;                                        /* same page */
	mem.host[(16ull << 20) + 5] = 3;                        /* second call */
	mem.host[RAM - 1] = 4;                                  /* last page */
	cr_assert_eq(guest_mem_touched(&mem, &pages), 0);
	cr_assert_eq(pages, 3);
}

Test(guest_mem, freed_ram_is_refused)
{
	struct guest_mem none = { 0 };
	uint64_t pages = 7;

	cr_assert_lt(guest_mem_touched(&none, &pages), 0);
	cr_assert_eq(pages, 0);
}
