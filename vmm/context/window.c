// SPDX-License-Identifier: MIT
#include "context/window.h"

#include <pmswitch/layout.h>

const struct window_region window_regions[WINDOW_NREGIONS] = {
	[WINDOW_SWITCHER] = { "switcher", WINDOW_PAYLOAD, PMSW_SWITCHER_VA, PMSW_SWITCHER_MAX, 0, 0 },
	[WINDOW_BOOTINFO] = { "boot-info", WINDOW_POOL, PMSW_BOOTINFO_VA, PMSW_PAGE_SIZE,
			      PT_WRITE, 0 },
	[WINDOW_STACK] = { "switcher stack", WINDOW_POOL, PMSW_STACK_TOP_VA - PMSW_STACK_SIZE,
			   PMSW_STACK_SIZE, PT_WRITE, 0 },
	[WINDOW_SCRATCH] = { "VMX/SVM scratch, transfer", WINDOW_POOL, PMSW_SCRATCH_VA,
			     PMSW_SCRATCH_PAGES * PMSW_PAGE_SIZE, PT_WRITE, 0 },
	[WINDOW_SYS] = { "GDT, IDT, TSS", WINDOW_PER_CONTEXT, PMSW_SYS_VA(0),
			 PMSW_SYS_PAGES * PMSW_PAGE_SIZE, PT_WRITE, 0 },
	[WINDOW_MMIO] = { "virtio-console registers", WINDOW_DEVICE, PMSW_MMIO_VA,
			  PMSW_MMIO_MAP_SIZE, PT_WRITE | PT_UNCACHED, PMSW_MMIO_GPA },
};

uint64_t window_region_va(enum window_region_id id, unsigned int ctx_idx)
{
	if (window_regions[id].backing == WINDOW_PER_CONTEXT)
		return PMSW_SYS_VA(ctx_idx);
	return window_regions[id].va;
}

int window_map_into(const struct window_map *w, struct page_table *pt)
{
	int r = 0;

	for (unsigned int id = 0; !r && id < WINDOW_NREGIONS; id++) {
		const struct window_region *g = &window_regions[id];

		switch (g->backing) {
		case WINDOW_PAYLOAD:
			for (unsigned int i = 0; !r && i < w->npayload_segs; i++)
				r = page_table_map(pt, w->payload_seg[i].va,
						   PMSW_SWITCHER_VA_TO_PA(w->payload_seg[i].va),
						   w->payload_seg[i].len, w->payload_seg[i].perm);
			break;
		case WINDOW_POOL:
			r = page_table_map(pt, g->va, w->gpa[id], g->size, g->perm);
			break;
		case WINDOW_DEVICE:
			r = page_table_map(pt, g->va, g->gpa, g->size, g->perm);
			break;
		case WINDOW_PER_CONTEXT:
			break;  /* the context maps its own */
		}
	}
	return r;
}

const char *window_what(uint64_t va, unsigned int ctx_idx)
{
	for (unsigned int id = 0; id < WINDOW_NREGIONS; id++) {
		uint64_t start = window_region_va(id, ctx_idx);

		if (va >= start && va - start < window_regions[id].size)
			return window_regions[id].what;
	}
	return NULL;
}
