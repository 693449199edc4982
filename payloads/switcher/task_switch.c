// SPDX-License-Identifier: MIT
/*
 * The task-switch method, the "task-switch based context switching" of the
 * seed's paragraph 0062 (32-bit only: IA-32e mode has no task switch). A
 * far JMP to a TSS loads CR3, EIP, EFLAGS, the general and segment
 * registers and LDTR in one instruction; GDTR, IDTR, TR, CR4 and CR0 still
 * have to be loaded around it, one at a time.
 *
 * The JMP's TSS descriptor is read from the GDT in force and the new TSS
 * before CR3 changes, so both sit in a scratch page of the switcher window
 * (mapped in both contexts): a GDT with T's code and data at T's slots,
 * O's busy TSS at O's (the JMP saves O there and clears its busy bit), and
 * a TSS holding T's state at T's TSS slot.
 */
#ifndef __x86_64__

#include <pmswitch/layout.h>
#include <pmswitch/report.h>
#include <pmswitch/x86.h>

#include "cpu.h"
#include "exception.h"
#include "mem.h"
#include "method.h"
#include "piecemeal_load.h"
#include "report.h"

#define TASK_GDT_ENTRIES 8

/* In the scratch page after the VMCS (bootinfo vmcs_va + PMSW_PAGE_SIZE). */
struct task_area {
	uint64_t gdt[TASK_GDT_ENTRIES];
	struct tss32 tss;               /* T's state for the JMP to load */
};

static const struct switch_env *task_env;
static uint64_t start_tsc;
static const uint32_t pieces[] = {
	PMSW_PIECE_GDTR, PMSW_PIECE_TASK, PMSW_PIECE_GDTR, PMSW_PIECE_IDTR, PMSW_PIECE_TR,
	PMSW_PIECE_CR4, PMSW_PIECE_CR0,
};
static uint64_t tsc_of[PMSW_ARRAY_SIZE(pieces)];

void task_switch_entry(void);
__attribute__((noreturn)) void task_switch_landed(uint32_t tsc_lo, uint32_t tsc_hi);

/* An available 32-bit TSS descriptor (SDM 7.2.2): P=1, DPL 0, type 9. */
static uint64_t tss_desc(uint32_t base, uint32_t limit)
{
	return (limit & 0xffffu) | (uint64_t)(base & 0xffffffu) << 16 |
	       (uint64_t)(0x80u | DESC_TYPE_TSS32_AVAIL) << 40 |
	       (uint64_t)((limit >> 16) & 0xfu) << 48 | (uint64_t)(base >> 24) << 56;
}

static void task_area_fill(struct task_area *a, const struct pmsw_context_state *o,
			   const struct pmsw_context_state *t, uint32_t esp)
{
	const uint64_t *og = (const uint64_t *)(uintptr_t)o->gdtr_base;

	memset(a, 0, sizeof(*a));
	/* Both contexts are flat 32-bit: O's code and data descriptors are T's. */
	a->gdt[t->cs >> 3] = og[o->cs >> 3];
	a->gdt[t->ds >> 3] = og[o->ds >> 3];
	a->gdt[o->tr >> 3] = og[o->tr >> 3];
	a->gdt[t->tr >> 3] = tss_desc((uint32_t)(uintptr_t)&a->tss, TSS32_LIMIT);
	a->tss.cr3 = (uint32_t)t->cr3;
	a->tss.eip = (uint32_t)(uintptr_t)task_switch_entry;
	a->tss.eflags = X86_RFLAGS_FIXED;
	a->tss.esp = esp;
	a->tss.cs = t->cs;
	a->tss.ss = t->ss;
	a->tss.ds = a->tss.es = a->tss.fs = a->tss.gs = t->ds;
	a->tss.iomap_base = sizeof(a->tss);
}

__attribute__((noreturn)) static void task_switch_now(const struct switch_env *env)
{
	const struct pmsw_bootinfo *bi = env->bi;
	struct task_area *a = (struct task_area *)(uintptr_t)(bi->vmcs_va + PMSW_PAGE_SIZE);
	struct __attribute__((packed)) { uint32_t offset; uint16_t sel; } far;
	uint32_t esp;

	task_env = env;
	__asm__ volatile("mov %%esp, %0" : "=r"(esp));
	/* Below the frames in use: the new task starts on the same stack. */
	task_area_fill(a, &bi->ctx[PMSW_CTX_IDX_ORIGINAL], &bi->ctx[PMSW_CTX_IDX_TARGET],
		       (esp - 256) & ~15u);
	far.offset = 0;
	far.sel = bi->ctx[PMSW_CTX_IDX_TARGET].tr;
	/* The switch's path begins (the probe steps from here). */
	__asm__ volatile("outb %%al, %0" : : "N"(PMSW_PORT_SWITCH_START), "a"(0) : "memory");
	start_tsc = rdtsc();
	load_gdtr((uintptr_t)a->gdt, TASK_GDT_ENTRIES * 8 - 1);
	tsc_of[0] = rdtsc();
	__asm__ volatile("ljmp *%0" : : "m"(far) : "memory");
	__builtin_unreachable();
}

/* T's first instructions (task_switch_entry, below): the rest, one by one. */
void task_switch_landed(uint32_t tsc_lo, uint32_t tsc_hi)
{
	const struct pmsw_context_state *t = &task_env->bi->ctx[PMSW_CTX_IDX_TARGET];

	tsc_of[1] = (uint64_t)tsc_hi << 32 | tsc_lo;
	load_gdtr(t->gdtr_base, t->gdtr_limit);
	tsc_of[2] = rdtsc();
	load_idtr(t->idtr_base, t->idtr_limit);
	tsc_of[3] = rdtsc();
	/* TR is T's selector already, cached with the JMP's TSS: load T's own. */
	load_tr(t);
	tsc_of[4] = rdtsc();
	WRITE_CR(4, t->cr4);
	tsc_of[5] = rdtsc();
	WRITE_CR(0, t->cr0);    /* also clears the CR0.TS the task switch set */
	tsc_of[6] = rdtsc();
	/* T is complete: the VMM reads the vCPU here, before anything else runs. */
	__asm__ volatile(".globl task_switch_landing\ntask_switch_landing:\n\toutb %%al, %0"
			 : : "N"(PMSW_PORT_LANDING), "a"(0) : "memory");
	payload_ctx = PMSW_CTX_TARGET;
	report_emit_at(PMSW_EV_SWITCH_START, PMSW_CTX_ORIGINAL, start_tsc, 0, 0);
	for (unsigned int i = 0; i < PMSW_ARRAY_SIZE(pieces); i++) {
		struct pmsw_ev_piece p = { .what = pieces[i] };

		report_emit_at(PMSW_EV_PIECE, PMSW_CTX_NONE, tsc_of[i], &p, sizeof(p));
	}
	task_env->landed();
}

/* The JMP lands here with T's EIP, ESP, EFLAGS and selectors: time it, and
 * call on with the TSC as arguments. */
__asm__(".text\n"
	".globl task_switch_entry\n"
	"task_switch_entry:\n"
	"\trdtsc\n"
	"\tand $-16, %esp\n"
	"\tsub $8, %esp\n"
	"\tpush %edx\n"
	"\tpush %eax\n"
	"\tcall task_switch_landed\n"
	"1:\tcli\n\thlt\n\tjmp 1b\n");

const struct switch_method task_switch_method = {
	.code = PMSW_METHOD_TASK_SWITCH,
	.name = "task-switch",
	.switch_now = task_switch_now,
};

#endif
