/* SPDX-License-Identifier: MIT */
/* The VMM's own check of the final vCPU state against the target it built:
 * the guest's word alone never proves a switch. */
#ifndef VMM_VERIFY_H
#define VMM_VERIFY_H

#include <stdbool.h>
#include <stdio.h>

#include <pmswitch/bootinfo.h>

#include "kvm/kvm.h"

#define VERIFY_MAX_FIELDS 16

struct verify_field {
	const char *name;
	uint64_t actual, expected;
};

struct verify_result {
	bool ok;
	unsigned int nfields, nbad;
	struct verify_field field[VERIFY_MAX_FIELDS];
};

/* -1 when the vCPU state cannot be read. */
int verify_target(struct kvm_vm *vm, const struct pmsw_context_state *t, struct verify_result *r);
void verify_compare(const struct kvm_sregs *s, const struct pmsw_context_state *t,
		    struct verify_result *r);

#endif
