/* SPDX-License-Identifier: MIT */
/* Single-stepping the switch's path, for `pmswitch probe`. */
#ifndef VMM_SESSION_STEPPING_H
#define VMM_SESSION_STEPPING_H

#include <stdbool.h>

#include "kvm/kvm.h"
#include "session/outcome.h"

struct stepping {
	struct kvm_vm *vm;
	unsigned int max;               /* boundaries to keep; 0: no probe */
	unsigned int nmi_at;            /* NMI after boundary nmi_at - 1; 0: none */
	const char *payload_path;       /* for naming the boundaries */
	bool on;
	bool last;                      /* the landing came: one trap more */
};

/* The switch-start signal: stepping on, boundary 0 kept. */
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
