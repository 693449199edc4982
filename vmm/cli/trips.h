/* SPDX-License-Identifier: MIT */
/*
 * run --round-trips: the cost of the switches each way, from the records:
 * O->T is the switch's own span and every trip to T, T->O every trip to O;
 * beside them, a bare exit round trip in the same VM (report.h PMSW_EV_BARE).
 */
#ifndef VMM_CLI_TRIPS_H
#define VMM_CLI_TRIPS_H

#include <stdint.h>

#include "cli/render.h"
#include "session/outcome.h"

struct trip_stats {
	unsigned int count;
	uint64_t min, median, max;      /* TSC cycles */
};

/* to: PMSW_CTX_ORIGINAL or PMSW_CTX_TARGET. 0, or -1 when out of memory. */
int trip_stats(const struct run_outcome *o, uint8_t to, struct trip_stats *st);
/* The bare exit round trips (PMSW_EV_BARE) measured beside them. */
int bare_stats(const struct run_outcome *o, struct trip_stats *st);
/* The summary after the timeline (human, TAP comment, or one JSON object). */
void render_trips(const struct render_opts *r, const struct run_outcome *o);

#endif
