/* SPDX-License-Identifier: MIT */
/*
 * Where `pmswitch run --nmi N` raises its NMIs, in the run's own
 * instructions as a counting run single-stepped them (1 = the payload's
 * first): half of them (at most one per instruction) spread over the
 * switch's path, from its start signal to its landing, where the seed's
 * hazard lies; the rest spread evenly over the whole run.
 */
#ifndef VMM_SESSION_NMI_PLAN_H
#define VMM_SESSION_NMI_PLAN_H

#define NMI_PLAN_MAX 1000u

/* total: the run's instructions; [sw_from, sw_to]: the switch's path (0, 0
 * if it had none). Fills at[] with distinct, ascending counts in
 * [1, total] and returns how many: n, or fewer where points coincide (a
 * run of few instructions). n is cut to NMI_PLAN_MAX. */
unsigned int nmi_plan(unsigned int total, unsigned int sw_from, unsigned int sw_to,
		      unsigned int n, unsigned int *at);

#endif
