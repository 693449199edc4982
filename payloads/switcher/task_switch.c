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
 * a TSS holding T's state at T's TSS slot. A trip back under run
 * --round-trips is the same with the roles swapped.
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
/* The context switched to (T, or O on a trip back), the landings so far,
 * and the stack every new task starts on: below the frames of O's call,
 * the same each time, as no landing returns. */
static unsigned int to = PMSW_CTX_IDX_TARGET, landings;
static uint32_t task_esp;
static uint64_t start_tsc;
static const uint32_t pieces[] = {
	PMSW_PIECE_GDTR, PMSW_PIECE_TASK, PMSW_PIECE_GDTR, PMSW_PIECE_IDTR, PMSW_PIECE_TR,
	PMSW_PIECE_CR4, PMSW_PIECE_CR0,
};
static uint64_t tsc_of[PMSW_ARRAY_SIZE(pieces)];

static uint8_t tag(unsigned int i)
{
	return i == PMSW_CTX_IDX_ORIGINAL ? PMSW_CTX_ORIGINAL : PMSW_CTX_TARGET;
}

void task_switch_entry(void);
__attribute__((noreturn)) void task_switch_landed(uint32_t tsc_lo, uint32_t tsc_hi);

/* An available 32-bit TSS descriptor (SDM 7.2.2): P=1, DPL 0, type 9. */
static uint64_t tss_desc(uint32_t base, uint32_t limit)
{
	return (limit & 0xffffu) | (uint64_t)(base & 0xffffffu) << 16 |
	       (uint64_t)(0x80u | DESC_TYPE_TSS32_AVAIL) << 40 |
	       (uint64_t)((limit >> 16) & 0xfu) << 48 | (uint64_t)(base >> 24) << 56;
}

/* The task GDT: the context being left (from) has its code and data
 * descriptors at the other's selectors (both are flat 32-bit), its own busy
 * TSS at its TR (the JMP saves it there and clears the busy bit), and a
 * TSS holding the other's state at the other's TR. */
static void task_area_fill(struct task_area *a, const struct pmsw_context_state *from,
			   const struct pmsw_context_state *t, uint32_t esp)
{
	const uint64_t *fg = (const uint64_t *)(uintptr_t)from->gdtr_base;

	memset(a, 0, sizeof(*a));
	a->gdt[t->cs >> 3] = fg[from->cs >> 3];
	a->gdt[t->ds >> 3] = fg[from->ds >> 3];
	a->gdt[from->tr >> 3] = fg[from->tr >> 3];
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

/* From the context running now to the other, through the task GDT. */
__attribute__((noreturn)) static void task_switch_go(void)
{
	const struct pmsw_bootinfo *bi = task_env->bi;
	struct task_area *a = (struct task_area *)(uintptr_t)(bi->vmcs_va + PMSW_PAGE_SIZE);
	unsigned int from = to == PMSW_CTX_IDX_TARGET ? PMSW_CTX_IDX_ORIGINAL : PMSW_CTX_IDX_TARGET;
	struct __attribute__((packed)) { uint32_t offset; uint16_t sel; } far;

	task_area_fill(a, &bi->ctx[from], &bi->ctx[to], task_esp);
	far.offset = 0;
	far.sel = bi->ctx[to].tr;
	/* The switch's path begins (the probe steps from here). */
	if (!landings)
		__asm__ volatile("outb %%al, %0" : : "N"(PMSW_PORT_SWITCH_START), "a"(0) : "memory");
	start_tsc = rdtsc();
	load_gdtr((uintptr_t)a->gdt, TASK_GDT_ENTRIES * 8 - 1);
	tsc_of[0] = rdtsc();
	__asm__ volatile("ljmp *%0" : : "m"(far) : "memory");
	__builtin_unreachable();
}

__attribute__((noreturn)) static void task_switch_now(const struct switch_env *env)
{
	uint32_t esp;

	task_env = env;
	__asm__ volatile("mov %%esp, %0" : "=r"(esp));
	task_esp = (esp - 256) & ~15u;
	task_switch_go();
}

/* The first instructions in the context switched to (task_switch_entry,
 * below): the rest, one by one. Under run --round-trips, back to O and
 * again to T the same way, each landing at the same instruction; T's entry
 * follows the last. */
void task_switch_landed(uint32_t tsc_lo, uint32_t tsc_hi)
{
	const struct pmsw_context_state *t = &task_env->bi->ctx[to];

	tsc_of[1] = (uint64_t)tsc_hi << 32 | tsc_lo;
	load_gdtr(t->gdtr_base, t->gdtr_limit);
	tsc_of[2] = rdtsc();
	load_idtr(t->idtr_base, t->idtr_limit);
	tsc_of[3] = rdtsc();
	/* TR is this context's selector already, cached with the JMP's TSS:
	 * load its own. */
	load_tr(t);
	tsc_of[4] = rdtsc();
	WRITE_CR(4, t->cr4);
	tsc_of[5] = rdtsc();
	WRITE_CR(0, t->cr0);    /* also clears the CR0.TS the task switch set */
	tsc_of[6] = rdtsc();
	/* Complete: the VMM reads the vCPU here, before anything else runs. */
	__asm__ volatile(".globl task_switch_landing\ntask_switch_landing:\n\toutb %%al, %0"
			 : : "N"(PMSW_PORT_LANDING), "a"(0) : "memory");
	payload_ctx = tag(to);
	if (!landings) {
		report_emit_at(PMSW_EV_SWITCH_START, PMSW_CTX_ORIGINAL, start_tsc, 0, 0);
		for (unsigned int i = 0; i < PMSW_ARRAY_SIZE(pieces); i++) {
			struct pmsw_ev_piece p = { .what = pieces[i] };

			report_emit_at(PMSW_EV_PIECE, PMSW_CTX_NONE, tsc_of[i], &p, sizeof(p));
		}
	} else {
		struct pmsw_ev_trip trip = { .n = landings, .to = tag(to),
					     .tsc = tsc_of[6] - start_tsc };

		report_emit_at(PMSW_EV_TRIP, tag(to), tsc_of[6], &trip, sizeof(trip));
	}
	if (landings++ >= 2 * task_env->bi->round_trips)
		task_env->landed();
	to = to == PMSW_CTX_IDX_TARGET ? PMSW_CTX_IDX_ORIGINAL : PMSW_CTX_IDX_TARGET;
	task_switch_go();
}

/* The JMP lands here with the new task's EIP, ESP, EFLAGS and selectors:
 * time it, and call on with the TSC as arguments. */
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
