// SPDX-License-Identifier: MIT
/* Where run --nmi raises its NMIs: distinct, ascending, inside the run, half
 * of them on the switch's path. One table row per shape of run. */
#include <criterion/criterion.h>

#include <pmswitch/types.h>

#include "session/nmi_plan.h"

static const struct {
	const char *name;
	unsigned int total, sw_from, sw_to, n;
	unsigned int planned, in_switch;        /* expected */
} cases[] = {
	{ "long run, long switch", 20000, 18000, 19000, 8, 8, 4 },
	{ "switch of 2 boundaries", 22, 20, 21, 8, 8, 2 },
	{ "odd n: the switch gets the larger half", 1000, 500, 600, 5, 5, 3 },
	{ "no switch", 1000, 0, 0, 4, 4, 0 },
	{ "switch beyond the run", 100, 90, 200, 4, 4, 0 },
	{ "run shorter than n", 3, 0, 0, 8, 3, 0 },
	{ "one NMI", 50, 10, 20, 1, 1, 1 },
	{ "n cut to the maximum", 100000, 0, 0, NMI_PLAN_MAX + 5, NMI_PLAN_MAX, 0 },
	{ "empty run", 0, 0, 0, 4, 0, 0 },
};

Test(nmi_plan, table)
{
	static unsigned int at[NMI_PLAN_MAX];

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++) {
		unsigned int n = nmi_plan(cases[i].total, cases[i].sw_from, cases[i].sw_to,
					  cases[i].n, at), in_switch = 0;

		cr_expect_eq(n, cases[i].planned, "%s: %u planned", cases[i].name, n);
		for (unsigned int k = 0; k < n; k++) {
			cr_expect(at[k] >= 1 && at[k] <= cases[i].total, "%s: %u outside the run",
				  cases[i].name, at[k]);
			cr_expect(!k || at[k] > at[k - 1], "%s: not ascending at %u", cases[i].name, k);
			in_switch += at[k] >= cases[i].sw_from && at[k] <= cases[i].sw_to &&
				     cases[i].sw_from;
		}
		cr_expect_eq(in_switch, cases[i].in_switch, "%s: %u in the switch", cases[i].name,
			     in_switch);
	}
}

/* The points off the switch spread over the whole run, not bunched at one end. */
Test(nmi_plan, spread)
{
	unsigned int at[4];

	cr_assert_eq(nmi_plan(1000, 0, 0, 4, at), 4);
	cr_expect(at[0] < 250 && at[3] > 750, "%u .. %u", at[0], at[3]);
}
