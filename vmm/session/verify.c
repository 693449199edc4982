// SPDX-License-Identifier: MIT
#include "session/verify.h"

#include <string.h>

#include "context/context_regs.h"

void verify_compare(const struct kvm_sregs *s, const struct pmsw_context_state *t,
		    struct verify_result *r)
{
	memset(r, 0, sizeof(*r));
	for (unsigned int i = 0; i < reg_nfields && r->nfields < VERIFY_MAX_FIELDS; i++) {
		const struct reg_field *f = &reg_fields[i];
		struct verify_field *v = &r->field[r->nfields];

		if (!(f->flags & REG_VERIFIED))
			continue;
		v->name = f->name;
		v->actual = reg_get(s, f->sregs);
		v->expected = reg_get(t, f->state);
		r->nbad += v->actual != v->expected;
		r->nfields++;
	}
	r->done = true;
	r->ok = r->nbad == 0;
}
