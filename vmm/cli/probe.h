/* SPDX-License-Identifier: MIT */
/*
 * What `pmswitch probe` makes of the boundaries it stepped: at each one,
 * whose each context register is (the original's, the target's, both when
 * they are built alike, or neither), and whether the CPU was then in one
 * consistent context.
 */
#ifndef VMM_CLI_PROBE_H
#define VMM_CLI_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "session/outcome.h"

/* OWNER_BOTH: O and T were built with that value. OWNER_MONITOR: the
 * monitor context of a monitor method (outcome.nbuilt 3). */
enum probe_owner { OWNER_BOTH, OWNER_ORIGINAL, OWNER_TARGET, OWNER_MONITOR, OWNER_NEITHER };

#define PROBE_MAX_REGS 16

struct probe_row {
	unsigned int nregs;
	const char *name[PROBE_MAX_REGS];       /* reg_fields' REG_OWNER names */
	enum probe_owner owner[PROBE_MAX_REGS];
	bool consistent;                        /* all one context's (O, T or M) */
};

void probe_classify(const struct run_outcome *o, const struct probe_step *st, struct probe_row *row);
/* Boundaries that were not in one consistent context. */
size_t probe_inconsistent(const struct run_outcome *o);
/* A survival run (session_options.probe_nmi_at): true when the NMI raised at the
 * boundary reached the payload's NMI handler (reported as exception 2) in
 * a context that could deliver it; false with how the VM died in why. */
bool probe_survived(const struct run_outcome *o, char *why, size_t len);
/* How a run with an NMI in it died: its first exception, a triple fault,
 * or why the vCPU stopped. */
void probe_death(const struct run_outcome *o, char *why, size_t len);
/* Whose context the vCPU was in: "O", "T", "M" (all registers one's; O when
 * all are built alike) or "mixed". */
const char *probe_context(const struct run_outcome *o, const struct kvm_sregs *sregs);
/* "O", "T", "M", "=" (O and T alike), "?" (none). */
const char *probe_owner_mark(enum probe_owner w);

#endif
