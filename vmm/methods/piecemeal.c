// SPDX-License-Identifier: MIT
/*
 * piecemeal, the prior art of the seed's paragraph 0006: O loads CR3, GDTR,
 * the segment registers, IDTR, TR, CR4, EFER and CR0 one at a time from code
 * mapped in both contexts. No virtualization needed; every load leaves the
 * CPU in a state that is neither O nor T, and each is reported (a piece
 * record with the registers right after it). The payload side is
 * payloads/switcher/piecemeal.c.
 */
#include <pmswitch/report.h>

#include "methods/methods.h"

static const uint16_t piecemeal_events[] = {
	PMSW_EV_ENTER_ORIGINAL, PMSW_EV_SWITCH_START,
	/* cr3, gdtr, segments, idtr, tr, cr4, efer, cr0 */
	PMSW_EV_PIECE, PMSW_EV_PIECE, PMSW_EV_PIECE, PMSW_EV_PIECE, PMSW_EV_PIECE, PMSW_EV_PIECE,
	PMSW_EV_PIECE, PMSW_EV_PIECE,
	PMSW_EV_ENTER_TARGET, PMSW_EV_TARGET_DONE,
};

const struct method method_piecemeal = {
	.name = "piecemeal",
	.code = PMSW_METHOD_PIECEMEAL,
	.host = METHOD_HOST_ANY,
	.widths = METHOD_SAME_PAGING,
	.widths_why = "CR4.PAE and EFER.LME cannot change while paging is on, and piecemeal "
		      "loads them with paging on",
	.events = piecemeal_events,
	.nevents = PMSW_ARRAY_SIZE(piecemeal_events),
	.span_from = PMSW_EV_SWITCH_START,
	.span_to = PMSW_EV_PIECE,
	.span_what = "first load -> last load",
	.landing_symbol = "piecemeal_landing",
};
