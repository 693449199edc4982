// SPDX-License-Identifier: MIT
/* The facts read from a run's records: steps in order, the first failure,
 * and a bound on what a guest can make the VMM keep. */
#include <criterion/criterion.h>
#include <string.h>

#include "report/record_log.h"

static const uint16_t steps[] = { PMSW_EV_ENTER_ORIGINAL, PMSW_EV_VMCALL, PMSW_EV_VMEXIT,
				  PMSW_EV_TARGET_DONE };

static void add(struct record_log *l, uint16_t ev, const void *body, size_t len)
{
	struct pmsw_record h = { .magic = PMSW_RECORD_MAGIC, .event = ev,
				 .length = (uint16_t)(sizeof(h) + len), .tsc = 100u * ev };

	record_log_add(l, &h, body, len);
}

static void add_step(struct record_log *l, uint16_t ev)
{
	struct pmsw_ev_vmexit e = { .exit_reason = 18 };
	struct pmsw_ev_done d = { .status = 7 };

	if (ev == PMSW_EV_VMEXIT)
		add(l, ev, &e, sizeof(e));
	else if (ev == PMSW_EV_TARGET_DONE)
		add(l, ev, &d, sizeof(d));
	else
		add(l, ev, NULL, 0);
}

/* Each sequence of step events, and whether it completes the method. */
static const struct {
	const char *name;
	uint16_t ev[6];
	unsigned int n;
	bool complete;
} sequences[] = {
	{ "in order", { 1, 5, 6, 9 }, 4, true },
	{ "text between", { 1, 12, 5, 12, 6, 9 }, 6, true },
	{ "one missing", { 1, 5, 9 }, 3, false },
	{ "swapped", { 1, 6, 5, 9 }, 4, false },
	{ "twice", { 1, 5, 5, 6, 9 }, 5, false },
	{ "none", { 0 }, 0, false },
};

Test(record_log, steps_in_order)
{
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(sequences); i++) {
		struct record_log l;

		record_log_init(&l, steps, PMSW_ARRAY_SIZE(steps));
		for (unsigned int k = 0; k < sequences[i].n; k++)
			add_step(&l, sequences[i].ev[k]);
		cr_expect_eq(record_log_complete(&l), sequences[i].complete, "%s", sequences[i].name);
		cr_expect_eq(l.n, sequences[i].n, "%s: every record kept", sequences[i].name);
		record_log_free(&l);
	}
}

Test(record_log, facts)
{
	struct record_log l;
	struct pmsw_regs r = { .cr3 = 0x1000 };
	struct pmsw_ev_exception e1 = { .vector = 13 }, e2 = { .vector = 14 };

	record_log_init(&l, NULL, 0);
	add(&l, PMSW_EV_ENTER_TARGET, &r, sizeof(r));
	add_step(&l, PMSW_EV_VMEXIT);
	add_step(&l, PMSW_EV_TARGET_DONE);
	add(&l, PMSW_EV_EXCEPTION, &e1, sizeof(e1));
	add(&l, PMSW_EV_EXCEPTION, &e2, sizeof(e2));
	cr_expect(l.have_regs[1] && !l.have_regs[0]);
	cr_expect_eq(l.regs[1].cr3, 0x1000);
	cr_expect_eq(l.vmexit_reason, 18);
	cr_expect_eq(l.target_status, 7);
	cr_expect_eq(l.tsc[PMSW_EV_VMEXIT], 600);
	cr_expect(!strncmp(l.failure, "exception 13 in switcher context", 32), "the first: %s",
		  l.failure);
	cr_expect(!record_log_complete(&l), "no method, nothing to complete");
	record_log_free(&l);
}

/* A guest that never stops talking: the records past the bound are counted,
 * not kept, and still count for the facts. */
Test(record_log, bounded)
{
	struct record_log l;

	record_log_init(&l, steps, PMSW_ARRAY_SIZE(steps));
	for (unsigned int i = 0; i < RECORD_LOG_MAX + 5; i++)
		add(&l, PMSW_EV_TEXT, "x", 1);
	add_step(&l, PMSW_EV_TARGET_DONE);
	cr_expect_eq(l.n, RECORD_LOG_MAX);
	cr_expect_eq(l.dropped, 6);
	cr_expect(record_log_saw(&l, PMSW_EV_TARGET_DONE));
	cr_expect_eq(l.target_status, 7);
	record_log_free(&l);
}

Test(record_log, unknown_event_ignored)
{
	struct record_log l;

	record_log_init(&l, NULL, 0);
	add(&l, PMSW_EV_MAX, NULL, 0);
	add(&l, 0xffff, NULL, 0);
	cr_expect_eq(l.n, 0);
	cr_expect_eq(l.seen, 0);
	record_log_free(&l);
}
