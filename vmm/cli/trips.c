// SPDX-License-Identifier: MIT
#include "cli/trips.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <pmswitch/report.h>

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts what matches into v (room for the log's records and one more). */
static void stats_of(uint64_t *v, size_t n, struct trip_stats *st)
{
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_u64);
	st->count = (unsigned int)n;
	st->min = v[0];
	st->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	st->max = v[n - 1];
}

int trip_stats(const struct run_outcome *o, uint8_t to, struct trip_stats *st)
{
	const struct record_log *l = &o->log;
	uint64_t first = to == PMSW_CTX_TARGET ? run_outcome_switch_tsc(o) : 0, *v;
	size_t n = 0;

	memset(st, 0, sizeof(*st));
	v = malloc((l->n + 1) * sizeof(*v));
	if (!v)
		return -1;
	if (first)
		v[n++] = first;
	for (size_t i = 0; i < l->n; i++)
		if (l->rec[i].hdr.event == PMSW_EV_TRIP && l->rec[i].body.trip.to == to)
			v[n++] = l->rec[i].body.trip.tsc;
	stats_of(v, n, st);
	free(v);
	return 0;
}

int bare_stats(const struct run_outcome *o, struct trip_stats *st)
{
	const struct record_log *l = &o->log;
	uint64_t *v;
	size_t n = 0;

	memset(st, 0, sizeof(*st));
	v = malloc((l->n + 1) * sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		if (l->rec[i].hdr.event == PMSW_EV_BARE)
			v[n++] = l->rec[i].body.bare.tsc;
	stats_of(v, n, st);
	free(v);
	return 0;
}

void render_trips(const struct render_opts *r, const struct run_outcome *o)
{
	struct trip_stats ot, to, bare;

	if (!o->round_trips || r->format == RENDER_QUIET ||
	    trip_stats(o, PMSW_CTX_TARGET, &ot) || trip_stats(o, PMSW_CTX_ORIGINAL, &to) ||
	    bare_stats(o, &bare))
		return;
	if (r->format == RENDER_JSON) {
		fprintf(r->out, "{\"event\": \"round-trips\", \"asked\": %u, \"o-to-t\": {\"count\": %u, "
			"\"min\": %" PRIu64 ", \"median\": %" PRIu64 ", \"max\": %" PRIu64 "}, "
			"\"t-to-o\": {\"count\": %u, \"min\": %" PRIu64 ", \"median\": %" PRIu64
			", \"max\": %" PRIu64 "}", o->round_trips, ot.count, ot.min, ot.median,
			ot.max, to.count, to.min, to.median, to.max);
		if (bare.count)
			fprintf(r->out, ", \"bare\": {\"count\": %u, \"min\": %" PRIu64 ", \"median\": %"
				PRIu64 ", \"max\": %" PRIu64 "}", bare.count, bare.min, bare.median,
				bare.max);
		fputs("}\n", r->out);
		return;
	}
	fprintf(r->out, "%sround trips: %u; TSC cycles per switch, min/median/max: O->T %" PRIu64
		"/%" PRIu64 "/%" PRIu64 " (%u), T->O %" PRIu64 "/%" PRIu64 "/%" PRIu64 " (%u)",
		r->format == RENDER_TAP ? "# " : "", o->round_trips, ot.min, ot.median, ot.max,
		ot.count, to.min, to.median, to.max, to.count);
	if (bare.count)
		fprintf(r->out, "; bare exit round trip %" PRIu64 "/%" PRIu64 "/%" PRIu64 " (%u)",
			bare.min, bare.median, bare.max, bare.count);
	fputc('\n', r->out);
}
