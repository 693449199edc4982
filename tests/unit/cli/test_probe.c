// SPDX-License-Identifier: MIT
/* Whose each register is at a boundary, and when a boundary is consistent:
 * one case per kind of CPU state the probe can meet. */
#include <criterion/criterion.h>
#include <string.h>

#include <pmswitch/x86.h>

#include "cli/probe.h"
#include "context/context.h"

static struct run_outcome o;

/* O and T as context_init builds them, apart in everything it sets apart. */
static void setup(void)
{
	struct pmsw_context_state *s;

	memset(&o, 0, sizeof(o));
	o.nbuilt = 2;
	for (int i = 0; i < 2; i++) {
		s = &o.built[i];
		s->width = 64;
		s->cr0 = 0x80010033 | (i ? X86_CR0_AM : 0);
		s->cr3 = i ? 0x420000 : 0x415000;
		s->cr4 = 0x620 | (i ? X86_CR4_TSD : 0);
		s->efer = 0xd00;
		s->gdtr_base = i ? 0x7fe20000 : 0x7fe10000;
		s->idtr_base = s->gdtr_base + 0x1000;
		s->cs = i ? 0x10 : 0x08;
		s->ss = s->ds = i ? 0x08 : 0x10;
		s->tr = i ? 0x20 : 0x18;
	}
}

TestSuite(probe, .init = setup);

static void state_of(struct probe_step *st, int ctx)
{
	memset(st, 0, sizeof(*st));
	context_sregs(&o.built[ctx], &st->sregs);
}

static void cr3_of_t(struct probe_step *st) { st->sregs.cr3 = o.built[1].cr3; }
static void vmxe_in_t(struct probe_step *st) { st->sregs.cr4 |= X86_CR4_VMXE; }
static void cr3_of_nobody(struct probe_step *st) { st->sregs.cr3 = 0x999000; }
static void idle(struct probe_step *st) { (void)st; }

Test(probe, classify)
{
	static const struct {
		const char *name;
		int ctx;
		void (*change)(struct probe_step *st);
		bool consistent;
		const char *cr3;
	} cases[] = {
		{ "all O", 0, idle, true, "O" },
		{ "all T", 1, idle, true, "T" },
		{ "T with VMX still on", 1, vmxe_in_t, true, "T" },
		{ "O with T's CR3", 0, cr3_of_t, false, "T" },
		{ "a CR3 of neither", 0, cr3_of_nobody, false, "?" },
	};

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++) {
		struct probe_step st;
		struct probe_row row;

		state_of(&st, cases[i].ctx);
		cases[i].change(&st);
		probe_classify(&o, &st, &row);
		cr_expect_eq(row.consistent, cases[i].consistent, "%s", cases[i].name);
		cr_expect_eq(row.nregs, 9, "cr0 cr3 cr4 efer gdtr idtr cs ss tr");
		cr_expect_str_eq(row.name[1], "cr3");
		cr_expect_str_eq(probe_owner_mark(row.owner[1]), cases[i].cr3, "%s", cases[i].name);
		cr_expect_str_eq(probe_owner_mark(row.owner[3]), "=", "EFER is built alike");
	}
}

/* vmx-entry: a third context, the monitor, is consistent in itself, and
 * the registers it shares with O are marked as its own there. */
Test(probe, monitor)
{
	struct pmsw_context_state *m = &o.built[2];
	struct probe_step st;
	struct probe_row row;

	*m = o.built[0];
	m->cr3 = 0x430000;
	m->gdtr_base = 0x7fe30000;
	m->idtr_base = 0x7fe31000;
	m->cs = 0x18;
	m->ss = m->ds = 0x20;
	m->tr = 0x08;
	o.nbuilt = 3;
	state_of(&st, 2);
	probe_classify(&o, &st, &row);
	cr_expect(row.consistent, "all M");
	cr_expect_str_eq(probe_owner_mark(row.owner[0]), "M", "CR0 as O's, but the CPU is in M");
	cr_expect_str_eq(probe_owner_mark(row.owner[1]), "M");
	cr_expect_str_eq(probe_context(&o, &st.sregs), "M");
	st.sregs.cr3 = o.built[1].cr3;
	probe_classify(&o, &st, &row);
	cr_expect(!row.consistent, "M with T's CR3");
	cr_expect_str_eq(probe_context(&o, &st.sregs), "mixed");
	state_of(&st, 1);
	cr_expect_str_eq(probe_context(&o, &st.sregs), "T");
}

Test(probe, count)
{
	struct probe_step steps[3];

	state_of(&steps[0], 0);
	state_of(&steps[1], 0);
	cr3_of_t(&steps[1]);
	state_of(&steps[2], 1);
	o.steps = steps;
	o.nsteps = 3;
	cr_expect_eq(probe_inconsistent(&o), 1);
}

static void add_exception(struct run_outcome *out, uint32_t vector)
{
	struct pmsw_record h = { .magic = PMSW_RECORD_MAGIC, .event = PMSW_EV_EXCEPTION,
				 .length = sizeof(h) + sizeof(struct pmsw_ev_exception) };
	struct pmsw_ev_exception e = { .vector = vector };

	record_log_add(&out->log, &h, &e, sizeof(e));
}

/* What an NMI raised at a boundary came to, from the survival run's outcome. */
Test(probe, survival)
{
	char why[64];

	record_log_init(&o.log, NULL, 0);
	cr_expect(!probe_survived(&o, why, sizeof(why)));
	cr_expect_str_eq(why, "no NMI raised");
	o.nmi_raised = true;
	o.vcpu.stop = VCPU_STOP_SHUTDOWN;
	cr_expect(!probe_survived(&o, why, sizeof(why)));
	cr_expect_str_eq(why, "triple fault");
	add_exception(&o, X86_VEC_DF);
	add_exception(&o, X86_VEC_NMI);
	cr_expect(!probe_survived(&o, why, sizeof(why)), "the first exception decides");
	cr_expect_str_eq(why, "exception 8");
	record_log_free(&o.log);
	record_log_init(&o.log, NULL, 0);
	add_exception(&o, X86_VEC_NMI);
	o.vcpu.stop = VCPU_STOP_GUEST_EXIT;
	cr_expect(probe_survived(&o, why, sizeof(why)));
	record_log_free(&o.log);
}
