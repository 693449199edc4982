/* SPDX-License-Identifier: MIT */
/* Single-stepping: the switch's path for `pmswitch probe`, the whole run
 * for `pmswitch run --nmi`. */
#ifndef VMM_SESSION_STEPPING_H
#define VMM_SESSION_STEPPING_H

#include <stdbool.h>

#include "image/elf_image.h"
#include "kvm/kvm.h"
#include "session/outcome.h"

struct stepping {
	struct kvm_vm *vm;
	unsigned int max;               /* boundaries to keep; 0: no probe */
	unsigned int nmi_at;            /* NMI after boundary nmi_at - 1; 0: none */
	/* For naming the boundaries: read by session_build, so that nothing
	 * is opened once the vCPU runs (the VMM may no longer open files). */
	const struct elf_image *payload;
	bool on;
	bool last;                      /* the landing came: one trap more */

	/* run --nmi: the whole run */
	bool whole;
	const unsigned int *plan;       /* NMIs before these counts, ascending */
	unsigned int nplan, next;
	unsigned int asked;             /* NMIs the user asked for */
	uint64_t skip_lo, skip_hi;      /* the payload's exception stubs */
	uint64_t last_rip;              /* the boundary counted last */
	bool in_switch;
};

/* Before the first KVM_RUN: stepping the whole run on (st->whole), its
 * first boundary counted; -1 with out->step_error if it cannot be. */
int stepping_boot(struct stepping *st, struct run_outcome *out);
/* The payload's NMI handler signalled (PMSW_PORT_NMI). */
void stepping_nmi_handled(struct stepping *st, struct run_outcome *out);

/* The switch-start signal: stepping on, boundary 0 kept (whole run: the
 * count there noted). */
void stepping_start(struct stepping *st, struct run_outcome *out);
/* A single-step trap: one more boundary, or the end of stepping after the
 * landing. */
void stepping_trap(struct stepping *st, struct run_outcome *out);
/* The landing signal: its boundary is the last one. */
void stepping_landed(struct stepping *st, struct run_outcome *out);
/* The run is over: stepping off if it still is. */
void stepping_end(struct stepping *st);
/* Names each kept boundary by the payload's symbols. */
void stepping_name(const struct stepping *st, struct run_outcome *out);

#endif
