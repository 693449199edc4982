// SPDX-License-Identifier: MIT
#include "piecemeal_load.h"

#include <pmswitch/report.h>
#include <pmswitch/x86.h>

#include "cpu.h"

/* CS by a far return to the next instruction, then the data segments. */
static void load_segments(uint16_t cs, uint16_t ss, uint16_t ds)
{
#ifdef __x86_64__
	__asm__ volatile("pushq %q0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
			 : : "r"((unsigned long)cs) : "rax", "memory");
#else
	__asm__ volatile("pushl %0; pushl $1f; lret; 1:" : : "r"((unsigned long)cs) : "memory");
#endif
	__asm__ volatile("mov %w0, %%ss; mov %w1, %%ds; mov %w1, %%es; mov %w1, %%fs; mov %w1, %%gs"
			 : : "r"(ss), "r"(ds) : "memory");
}

static void step_done(void (*step)(uint32_t what), uint32_t what)
{
	if (step)
		step(what);
}

struct __attribute__((packed)) table_reg {
	uint16_t limit;
	unsigned long base;
};

void load_gdtr(uint64_t base, uint32_t limit)
{
	struct table_reg r = { (uint16_t)limit, (unsigned long)base };

	__asm__ volatile("lgdt %0" : : "m"(r) : "memory");
}

void load_idtr(uint64_t base, uint32_t limit)
{
	struct table_reg r = { (uint16_t)limit, (unsigned long)base };

	__asm__ volatile("lidt %0" : : "m"(r) : "memory");
}

void load_tr_sel(uint64_t gdtr_base, uint16_t tr)
{
	volatile uint8_t *desc = (volatile uint8_t *)(uintptr_t)(gdtr_base + (tr & ~7u));

	/* LTR wants an available TSS: T's is built busy, as a running T's is. */
	desc[5] &= (uint8_t)~(DESC_TYPE_TSS32_BUSY ^ DESC_TYPE_TSS32_AVAIL);
	__asm__ volatile("ltr %w0" : : "r"(tr) : "memory");
}

void load_tr(const struct pmsw_context_state *t)
{
	load_tr_sel(t->gdtr_base, t->tr);
}

void piecemeal_load(const struct pmsw_context_state *t, void (*step)(uint32_t what))
{
	WRITE_CR(3, t->cr3);
	step_done(step, PMSW_PIECE_CR3);
	load_gdtr(t->gdtr_base, t->gdtr_limit);
	step_done(step, PMSW_PIECE_GDTR);
	load_segments(t->cs, t->ss, t->ds);
	step_done(step, PMSW_PIECE_SEGMENTS);
	load_idtr(t->idtr_base, t->idtr_limit);
	step_done(step, PMSW_PIECE_IDTR);
	load_tr(t);
	step_done(step, PMSW_PIECE_TR);
	WRITE_CR(4, t->cr4);
	step_done(step, PMSW_PIECE_CR4);
	wrmsr(MSR_EFER, t->efer);
	step_done(step, PMSW_PIECE_EFER);
	WRITE_CR(0, t->cr0);
	step_done(step, PMSW_PIECE_CR0);
}
