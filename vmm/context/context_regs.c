// SPDX-License-Identifier: MIT
#include "context/context_regs.h"

#include <stddef.h>
#include <string.h>

#define LOC(type, member) { offsetof(type, member), sizeof(((type *)0)->member) }
#define NONE { 0, 0 }
#define STATE(m) LOC(struct pmsw_context_state, m)
#define SNAP(m) LOC(struct pmsw_regs, m)
#define SREGS(m) LOC(struct kvm_sregs, m)
#define B REG_BRIEF
#define V REG_VERIFIED
#define C REG_CONTROL
#define W REG_OWNER

/* In timeline order. rip/rsp/rflags of a context are the switcher's at any
 * report, not the image's entry and stack, so only snapshots have them. */
const struct reg_field reg_fields[] = {
	{ "cr0", B | V | C | W, STATE(cr0), SNAP(cr0), SREGS(cr0) },
	{ "cr3", B | V | C | W, STATE(cr3), SNAP(cr3), SREGS(cr3) },
	{ "cr4", B | V | C | W, STATE(cr4), SNAP(cr4), SREGS(cr4) },
	{ "efer", B | V | C | W, STATE(efer), SNAP(efer), SREGS(efer) },
	{ "gdtr_base", B | V | W, STATE(gdtr_base), SNAP(gdtr_base), SREGS(gdt.base) },
	{ "gdtr_limit", B | V, STATE(gdtr_limit), SNAP(gdtr_limit), SREGS(gdt.limit) },
	{ "idtr_base", B | V | W, STATE(idtr_base), SNAP(idtr_base), SREGS(idt.base) },
	{ "idtr_limit", B | V, STATE(idtr_limit), SNAP(idtr_limit), SREGS(idt.limit) },
	{ "cs", B | V | W, STATE(cs), SNAP(cs), SREGS(cs.selector) },
	{ "ss", B | V | W, STATE(ss), SNAP(ss), SREGS(ss.selector) },
	{ "tr", B | V | W, STATE(tr), SNAP(tr), SREGS(tr.selector) },
	{ "tr_base", V, STATE(tr_base), NONE, SREGS(tr.base) },
	{ "tr_limit", V, STATE(tr_limit), NONE, SREGS(tr.limit) },
	{ "ds", V, STATE(ds), NONE, SREGS(ds.selector) },
	/* Every context is built with ES = FS = GS = DS. */
	{ "es", V, STATE(ds), NONE, SREGS(es.selector) },
	{ "fs", V, STATE(ds), NONE, SREGS(fs.selector) },
	{ "gs", V, STATE(ds), NONE, SREGS(gs.selector) },
	{ "rip", 0, NONE, SNAP(rip), NONE },
	{ "rsp", 0, NONE, SNAP(rsp), NONE },
	{ "rflags", 0, NONE, SNAP(rflags), NONE },
};
const unsigned int reg_nfields = PMSW_ARRAY_SIZE(reg_fields);

/* Little-endian host: the low bytes of v hold a field of any size. */
uint64_t reg_get(const void *base, struct reg_loc loc)
{
	uint64_t v = 0;

	memcpy(&v, (const uint8_t *)base + loc.off, loc.size);
	return v;
}

void reg_set(void *base, struct reg_loc loc, uint64_t v)
{
	memcpy((uint8_t *)base + loc.off, &v, loc.size);
}
