/* SPDX-License-Identifier: MIT */
/*
 * What one run produced, as a value: why the vCPU stopped, what the exit
 * port and the console said, every record and the facts read from them, the
 * final vCPU state and its verification against the target. The session
 * fills it and prints nothing; `run`, `batch`, `check` and the tests render
 * or judge it (cli/verdict.h).
 */
#ifndef VMM_SESSION_OUTCOME_H
#define VMM_SESSION_OUTCOME_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>

#include "kvm/vcpu_run.h"
#include "methods/methods.h"
#include "report/record_log.h"
#include "session/verify.h"

/* The vCPU at one instruction boundary of the switch's path (probe). */
struct probe_step {
	uint64_t rip;
	struct kvm_sregs sregs;
	char where[64];                 /* the payload symbol + offset at rip */
};

/* One NMI of `run --nmi`: where it was raised, and what handled it. */
struct nmi_event {
	unsigned int step;              /* the run's instruction it came before */
	bool in_switch;                 /* between the switch's start and landing */
	bool at_pause;                  /* at a signal's pause: after its OUT */
	struct probe_step at;           /* the vCPU there */
	bool handled;                   /* the payload's handler signalled it */
	uint64_t saved_rip;             /* where the handler says it came */
	uint16_t saved_cs;
	struct kvm_sregs handler_sregs; /* the context that handled it */
};

struct run_outcome {
	const struct method *method;    /* NULL: no switch (the probe) */
	const char *image[2];           /* as given; [1] NULL for one context */
	int width[2];
	char boot_error[320];           /* the vCPU could not even start: one line */

	struct vcpu_result vcpu;        /* why KVM_RUN stopped */
	bool exit_written;              /* the guest wrote the exit port */
	uint32_t guest_status;          /* PMSW_GUEST_*, when exit_written */
	bool decoder_ok;
	char decoder_error[160];
	char early_text[256];           /* emergency writes before the console worked */

	struct record_log log;          /* every record, and what they say */

	unsigned int landings;          /* writes to the landing port */
	struct kvm_regs landing_regs;   /* the vCPU at the first of them */
	struct kvm_sregs landing_sregs;
	struct verify_result landing;   /* that vCPU vs T and the method's switch */
	/* run --round-trips: every later landing checked too, O's and T's in
	 * turn; how many were expected, and the first that was not its
	 * context, in one line. */
	unsigned int round_trips;       /* session_options.round_trips */
	unsigned int landings_expected;
	unsigned int landings_bad;
	char landing_bad[200];

	/* session_options.probe_steps: every boundary from the switch's start
	 * (PMSW_PORT_SWITCH_START) to its landing, single-stepped. */
	struct probe_step *steps;
	size_t nsteps;
	bool steps_cut;                 /* more boundaries than were kept */
	char step_error[160];           /* why stepping stopped early, or "" */
	bool nmi_raised;                /* session_options.probe_nmi_at was reached */

	/* session_options.nmi_count: the whole run single-stepped, its
	 * instructions counted (the payload's exception stubs not), the
	 * switch's start and landing among them, and the NMIs raised. */
	bool stepped_run;
	unsigned int run_steps, switch_from_step, switch_to_step;
	unsigned int nmi_asked, nmi_planned;
	struct nmi_event *nmis;
	unsigned int nnmis;             /* raised so far */
	unsigned int nmi_stray;         /* handler signals with no NMI raised */
	/* O and T as the VMM built them, and a monitor method's monitor. */
	struct pmsw_context_state built[3];
	unsigned int nbuilt;

	bool have_final;                /* regs/sregs hold the vCPU at the end */
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct verify_result verify;    /* final state vs the target as built */
};

void run_outcome_free(struct run_outcome *o);
/* The method's switch cost in TSC cycles (span_from -> span_to), 0 if unknown. */
uint64_t run_outcome_switch_tsc(const struct run_outcome *o);

#endif
