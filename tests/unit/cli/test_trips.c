// SPDX-License-Identifier: MIT
/* run --round-trips: the cost each way, from the trip records and the
 * switch's own span (the first O->T). */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/trips.h"
#include "outcome_fixture.h"

static void trip(struct run_outcome *o, uint32_t n, uint8_t to, uint64_t tsc)
{
	struct pmsw_ev_trip t = { .n = n, .to = to, .tsc = tsc };

	fixture_record(o, PMSW_EV_TRIP, to, 2000 + n, &t, sizeof(t));
}

Test(trips, each_way)
{
	struct run_outcome o;
	struct trip_stats ot, to;

	fixture_passing(&o);    /* its switch: 100 TSC cycles */
	o.round_trips = 2;
	trip(&o, 1, PMSW_CTX_ORIGINAL, 40);
	trip(&o, 2, PMSW_CTX_TARGET, 30);
	trip(&o, 3, PMSW_CTX_ORIGINAL, 20);
	trip(&o, 4, PMSW_CTX_TARGET, 50);
	cr_assert_eq(trip_stats(&o, PMSW_CTX_TARGET, &ot), 0);
	cr_assert_eq(trip_stats(&o, PMSW_CTX_ORIGINAL, &to), 0);
	cr_expect_eq(ot.count, 3, "the switch and two trips to T");
	cr_expect(ot.min == 30 && ot.median == 50 && ot.max == 100);
	cr_expect_eq(to.count, 2);
	cr_expect(to.min == 20 && to.median == 30 && to.max == 40, "even count: the mean of the middle two");
	run_outcome_free(&o);
}

Test(trips, none)
{
	struct run_outcome o;
	struct trip_stats to;

	fixture_passing(&o);
	cr_assert_eq(trip_stats(&o, PMSW_CTX_ORIGINAL, &to), 0);
	cr_expect_eq(to.count, 0);
	run_outcome_free(&o);
}

Test(trips, bare_exit)
{
	struct run_outcome o;
	struct trip_stats b;

	fixture_passing(&o);
	o.round_trips = 3;
	for (uint32_t n = 1; n <= 3; n++) {
		struct pmsw_ev_bare e = { .n = n, .ctx = PMSW_CTX_ORIGINAL, .tsc = 10 * n };

		fixture_record(&o, PMSW_EV_BARE, PMSW_CTX_ORIGINAL, 1000 + n, &e, sizeof(e));
	}
	cr_assert_eq(bare_stats(&o, &b), 0);
	cr_expect(b.count == 3 && b.min == 10 && b.median == 20 && b.max == 30);
	cr_assert_eq(trip_stats(&o, PMSW_CTX_ORIGINAL, &b), 0);
	cr_expect_eq(b.count, 0, "bare exits are no trips");
	run_outcome_free(&o);
}
