// SPDX-License-Identifier: MIT
/*
 * The piecemeal method, the prior art of the seed's paragraph 0006: O loads
 * T's registers one at a time (lib/piecemeal_load.c), from the switcher
 * window mapped in both. It needs no virtualization. After each load the
 * CPU is snapshotted; the snapshots are reported once in T, so that the
 * console is not driven from a half-switched CPU and the timeline shows
 * every mixed state the switch went through.
 */
#include <pmswitch/layout.h>
#include <pmswitch/report.h>

#include "cpu.h"
#include "exception.h"
#include "method.h"
#include "piecemeal_load.h"
#include "report.h"

static uint64_t start_tsc;
static struct {
	uint64_t tsc;
	struct pmsw_regs regs;
} after[PMSW_PIECE_MAX];

static void piecemeal_step(uint32_t what)
{
	after[what].tsc = rdtsc();
}

static void piecemeal_step_snapshot(uint32_t what)
{
	after[what].tsc = rdtsc();
	report_snapshot(&after[what].regs);
}

__attribute__((noreturn)) static void piecemeal_switch_now(const struct switch_env *env)
{
	int probed = env->bi->flags & PMSW_BI_PROBED;

	/* The switch's path begins (the probe steps from here). */
	__asm__ volatile("outb %%al, %0" : : "N"(PMSW_PORT_SWITCH_START), "a"(0) : "memory");
	start_tsc = rdtsc();
	piecemeal_load(&env->bi->ctx[PMSW_CTX_IDX_TARGET], probed ? piecemeal_step :
		       piecemeal_step_snapshot);
	/* T is complete: the VMM reads the vCPU here, before anything else runs. */
	__asm__ volatile(".globl piecemeal_landing\npiecemeal_landing:\n\toutb %%al, %0"
			 : : "N"(PMSW_PORT_LANDING), "a"(0) : "memory");
	payload_ctx = PMSW_CTX_TARGET;
	report_emit_at(PMSW_EV_SWITCH_START, PMSW_CTX_ORIGINAL, start_tsc, 0, 0);
	for (uint32_t what = PMSW_PIECE_CR3; what <= PIECEMEAL_LAST; what++) {
		struct pmsw_ev_piece p = { .what = what, .flags = probed ? 0 : PMSW_PIECE_F_REGS,
					   .regs = after[what].regs };

		report_emit_at(PMSW_EV_PIECE, PMSW_CTX_NONE, after[what].tsc, &p, sizeof(p));
	}
	env->landed();
}

const struct switch_method piecemeal_method = {
	.code = PMSW_METHOD_PIECEMEAL,
	.name = "piecemeal",
	.switch_now = piecemeal_switch_now,
};
