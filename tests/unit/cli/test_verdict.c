// SPDX-License-Identifier: MIT
/* What a run's outcome means: one case per way a run can go wrong, in the
 * order the verdict looks for them, each breaking a passing outcome once. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exit_status.h"
#include "cli/verdict.h"
#include "outcome_fixture.h"

static void timed_out(struct run_outcome *o)
{
	o->vcpu.stop = VCPU_STOP_TIMEOUT;
	snprintf(o->vcpu.detail, sizeof(o->vcpu.detail), "no result after 2.000 s");
}

/* SIGTERM came while the guest ran: the partial outcome is what it left. */
static void stopped_by_sigterm(struct run_outcome *o)
{
	o->log.seen &= ~(1u << PMSW_EV_TARGET_DONE);
	o->vcpu.stop = VCPU_STOP_SIGNAL;
	o->vcpu.signal = SIGTERM;
	snprintf(o->vcpu.detail, sizeof(o->vcpu.detail), "stopped by SIGTERM at rip=0x400000");
}

static void bad_report(struct run_outcome *o)
{
	o->decoder_ok = false;
	snprintf(o->decoder_error, sizeof(o->decoder_error), "record 3: bad magic (0x0)");
}

static void target_faults(struct run_outcome *o)
{
	struct pmsw_ev_exception e = { .vector = 14, .rip = 0x10000010, .cr2 = 0xdead000 };

	fixture_record(o, PMSW_EV_EXCEPTION, PMSW_CTX_TARGET, 1750, &e, sizeof(e));
}

static void vmlaunch_fails(struct run_outcome *o)
{
	struct pmsw_ev_vmfail f = { .insn = PMSW_INSN_VMLAUNCH, .fail = PMSW_VMFAIL_VALID,
				    .vm_error = VMXERR_ENTRY_INVALID_HOST_STATE_FIELD };

	fixture_record(o, PMSW_EV_VMFAIL, PMSW_CTX_ORIGINAL, 1350, &f, sizeof(f));
}

static void triple_fault(struct run_outcome *o)
{
	o->vcpu.stop = VCPU_STOP_SHUTDOWN;
	snprintf(o->vcpu.detail, sizeof(o->vcpu.detail), "triple fault (shutdown)");
}

static void never_done(struct run_outcome *o)
{
	o->log.seen &= ~(1u << PMSW_EV_TARGET_DONE);
}

static void never_done_early_text(struct run_outcome *o)
{
	never_done(o);
	snprintf(o->early_text, sizeof(o->early_text), "no console");
}

/* A switcher that reached T without the VM exit: the result alone would pass. */
static void exit_skipped(struct run_outcome *o)
{
	struct pmsw_ev_done done = { .status = 0 };

	record_log_free(&o->log);
	record_log_init(&o->log, o->method->events, o->method->nevents);
	fixture_record(o, PMSW_EV_ENTER_ORIGINAL, PMSW_CTX_ORIGINAL, 1000, NULL, 0);
	fixture_record(o, PMSW_EV_VMXON, PMSW_CTX_ORIGINAL, 1100, NULL, 0);
	fixture_record(o, PMSW_EV_VMCS_READY, PMSW_CTX_ORIGINAL, 1200, NULL, 0);
	fixture_record(o, PMSW_EV_VMLAUNCH, PMSW_CTX_ORIGINAL, 1300, NULL, 0);
	fixture_record(o, PMSW_EV_ENTER_TARGET, PMSW_CTX_TARGET, 1700, NULL, 0);
	fixture_record(o, PMSW_EV_TARGET_DONE, PMSW_CTX_TARGET, 1800, &done, sizeof(done));
}

static void vmcall_again(struct run_outcome *o)
{
	fixture_record(o, PMSW_EV_VMCALL, PMSW_CTX_TARGET, 1850, NULL, 0);
}

static void last_step_missing(struct run_outcome *o)
{
	o->log.next_step--;
}

static void no_landing(struct run_outcome *o)
{
	o->landings = 0;
	memset(&o->landing, 0, sizeof(o->landing));
}

static void two_landings(struct run_outcome *o)
{
	o->landings = 2;
}

static void landed_elsewhere(struct run_outcome *o)
{
	o->landing.ok = false;
	o->landing.nbad = 1;
	o->landing.field[0].actual = 0x415000;
}

static void mismatch(struct run_outcome *o)
{
	o->verify.ok = false;
	o->verify.nbad = 1;
	o->verify.field[0].actual = 0x415000;
}

static void exit_not_vmcall(struct run_outcome *o)
{
	o->log.vmexit_reason = EXIT_REASON_HLT;
}

static void target_returns_42(struct run_outcome *o)
{
	o->log.target_status = 42;
}

static void boot_refused(struct run_outcome *o)
{
	snprintf(o->boot_error, sizeof(o->boot_error), "KVM_SET_SREGS refused the 32-bit context");
}

/* run --nmi: two NMIs, both handled where the VMM raised them, the second
 * in the switch. */
static void nmis_handled(struct run_outcome *o)
{
	static const unsigned int steps[] = { 10, 20 };

	o->stepped_run = true;
	o->run_steps = 30;
	o->nmi_asked = o->nmi_planned = o->nnmis = 2;
	o->nmis = calloc(2, sizeof(*o->nmis));
	cr_assert(o->nmis);
	for (unsigned int i = 0; i < 2; i++) {
		o->nmis[i].step = steps[i];
		o->nmis[i].at.rip = o->nmis[i].saved_rip = 0x7fc00100 + i;
		o->nmis[i].handled = true;
	}
	o->nmis[1].in_switch = true;
	snprintf(o->nmis[1].at.where, sizeof(o->nmis[1].at.where), "piecemeal_load+0x8");
}

static void nmi_kills(struct run_outcome *o)
{
	nmis_handled(o);
	o->nmis[1].handled = false;
	triple_fault(o);
}

static void nmi_handled_elsewhere(struct run_outcome *o)
{
	nmis_handled(o);
	o->nmis[0].saved_rip = 0x7fc00200;
}

/* At a signal's pause the OUT completes before the NMI comes. */
static void nmi_after_pause(struct run_outcome *o)
{
	nmis_handled(o);
	o->nmis[0].at_pause = true;
	o->nmis[0].saved_rip = o->nmis[0].at.rip + 2;
}

static void nmi_short_run(struct run_outcome *o)
{
	nmis_handled(o);
	o->nnmis = 1;
}

static void nmi_stray(struct run_outcome *o)
{
	nmis_handled(o);
	o->nmi_stray = 1;
}

static const struct {
	const char *name;
	void (*breaks)(struct run_outcome *o);
	int status;
	const char *why;
} cases[] = {
	{ "passing", NULL, PMSW_EXIT_OK, "" },
	{ "timeout", timed_out, PMSW_EXIT_TIMEOUT, "timeout: no result after 2.000 s" },
	{ "SIGTERM", stopped_by_sigterm, PMSW_EXIT_SIGNAL + SIGTERM,
	  "stopped by SIGTERM at rip=0x400000" },
	{ "bad report", bad_report, PMSW_EXIT_FAIL,
	  "bad report from the guest: record 3: bad magic (0x0)" },
	{ "exception", target_faults, PMSW_EXIT_FAIL, "exception 14 in target context at "
	  "rip=0x10000010 error code 0x0 cr2=0xdead000" },
	{ "VMX failure", vmlaunch_fails, PMSW_EXIT_FAIL, "VMLAUNCH failed: VMfailValid, "
	  "VM-instruction error 8: VM entry with invalid host-state field(s)" },
	{ "triple fault", triple_fault, PMSW_EXIT_FAIL, "shutdown: triple fault (shutdown)" },
	{ "no target-done", never_done, PMSW_EXIT_FAIL, "the run ended before the target finished" },
	{ "no target-done, early text", never_done_early_text, PMSW_EXIT_FAIL,
	  "the run ended before the target finished; early console: no console" },
	{ "exit skipped", exit_skipped, PMSW_EXIT_FAIL, "the switch's steps are not the method's: "
	  "enter-target came where vmcall was due" },
	{ "step twice", vmcall_again, PMSW_EXIT_FAIL, "the switch's steps are not the method's: "
	  "vmcall came after the last step" },
	{ "step missing", last_step_missing, PMSW_EXIT_FAIL,
	  "the switch is incomplete: step target-done never came" },
	{ "no landing", no_landing, PMSW_EXIT_FAIL, "the VMM saw 0 landings in the target, not one" },
	{ "two landings", two_landings, PMSW_EXIT_FAIL,
	  "the VMM saw 2 landings in the target, not one" },
	{ "landed elsewhere", landed_elsewhere, PMSW_EXIT_FAIL, "at the landing the vCPU was not "
	  "the target: 1 of 1 fields differ, first cr3 0x415000 (expected 0x420000)" },
	{ "mismatch", mismatch, PMSW_EXIT_FAIL, "final vCPU state does not match the target context" },
	{ "method check", exit_not_vmcall, PMSW_EXIT_FAIL,
	  "the VM exit that reached the target has reason 12, not VMCALL" },
	{ "target status", target_returns_42, PMSW_EXIT_FAIL, "target returned 42" },
	{ "boot error", boot_refused, PMSW_EXIT_FAIL, "KVM_SET_SREGS refused the 32-bit context" },
	{ "nmis handled", nmis_handled, PMSW_EXIT_OK, "" },
	{ "nmi after a pause", nmi_after_pause, PMSW_EXIT_OK, "" },
	{ "nmi kills", nmi_kills, PMSW_EXIT_FAIL, "NMI 2 of 2, raised before instruction 20 "
	  "(piecemeal_load+0x8, in the switch), was not handled: triple fault" },
	{ "nmi elsewhere", nmi_handled_elsewhere, PMSW_EXIT_FAIL, "NMI 1: the handler says it "
	  "came at 0x7fc00200, the VMM raised it at 0x7fc00100" },
	{ "nmis short", nmi_short_run, PMSW_EXIT_FAIL,
	  "only 1 of 2 NMIs were raised: the run took 30 instructions" },
	{ "nmi stray", nmi_stray, PMSW_EXIT_FAIL, "the guest signalled 1 NMI(s) the VMM never raised" },
};

Test(verdict, each_way_to_fail)
{
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++) {
		struct run_outcome o;
		struct verdict v;

		fixture_passing(&o);
		if (cases[i].breaks)
			cases[i].breaks(&o);
		verdict_judge(&o, &v);
		cr_expect_eq(v.status, cases[i].status, "%s: status %d", cases[i].name, v.status);
		cr_expect_str_eq(v.why, cases[i].why, "%s", cases[i].name);
		run_outcome_free(&o);
	}
}

/* A timeout wins over what the guest said before it stopped answering. */
Test(verdict, first_failure_decides)
{
	struct run_outcome o;
	struct verdict v;

	fixture_passing(&o);
	target_returns_42(&o);
	target_faults(&o);
	timed_out(&o);
	verdict_judge(&o, &v);
	cr_expect_eq(v.status, PMSW_EXIT_TIMEOUT);
	run_outcome_free(&o);
}

Test(verdict, summary_line)
{
	struct run_outcome o;
	struct verdict v;
	char line[300];

	fixture_passing(&o);
	verdict_judge(&o, &v);
	verdict_line(&o, &v, line, sizeof(line));
	cr_expect_str_eq(line, "result: PASS switched o.elf -> t.elf with vmx-exit in 100 TSC "
			 "cycles (vmcall -> first target instruction)");
	target_returns_42(&o);
	verdict_judge(&o, &v);
	verdict_line(&o, &v, line, sizeof(line));
	cr_expect_str_eq(line, "result: FAIL target returned 42");
	stopped_by_sigterm(&o);
	verdict_judge(&o, &v);
	verdict_line(&o, &v, line, sizeof(line));
	cr_expect_str_eq(line, "result: FAIL stopped by SIGTERM at rip=0x400000");
	cr_expect_eq(v.status, 143);
	run_outcome_free(&o);
}

/* Stepped, the TSC counts the VMM's stepping: the line counts NMIs instead. */
Test(verdict, summary_line_nmis)
{
	struct run_outcome o;
	struct verdict v;
	char line[300];

	fixture_passing(&o);
	nmis_handled(&o);
	verdict_judge(&o, &v);
	verdict_line(&o, &v, line, sizeof(line));
	cr_expect_str_eq(line, "result: PASS switched o.elf -> t.elf with vmx-exit, surviving 2 "
			 "NMIs (1 in the switch)");
	run_outcome_free(&o);
}
