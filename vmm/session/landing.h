/* SPDX-License-Identifier: MIT */
/*
 * The landing, seen by the VMM: the vCPU as KVM holds it at the first
 * instruction in the target (the payload's write to the landing port,
 * before any switcher fix-up), against the target as built and what the
 * method's switch loads (for a VM exit, SDM 28.5).
 */
#ifndef VMM_SESSION_LANDING_H
#define VMM_SESSION_LANDING_H

#include <linux/kvm.h>

#include <pmswitch/bootinfo.h>

#include "methods/methods.h"
#include "session/verify.h"

/* t is the context landed in; fresh: it has not run yet, so RSP and RFLAGS
 * are still as built (a round trip's O lands with them as it left). */
void landing_check(const struct method *m, const struct pmsw_context_state *t, uint64_t landing_va,
		   bool fresh, const struct kvm_regs *r, const struct kvm_sregs *s,
		   struct verify_result *out);

#endif
