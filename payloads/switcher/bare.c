// SPDX-License-Identifier: MIT
#include "bare.h"

#include <pmswitch/report.h>

#include "report.h"

uint64_t bare_tsc[PMSW_ROUND_TRIPS_MAX + 1];
uint32_t bare_samples, bare_taken;

unsigned int bare_wanted(const struct pmsw_bootinfo *bi)
{
	if (bi->flags & (PMSW_BI_PROBED | PMSW_BI_NMI))
		return 0;
	return bi->round_trips <= PMSW_ROUND_TRIPS_MAX ? bi->round_trips : PMSW_ROUND_TRIPS_MAX;
}

void bare_report(uint8_t ctx)
{
	for (uint32_t i = 1; i < bare_taken; i++) {
		struct pmsw_ev_bare b = { .n = i, .ctx = ctx, .tsc = bare_tsc[i] - bare_tsc[i - 1] };

		report_emit_at(PMSW_EV_BARE, ctx, bare_tsc[i], &b, sizeof(b));
	}
}
