/* SPDX-License-Identifier: MIT */
/*
 * The bare exit round trip (report.h PMSW_EV_BARE), measured by the VMX or
 * SVM methods beside their switches under run --round-trips: a guest that
 * only reads the TSC and calls, a handler that only enters it again, both
 * in the context measuring. The vendor stub fills bare_tsc[]; bare_report()
 * sends the differences.
 */
#ifndef SWITCHER_BARE_H
#define SWITCHER_BARE_H

#include <stdint.h>

#include <pmswitch/bootinfo.h>

/* The guest's TSC before each call, in EDI:ESI when the exit comes. */
extern uint64_t bare_tsc[PMSW_ROUND_TRIPS_MAX + 1];
/* How many the stub is to take, and how many it took. */
extern uint32_t bare_samples, bare_taken;

/* The round trips to measure in this run (0: none: no --round-trips, or a
 * probe or --nmi run, whose steps must be the switch's alone). */
unsigned int bare_wanted(const struct pmsw_bootinfo *bi);
/* One record per difference of the samples taken. */
void bare_report(uint8_t ctx);

#endif
