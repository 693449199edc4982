/* SPDX-License-Identifier: MIT */
/*
 * The switcher window (include/pmswitch/layout.h): the virtual range every
 * context maps the same way. One table says what lies where; the machine
 * lays guest memory out from it, every context maps it, and `inspect`
 * labels mappings with it.
 */
#ifndef VMM_CONTEXT_WINDOW_H
#define VMM_CONTEXT_WINDOW_H

#include <stdint.h>

#include "context/page_table.h"

/* Where a region's pages come from. */
enum window_backing {
	WINDOW_PAYLOAD,         /* the payload's segments, linear from PMSW_SWITCHER_GPA */
	WINDOW_POOL,            /* pages the machine takes from its page pool */
	WINDOW_DEVICE,          /* device registers at a fixed guest-physical address */
	WINDOW_PER_CONTEXT,     /* each context's own pages at its own VA (GDT, IDT, TSS) */
};

/* The regions, in the order the machine allocates the pool-backed ones. */
enum window_region_id {
	WINDOW_SWITCHER,
	WINDOW_BOOTINFO,
	WINDOW_STACK,
	WINDOW_SCRATCH,
	WINDOW_SYS,
	WINDOW_MMIO,
	WINDOW_NREGIONS
};

struct window_region {
	const char *what;       /* as inspect labels it */
	enum window_backing backing;
	uint64_t va, size;      /* WINDOW_PER_CONTEXT: va of context 0; see window_region_va */
	unsigned int perm;      /* PT_*; WINDOW_PAYLOAD: each segment's own */
	uint64_t gpa;           /* WINDOW_DEVICE only */
};

extern const struct window_region window_regions[WINDOW_NREGIONS];

#define WINDOW_MAX_PAYLOAD_SEGS 4

/* Where the window's pages are in one machine's guest memory. */
struct window_map {
	uint64_t gpa[WINDOW_NREGIONS];  /* WINDOW_POOL regions */
	unsigned int npayload_segs;
	struct { uint64_t va, len; unsigned int perm; } payload_seg[WINDOW_MAX_PAYLOAD_SEGS];
};

/* The first virtual address of region id in context ctx_idx. */
uint64_t window_region_va(enum window_region_id id, unsigned int ctx_idx);
/* Maps every shared region (not the per-context ones) into pt. 0 or -errno. */
int window_map_into(const struct window_map *w, struct page_table *pt);
/* What the window holds at va in context ctx_idx, or NULL outside it. */
const char *window_what(uint64_t va, unsigned int ctx_idx);

#endif
