// SPDX-License-Identifier: MIT
#include "context/context.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <pmswitch/image.h>
#include <pmswitch/layout.h>
#include <pmswitch/x86.h>

#include "context/context_regs.h"
#include "context/descriptors.h"

#define TSS_LIMIT       TSS64_LIMIT     /* 103 for both widths */

/*
 * O and T differ wherever the architecture lets them, so that a register of
 * the wrong context can never pass for the right one: each has its own GDT
 * layout (hence selectors and GDTR limit), and T runs with CR0.AM and
 * CR4.TSD, which change nothing for ring-0 code. Slots are GDT indexes; a
 * 64-bit TSS descriptor takes two.
 */
static const struct {
	unsigned int code, data, tss, entries;
	uint64_t cr0, cr4;
} layouts[3] = {
	[PMSW_CTX_IDX_ORIGINAL] = { 1, 2, 3, 5, 0, 0 },
	[PMSW_CTX_IDX_TARGET] = { 2, 1, 4, 6, X86_CR0_AM, X86_CR4_TSD },
	/* vmx-entry's monitor: apart from both, so the probe tells it apart. */
	[PMSW_CTX_IDX_MONITOR] = { 3, 4, 1, 5, 0, 0 },
};

static void *gpa_ptr(struct page_pool *pool, uint64_t gpa, size_t len)
{
	return guest_mem_ptr(pool->mem, gpa, len);
}

static void build_gdt(struct context *c, struct page_pool *pool, uint64_t tss_va)
{
	const struct pmsw_context_state *s = &c->state;
	uint64_t *gdt = gpa_ptr(pool, c->sys_gpa + PMSW_SYS_GDT_OFF, s->gdtr_limit + 1);

	/* Slot 0 is null, unused slots stay zero (the pool's pages are). Code
	 * and data are accessed already, as the CPU would mark them on load:
	 * the VMCS guest state the switcher reads back with LAR must say so
	 * (SDM 27.3.1.2). */
	gdt[s->cs >> 3] = (s->width == 64 ? desc_code64() : desc_code32_flat()) |
			  (uint64_t)DESC_TYPE_ACCESSED << 40;
	gdt[s->ds >> 3] = desc_data32_flat() | (uint64_t)DESC_TYPE_ACCESSED << 40;
	/* Busy: TR is already loaded with it when the context starts. */
	if (s->width == 64)
		desc_tss64(&gdt[s->tr >> 3], tss_va, TSS_LIMIT, 1);
	else
		gdt[s->tr >> 3] = desc_tss32((uint32_t)tss_va, TSS_LIMIT, 1);
}

static void build_idt(struct context *c, struct page_pool *pool)
{
	unsigned int gate = c->state.width == 64 ? 16 : 8;
	uint64_t *idt = gpa_ptr(pool, c->sys_gpa + PMSW_SYS_IDT_OFF, X86_NR_EXCEPTIONS * gate);

	for (unsigned int v = 0; v < X86_NR_EXCEPTIONS; v++) {
		uint64_t handler = PMSW_VECTORS_VA + v * PMSW_VECTOR_STUB_SIZE;

		if (gate == 16)
			desc_int_gate64(&idt[2 * v], c->state.cs, handler, 0);
		else
			idt[v] = desc_int_gate32(c->state.cs, (uint32_t)handler);
	}
	c->state.idtr_limit = X86_NR_EXCEPTIONS * gate - 1;
}

static void build_tss(struct context *c, struct page_pool *pool)
{
	void *p = gpa_ptr(pool, c->sys_gpa + PMSW_SYS_TSS_OFF, PMSW_PAGE_SIZE);

	/* No privilege changes happen; the fields only have to be sane. */
	if (c->state.width == 64)
		tss64_init(p, PMSW_STACK_TOP_VA);
	else
		tss32_init(p, c->state.ds, PMSW_STACK_TOP_VA);
}

int context_init(struct context *c, struct page_pool *pool, const struct window_map *w,
		 unsigned int idx, int width, enum pmsw_paging paging, char *err, size_t errlen)
{
	struct pmsw_context_state *s = &c->state;
	uint64_t sys_va = window_region_va(WINDOW_SYS, idx);
	int r;

	memset(c, 0, sizeof(*c));
	c->idx = idx;
	if (idx >= PMSW_ARRAY_SIZE(layouts)) {
		snprintf(err, errlen, "no context %u", idx);
		return -1;
	}
	if ((width == 64) != (paging == PMSW_PAGING_4LEVEL)) {
		snprintf(err, errlen, "paging mode does not match a %d-bit context", width);
		return -1;
	}
	r = page_table_init(&c->pt, pool, paging);
	if (!r)
		r = window_map_into(w, &c->pt);
	c->sys_gpa = r ? 0 : page_pool_alloc(pool, PMSW_SYS_PAGES);
	if (!c->sys_gpa || page_table_map(&c->pt, sys_va, c->sys_gpa,
					  window_regions[WINDOW_SYS].size,
					  window_regions[WINDOW_SYS].perm)) {
		snprintf(err, errlen, "cannot build the page tables of context %u: %s", idx,
			 strerror(r ? -r : ENOMEM));
		return -1;
	}

	s->width = (uint32_t)width;
	s->paging = paging;
	s->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG |
		 layouts[idx].cr0;
	s->cr3 = c->pt.root;
	/* SSE on: gcc -O2 emits it even in freestanding code (struct copies,
	 * array initialisers), and without CR4.OSFXSR that is #UD. */
	s->cr4 = X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | (paging == PMSW_PAGING_2LEVEL ? 0 : X86_CR4_PAE) |
		 layouts[idx].cr4;
	s->efer = paging == PMSW_PAGING_2LEVEL ? 0 : X86_EFER_NXE;
	if (width == 64)
		s->efer |= X86_EFER_LME | X86_EFER_LMA;
	s->gdtr_base = sys_va + PMSW_SYS_GDT_OFF;
	s->gdtr_limit = layouts[idx].entries * 8 - 1;
	s->idtr_base = sys_va + PMSW_SYS_IDT_OFF;
	s->tr_base = sys_va + PMSW_SYS_TSS_OFF;
	s->tr_limit = TSS_LIMIT;
	s->cs = (uint16_t)(layouts[idx].code << 3);
	s->ss = s->ds = (uint16_t)(layouts[idx].data << 3);
	s->tr = (uint16_t)(layouts[idx].tss << 3);
	s->stack_top = PMSW_STACK_TOP_VA;
	memcpy(s->pdpte, c->pt.pdpte, sizeof(s->pdpte));
	build_gdt(c, pool, s->tr_base);
	build_idt(c, pool);
	build_tss(c, pool);
	return 0;
}

int context_load_image(struct context *c, struct page_pool *image_pool,
		       const struct elf_image *img, char *err, size_t errlen)
{
	uint64_t stack = elf_image_stack_size(img), top = PMSW_CTX_STACK_TOP_VA(c->idx), gpa;

	for (unsigned int i = 0; i < img->nseg; i++) {
		const struct elf_segment *sg = &img->seg[i];
		uint64_t va, len;
		int r;

		elf_segment_pages(sg, &va, &len);
		gpa = page_pool_alloc(image_pool, (unsigned int)(len / PMSW_PAGE_SIZE));
		if (!gpa) {
			snprintf(err, errlen, "segment %u does not fit in guest memory with the other "
				 "image (try --memory)", sg->index);
			return -1;
		}
		memcpy(gpa_ptr(image_pool, gpa + (sg->vaddr - va), sg->filesz), img->data + sg->offset,
		       sg->filesz);
		r = page_table_map(&c->pt, va, gpa, len, page_table_perm_elf(sg->perm));
		if (r) {
			snprintf(err, errlen, "cannot map segment %u at 0x%llx: %s", sg->index,
				 (unsigned long long)sg->vaddr, strerror(-r));
			return -1;
		}
	}
	gpa = page_pool_alloc(image_pool, (unsigned int)(stack / PMSW_PAGE_SIZE));
	if (!gpa || page_table_map(&c->pt, top - stack, gpa, stack, PT_WRITE)) {
		snprintf(err, errlen, "cannot place a %llu KiB stack", (unsigned long long)(stack >> 10));
		return -1;
	}
	c->state.entry = img->entry;
	/* The image's mappings may have added PDPTEs since context_init. */
	memcpy(c->state.pdpte, c->pt.pdpte, sizeof(c->state.pdpte));
	c->state.stack_top = top;
	if (img->has_note)
		c->state.cr4 |= img->note.cr4_set;
	return 0;
}

/* A flat ring-0 segment's attributes; selectors come from reg_fields. */
static void flat_segment(struct kvm_segment *seg, uint8_t type, int width)
{
	memset(seg, 0, sizeof(*seg));
	seg->limit = 0xffffffffu;
	seg->type = type;
	seg->present = 1;
	seg->s = 1;
	seg->g = 1;
	seg->l = width == 64 && (type & 8);
	seg->db = !seg->l;
}

void context_sregs(const struct pmsw_context_state *s, struct kvm_sregs *sregs)
{
	int w = (int)s->width;

	flat_segment(&sregs->cs, DESC_TYPE_CODE_XR | 1, w);
	flat_segment(&sregs->ss, DESC_TYPE_DATA_RW | 1, w);
	flat_segment(&sregs->ds, DESC_TYPE_DATA_RW | 1, w);
	sregs->es = sregs->fs = sregs->gs = sregs->ds;
	memset(&sregs->tr, 0, sizeof(sregs->tr));
	sregs->tr.type = DESC_TYPE_TSS32_BUSY;
	sregs->tr.present = 1;
	memset(&sregs->ldt, 0, sizeof(sregs->ldt));
	sregs->ldt.unusable = 1;
	sregs->ldt.type = 2;
	for (unsigned int i = 0; i < reg_nfields; i++)
		if (reg_fields[i].state.size && reg_fields[i].sregs.size)
			reg_set(sregs, reg_fields[i].sregs, reg_get(s, reg_fields[i].state));
}
