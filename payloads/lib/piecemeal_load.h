/* SPDX-License-Identifier: MIT */
/*
 * The prior art of the seed (paragraph 0006): a context's registers loaded
 * one at a time, from code and a stack mapped the same way in both contexts
 * (the switcher window). Between two loads the CPU runs half in one context
 * and half in the other; step() sees each such state.
 */
#ifndef PAYLOAD_PIECEMEAL_LOAD_H
#define PAYLOAD_PIECEMEAL_LOAD_H

#include <stdint.h>

#include <pmswitch/bootinfo.h>

/* Loads CR3, GDTR, the segment registers, IDTR, TR, CR4, EFER and CR0 of t,
 * in that order (enum pmsw_piece), calling step(what) after each unless NULL.
 * Needs O and T of one width and paging mode: CR4.PAE and EFER.LME cannot
 * change with paging on. VMX must be off (CR4.VMXE is not T's). */
void piecemeal_load(const struct pmsw_context_state *t, void (*step)(uint32_t what));
/* Single loads, for switches that do some of them around another step. */
void load_gdtr(uint64_t base, uint32_t limit);
void load_idtr(uint64_t base, uint32_t limit);
/* TR from t's own (busy) TSS descriptor, made available for LTR first. */
void load_tr(const struct pmsw_context_state *t);
/* The same for selector tr of the GDT at gdtr_base. */
void load_tr_sel(uint64_t gdtr_base, uint16_t tr);
/* The last of its loads: they are PMSW_PIECE_CR3 .. PIECEMEAL_LAST. */
#define PIECEMEAL_LAST PMSW_PIECE_CR0

#endif
