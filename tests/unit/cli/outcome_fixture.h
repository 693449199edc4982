/* SPDX-License-Identifier: MIT */
/* A run_outcome as a passing vmx-exit run leaves it, built from records the
 * way the session builds it, for the tests that judge and render outcomes. */
#ifndef TESTS_OUTCOME_FIXTURE_H
#define TESTS_OUTCOME_FIXTURE_H

#include <string.h>

#include <pmswitch/report.h>
#include <pmswitch/vmx.h>

#include "session/outcome.h"

static inline void fixture_record(struct run_outcome *o, uint16_t ev, uint8_t ctx, uint64_t tsc,
				  const void *body, size_t len)
{
	struct pmsw_record h = {
		.magic = PMSW_RECORD_MAGIC, .event = ev, .length = (uint16_t)(sizeof(h) + len),
		.seq = (uint32_t)(o->log.n + o->log.dropped), .ctx = ctx, .tsc = tsc,
	};

	record_log_add(&o->log, &h, body, len);
}

/* enter-original 1000 ... vmcall 1400, vmexit 1500, ... target-done 1800. */
static inline void fixture_passing(struct run_outcome *o)
{
	struct pmsw_regs regs_o = { .cr0 = 0x80010033, .cr3 = 0x415000, .cr4 = 0x620,
				    .gdtr_base = 0x7fe10000, .cs = 8, .ss = 16, .tr = 24 };
	struct pmsw_regs regs_t = regs_o;
	struct pmsw_ev_vmexit exit = { .exit_reason = EXIT_REASON_VMCALL };
	struct pmsw_ev_done done = { .status = 0 };

	regs_t.cr3 = 0x420000;
	regs_t.gdtr_base = 0x7fe20000;
	memset(o, 0, sizeof(*o));
	o->method = &method_vmx_exit;
	o->image[0] = "o.elf";
	o->image[1] = "t.elf";
	o->width[0] = o->width[1] = 64;
	record_log_init(&o->log, o->method->events, o->method->nevents);
	fixture_record(o, PMSW_EV_ENTER_ORIGINAL, PMSW_CTX_ORIGINAL, 1000, &regs_o, sizeof(regs_o));
	fixture_record(o, PMSW_EV_TEXT, PMSW_CTX_ORIGINAL, 1050, "hello\n", 6);
	fixture_record(o, PMSW_EV_VMXON, PMSW_CTX_ORIGINAL, 1100, NULL, 0);
	fixture_record(o, PMSW_EV_VMCS_READY, PMSW_CTX_ORIGINAL, 1200, NULL, 0);
	fixture_record(o, PMSW_EV_VMLAUNCH, PMSW_CTX_ORIGINAL, 1300, NULL, 0);
	fixture_record(o, PMSW_EV_VMCALL, PMSW_CTX_ORIGINAL, 1400, NULL, 0);
	fixture_record(o, PMSW_EV_VMEXIT, PMSW_CTX_TARGET, 1500, &exit, sizeof(exit));
	fixture_record(o, PMSW_EV_VMXOFF, PMSW_CTX_TARGET, 1600, NULL, 0);
	fixture_record(o, PMSW_EV_ENTER_TARGET, PMSW_CTX_TARGET, 1700, &regs_t, sizeof(regs_t));
	fixture_record(o, PMSW_EV_TARGET_DONE, PMSW_CTX_TARGET, 1800, &done, sizeof(done));
	o->vcpu.stop = VCPU_STOP_GUEST_EXIT;
	o->exit_written = true;
	o->guest_status = PMSW_GUEST_DONE;
	o->decoder_ok = true;
	o->have_final = true;
	o->landings = o->landings_expected = 1;
	o->landing.done = o->landing.ok = true;
	o->landing.nfields = 1;
	o->landing.field[0] = (struct verify_field){ "cr3", 0x420000, 0x420000 };
	o->verify.done = o->verify.ok = true;
	o->verify.nfields = 2;
	o->verify.field[0] = (struct verify_field){ "cr3", 0x420000, 0x420000 };
	o->verify.field[1] = (struct verify_field){ "gdtr_base", 0x7fe20000, 0x7fe20000 };
}

#endif
