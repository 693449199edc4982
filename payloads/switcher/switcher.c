// SPDX-License-Identifier: MIT
/*
 * The switcher payload (doc/architecture.md "Data path"): the vCPU starts
 * here in the original context O. It reports, calls O's entry on O's stack,
 * switches to the target T with the chosen method, reports T's state, calls
 * T's entry on T's stack, and ends the run with T's return value. How the
 * switch is done is the method's business (method.h); the core only picks
 * it from the table (methods.c) and continues in T when the method calls
 * env.landed.
 */
#include <pmswitch/image.h>
#include <pmswitch/layout.h>
#include <pmswitch/report.h>

#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "method.h"
#include "report.h"

typedef long (*entry_fn)(void *svc);
long call_on_stack(entry_fn fn, void *arg, unsigned long stack_top);

static struct pmsw_services services[2];
/* What the method gets; static, as the method still reads it in T. */
static struct switch_env env;

static void svc_write(const char *text, unsigned long len)
{
	report_text(payload_ctx, text, len);
}

__attribute__((noreturn)) static void target_done(int status)
{
	struct pmsw_ev_done d = { .status = status };

	report_emit(PMSW_EV_TARGET_DONE, PMSW_CTX_TARGET, &d, sizeof(d));
	report_exit(PMSW_GUEST_DONE);
}

__attribute__((noreturn)) static void switch_to_target(void)
{
	const struct switch_method *m = switch_method_find(env.bi->method);

	if (!m) {
		report_text(payload_ctx, "switcher: method not built in", 29);
		report_exit(PMSW_GUEST_FAILED);
	}
	if (m->prepare)
		m->prepare(&env);
	m->switch_now(&env);
}

static void svc_switch_now(void)
{
	if (payload_ctx != PMSW_CTX_ORIGINAL) {
		report_text(payload_ctx, "switch_now() called in the target", 33);
		report_exit(PMSW_GUEST_FAILED);
	}
	switch_to_target();
}

static void svc_exit(int status)
{
	if (payload_ctx == PMSW_CTX_TARGET)
		target_done(status);
	/* Ending the run in the original means no switch happened: a failure. */
	report_text(payload_ctx, "original called exit() before switching", 39);
	report_exit(PMSW_GUEST_FAILED);
}

static void services_init(void)
{
	for (int i = 0; i < 2; i++) {
		services[i].version = 1;
		services[i].ctx = i == PMSW_CTX_IDX_ORIGINAL ? PMSW_CTX_ORIGINAL : PMSW_CTX_TARGET;
		services[i].write = svc_write;
		services[i].switch_now = svc_switch_now;
		services[i].exit = svc_exit;
	}
}

static void report_state(uint16_t event, uint8_t ctx)
{
	struct pmsw_regs r;

	report_snapshot(&r);
	report_emit(event, ctx, &r, sizeof(r));
}

/* env.landed: the method calls it once the CPU runs in T and the method's
 * own events are reported. */
__attribute__((noreturn)) static void enter_target(void)
{
	const struct pmsw_context_state *t = &env.bi->ctx[PMSW_CTX_IDX_TARGET];
	long ret;

	payload_ctx = PMSW_CTX_TARGET;
	report_state(PMSW_EV_ENTER_TARGET, PMSW_CTX_TARGET);
	ret = call_on_stack((entry_fn)(uintptr_t)t->entry, &services[PMSW_CTX_IDX_TARGET],
			    (unsigned long)t->stack_top);
	target_done((int)ret);
}

void payload_main(void);
void payload_main(void)
{
	const struct pmsw_context_state *o;
	const struct switch_method *m;

	env.bi = (const void *)(uintptr_t)PMSW_BOOTINFO_VA;
	env.landed = enter_target;
	if (env.bi->magic != PMSW_BOOTINFO_MAGIC || console_init((unsigned long)env.bi->console_va))
		report_exit(PMSW_GUEST_NO_CONSOLE);
	o = &env.bi->ctx[PMSW_CTX_IDX_ORIGINAL];
	m = switch_method_find(env.bi->method);
	if (m && m->monitor)
		m->monitor(&env);
	services_init();
	payload_ctx = PMSW_CTX_ORIGINAL;
	report_state(PMSW_EV_ENTER_ORIGINAL, PMSW_CTX_ORIGINAL);
	/* Returning from the original's entry requests the switch. */
	call_on_stack((entry_fn)(uintptr_t)o->entry, &services[PMSW_CTX_IDX_ORIGINAL],
		      (unsigned long)o->stack_top);
	switch_to_target();
}
