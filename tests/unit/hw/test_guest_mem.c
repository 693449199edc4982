// SPDX-License-Identifier: MIT
/*
 * Guest RAM is backed lazily, and guest_mem_touched counts what was touched:
 * the figure `run -v` reports and `make bench` compares with the peak RSS.
 * No transparent huge pages: one touch must not commit 2 MiB.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The VmFlags line of the mapping that holds addr, from /proc/self/smaps. */
static char *vm_flags(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512], *flags = NULL;
	bool ours = false;

	cr_assert_not_null(f);
	while (!flags && fgets(line, sizeof(line), f)) {
		unsigned long start, end;
		char c;

		if (sscanf(line, "%lx-%lx %c", &start, &end, &c) == 3)
			ours = start <= (unsigned long)addr && (unsigned long)addr < end;
		else if (ours && !strncmp(line, "VmFlags:", 8))
			flags = strdup(line);
	}
	fclose(f);
	return flags;
}

Test(guest_mem, no_transparent_huge_pages)
{
	char *flags = vm_flags(mem.host);

	cr_assert_not_null(flags, "no mapping at %p in /proc/self/smaps", (void *)mem.host);
	cr_expect_not_null(strstr(flags, " nh"), "guest RAM may get huge pages: %s", flags);
	free(flags);
}
