/* SPDX-License-Identifier: MIT */
/* The VMM's own check of the final vCPU state against the target it built:
 * the guest's word alone never proves a switch. */
#ifndef VMM_SESSION_VERIFY_H
#define VMM_SESSION_VERIFY_H

#include <linux/kvm.h>
#include <stdbool.h>

#include <pmswitch/bootinfo.h>

#define VERIFY_MAX_FIELDS 32

struct verify_field {
	const char *name;               /* reg_fields' name */
	uint64_t actual, expected;
};

struct verify_result {
	bool done;                      /* the comparison was made */
	bool ok;
	unsigned int nfields, nbad;
	struct verify_field field[VERIFY_MAX_FIELDS];
};

/* Appends one compared field (nothing past VERIFY_MAX_FIELDS). */
void verify_add(struct verify_result *r, const char *name, uint64_t actual, uint64_t expected);
/* Every REG_VERIFIED field of reg_fields (context/context_regs.h), every
 * segment's attributes as context_sregs builds them, and a null LDTR. */
void verify_compare(const struct kvm_sregs *s, const struct pmsw_context_state *t,
		    struct verify_result *r);

#endif
