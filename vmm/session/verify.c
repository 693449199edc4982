// SPDX-License-Identifier: MIT
#include "session/verify.h"

#include <stddef.h>
#include <string.h>

#include "context/context.h"
#include "context/context_regs.h"

/* A segment's attributes in one number: type, S, DPL, P, L, D/B, G. */
static uint64_t seg_attr(const struct kvm_segment *g)
{
	return g->type | (uint64_t)g->s << 4 | (uint64_t)g->dpl << 5 | (uint64_t)g->present << 7 |
	       (uint64_t)g->l << 8 | (uint64_t)g->db << 9 | (uint64_t)g->g << 10;
}

void verify_add(struct verify_result *r, const char *name, uint64_t actual, uint64_t expected)
{
	if (r->nfields == VERIFY_MAX_FIELDS)
		return;
	r->field[r->nfields++] = (struct verify_field){ name, actual, expected };
	r->nbad += actual != expected;
}

/* What the selectors cannot say: the segments' attributes (a 64-bit CS is
 * not a 32-bit one), and LDTR, which no context uses. */
static void verify_segments(const struct kvm_sregs *s, const struct pmsw_context_state *t,
			    struct verify_result *r)
{
	static const struct { const char *name; size_t off; } segs[] = {
		{ "cs_attr", offsetof(struct kvm_sregs, cs) },
		{ "ss_attr", offsetof(struct kvm_sregs, ss) },
		{ "ds_attr", offsetof(struct kvm_sregs, ds) },
		{ "es_attr", offsetof(struct kvm_sregs, es) },
		{ "fs_attr", offsetof(struct kvm_sregs, fs) },
		{ "gs_attr", offsetof(struct kvm_sregs, gs) },
		{ "tr_attr", offsetof(struct kvm_sregs, tr) },
	};
	struct kvm_sregs want;

	memset(&want, 0, sizeof(want));
	context_sregs(t, &want);
	for (unsigned int i = 0; i < PMSW_ARRAY_SIZE(segs); i++)
		verify_add(r, segs[i].name,
		    seg_attr((const struct kvm_segment *)((const char *)s + segs[i].off)),
		    seg_attr((const struct kvm_segment *)((const char *)&want + segs[i].off)));
	verify_add(r, "ldtr", s->ldt.selector, 0);
	verify_add(r, "ldtr_usable", s->ldt.present && !s->ldt.unusable, 0);
}

void verify_compare(const struct kvm_sregs *s, const struct pmsw_context_state *t,
		    struct verify_result *r)
{
	memset(r, 0, sizeof(*r));
	for (unsigned int i = 0; i < reg_nfields; i++) {
		const struct reg_field *f = &reg_fields[i];

		if (f->flags & REG_VERIFIED)
			verify_add(r, f->name, reg_get(s, f->sregs), reg_get(t, f->state));
	}
	verify_segments(s, t, r);
	r->done = true;
	r->ok = r->nbad == 0;
}
