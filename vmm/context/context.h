/* SPDX-License-Identifier: MIT */
/*
 * One protected-mode environment as the VMM builds it: page tables, GDT
 * (null, code, data, TSS), IDT (vectors 0..31 to the payload's stubs), TSS,
 * stack, and the control registers - recorded in a pmsw_context_state that
 * goes to the payload (boot-info) and is the reference for verification.
 */
#ifndef VMM_CONTEXT_H
#define VMM_CONTEXT_H

#include <linux/kvm.h>
#include <stddef.h>

#include <pmswitch/bootinfo.h>

#include "context/page_table.h"
#include "context/window.h"
#include "image/elf_image.h"

struct context {
	unsigned int idx;               /* PMSW_CTX_IDX_ORIGINAL / _TARGET */
	struct page_table pt;
	struct pmsw_context_state state;
	uint64_t sys_gpa;               /* GDT, IDT, TSS pages */
};

/* Builds an environment with the switcher window w mapped and no image;
 * its page tables and system pages come from pool. */
int context_init(struct context *c, struct page_pool *pool, const struct window_map *w,
		 unsigned int idx, int width, enum pmsw_paging paging, char *err, size_t errlen);
/* Loads img's segments (copied to fresh pages of image_pool, mapped at
 * p_vaddr with p_flags permissions), its stack, and applies its note. */
int context_load_image(struct context *c, struct page_pool *image_pool,
		       const struct elf_image *img, char *err, size_t errlen);
/* The vCPU state that enters this environment. */
void context_sregs(const struct pmsw_context_state *s, struct kvm_sregs *sregs);

#endif
