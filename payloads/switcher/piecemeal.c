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

/* The first switch's records, sent in T once it is complete. */
static void report_first(int probed)
{
	report_emit_at(PMSW_EV_SWITCH_START, PMSW_CTX_ORIGINAL, start_tsc, 0, 0);
	for (uint32_t what = PMSW_PIECE_CR3; what <= PIECEMEAL_LAST; what++) {
		struct pmsw_ev_piece p = { .what = what, .flags = probed ? 0 : PMSW_PIECE_F_REGS,
					   .regs = after[what].regs };

		report_emit_at(PMSW_EV_PIECE, PMSW_CTX_NONE, after[what].tsc, &p, sizeof(p));
	}
}

/* The switch, then under run --round-trips back to O and again to T, each
 * load from the context being left, each landing at the same instruction
 * (the VMM checks every one); T's entry follows the last. */
__attribute__((noreturn)) static void piecemeal_switch_now(const struct switch_env *env)
{
	const struct pmsw_bootinfo *bi = env->bi;
	int probed = bi->flags & PMSW_BI_PROBED;
	unsigned int to = PMSW_CTX_IDX_TARGET;

	/* The switch's path begins (the probe steps from here). */
	__asm__ volatile("outb %%al, %0" : : "N"(PMSW_PORT_SWITCH_START), "a"(0) : "memory");
	start_tsc = rdtsc();
	for (unsigned int landings = 0;; landings++) {
		uint64_t land_tsc;
		uint8_t tag = to == PMSW_CTX_IDX_TARGET ? PMSW_CTX_TARGET : PMSW_CTX_ORIGINAL;

		piecemeal_load(&bi->ctx[to], landings ? NULL : probed ? piecemeal_step :
			       piecemeal_step_snapshot);
		land_tsc = rdtsc();
		/* Complete: the VMM reads the vCPU here, before anything else runs. */
		__asm__ volatile(".globl piecemeal_landing\npiecemeal_landing:\n\toutb %%al, %0"
				 : : "N"(PMSW_PORT_LANDING), "a"(0) : "memory");
		payload_ctx = tag;
		if (!landings) {
			report_first(probed);
		} else {
			struct pmsw_ev_trip t = { .n = landings, .to = tag, .tsc = land_tsc - start_tsc };

			report_emit_at(PMSW_EV_TRIP, tag, land_tsc, &t, sizeof(t));
		}
		if (landings >= 2 * bi->round_trips)
			env->landed();
		to ^= PMSW_CTX_IDX_ORIGINAL ^ PMSW_CTX_IDX_TARGET;
		start_tsc = rdtsc();
	}
}

const struct switch_method piecemeal_method = {
	.code = PMSW_METHOD_PIECEMEAL,
	.name = "piecemeal",
	.switch_now = piecemeal_switch_now,
};
