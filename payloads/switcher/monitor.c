// SPDX-License-Identifier: MIT
/*
 * The monitor methods' core (monitor.h): O and T are guests; a call from O
 * asking for T makes T's VMCS or VMCB current and enters it. Built into the
 * 64-bit payload only.
 */
#ifdef __x86_64__
#include <pmswitch/image.h>
#include <pmswitch/layout.h>
#include <pmswitch/report.h>
#include <pmswitch/x86.h>

#include "cpu.h"
#include "exception.h"
#include "mem.h"
#include "monitor.h"
#include "report.h"

struct monitor_regs monitor_regs;
unsigned int monitor_cur;

/* The services table of a 32-bit context: its pointers are 32-bit. */
struct services32 {
	uint32_t version, ctx, write, switch_now, exit;
};

static const struct pmsw_bootinfo *bi;
static const struct monitor_vendor *vendor;
static const struct monitor_stubs *stubs;
static struct pmsw_services svc64[2];
static struct services32 svc32[2];

uint8_t monitor_tag(unsigned int i)
{
	return i == PMSW_CTX_IDX_ORIGINAL ? PMSW_CTX_ORIGINAL : PMSW_CTX_TARGET;
}

static uint32_t addr32(const char *p)
{
	return (uint32_t)(uintptr_t)p;
}

void monitor_init(const struct pmsw_bootinfo *b, const struct monitor_vendor *v,
		  const struct monitor_stubs *s)
{
	bi = b;
	vendor = v;
	stubs = s;
	payload_ctx = PMSW_CTX_MONITOR;
	for (unsigned int i = 0; i < 2; i++) {
		svc64[i] = (struct pmsw_services){
			.version = 1, .ctx = monitor_tag(i),
			.write = (void (*)(const char *, unsigned long))(uintptr_t)s->svc64_write,
			.switch_now = (void (*)(void))(uintptr_t)s->svc64_switch_now,
			.exit = (void (*)(int))(uintptr_t)s->svc64_exit,
		};
		svc32[i] = (struct services32){
			.version = 1, .ctx = monitor_tag(i), .write = addr32(s->svc32_write),
			.switch_now = addr32(s->svc32_switch_now), .exit = addr32(s->svc32_exit),
		};
	}
}

uint64_t monitor_start_rip(unsigned int i)
{
	if (i == PMSW_CTX_IDX_TARGET)
		return (uintptr_t)stubs->landing;
	return (uintptr_t)(bi->ctx[i].width == 64 ? stubs->guest64 : stubs->guest32);
}

/* What context i's start stub reads: its entry, its services, where to go
 * on from the landing. */
static void regs_start(unsigned int i)
{
	const struct pmsw_context_state *c = &bi->ctx[i];

	memset(&monitor_regs, 0, sizeof(monitor_regs));
	monitor_regs.rsi = c->entry;
	monitor_regs.rdi = c->width == 64 ? (uintptr_t)&svc64[i] : (uintptr_t)&svc32[i];
	monitor_regs.rbx = (uintptr_t)(c->width == 64 ? stubs->guest64 : stubs->guest32);
}

static void report_regs(uint16_t event, unsigned int i, uint64_t tsc)
{
	struct pmsw_regs r;

	vendor->read_regs(i, &r);
	report_emit_at(event, monitor_tag(i), tsc, &r, sizeof(r));
}

static uint64_t guest_tsc(void)
{
	return (uint32_t)monitor_regs.rdi | (uint64_t)(uint32_t)monitor_regs.rsi << 32;
}

void monitor_run(void)
{
	monitor_cur = PMSW_CTX_IDX_ORIGINAL;
	vendor->select(monitor_cur);
	regs_start(monitor_cur);
	report_regs(PMSW_EV_ENTER_ORIGINAL, monitor_cur, rdtsc());
	vendor->enter();
}

/* O asked for T: the exit that brought the request is reported, T made
 * current and entered (the probe steps from the signal to T's landing). */
__attribute__((noreturn)) static void switch_to_target(uint64_t exit_tsc)
{
	struct pmsw_ev_vmexit ev;

	memset(&ev, 0, sizeof(ev));
	vendor->read_exit(&ev);
	report_snapshot(&ev.regs);
	report_emit_at(vendor->ev_call, PMSW_CTX_ORIGINAL, guest_tsc(), 0, 0);
	report_emit_at(PMSW_EV_VMEXIT, PMSW_CTX_MONITOR, exit_tsc, &ev, sizeof(ev));
	monitor_cur = PMSW_CTX_IDX_TARGET;
	vendor->select(monitor_cur);
	regs_start(monitor_cur);
	report_emit(vendor->ev_entry, PMSW_CTX_MONITOR, 0, 0);
	__asm__ volatile("outb %%al, %0" : : "N"(PMSW_PORT_SWITCH_START), "a"(0) : "memory");
	vendor->enter();
}

__attribute__((noreturn)) static void guest_said(const char *what, size_t len)
{
	report_text(monitor_tag(monitor_cur), what, len);
	report_exit(PMSW_GUEST_FAILED);
}

void monitor_call(uint64_t exit_tsc)
{
	uint32_t call = (uint32_t)monitor_regs.rax, arg = (uint32_t)monitor_regs.rcx;
	int in_o = monitor_cur == PMSW_CTX_IDX_ORIGINAL;

	switch (call) {
	case HC_WRITE:
		if (arg > PMSW_PAGE_SIZE)
			guest_said("monitor: write past the transfer page", 37);
		report_text(monitor_tag(monitor_cur), (const char *)(uintptr_t)PMSW_XFER_VA, arg);
		break;
	case HC_SWITCH:
	case HC_RETURNED:
		if (in_o)
			switch_to_target(exit_tsc);
		if (call == HC_SWITCH)
			guest_said("switch_now() called in the target", 33);
		__attribute__((fallthrough));   /* the target's entry returned */
	case HC_EXIT:
		if (in_o)
			guest_said("original called exit() before switching", 39);
		report_emit(PMSW_EV_TARGET_DONE, PMSW_CTX_TARGET,
			    &(struct pmsw_ev_done){ .status = (int32_t)arg }, sizeof(struct pmsw_ev_done));
		/* T itself ends the run, so the VMM finds the vCPU in T. */
		monitor_regs.rax = PMSW_GUEST_DONE;
		break;
	case HC_LANDED:
		report_regs(PMSW_EV_ENTER_TARGET, monitor_cur, guest_tsc());
		regs_start(monitor_cur);
		break;
	default:
		guest_said("monitor: unknown call", 21);
	}
	vendor->enter();
}

void monitor_nmi(uint64_t rip, uint16_t cs)
{
	if (!(bi->flags & PMSW_BI_NMI))
		monitor_exception(X86_VEC_NMI, 0, rip, cs, 0);
	__asm__ volatile("outb %%al, %2" : : "a"(rip), "d"(cs), "N"(PMSW_PORT_NMI) : "memory");
	vendor->enter();
}

void monitor_exception(uint32_t vector, uint64_t error_code, uint64_t rip, uint16_t cs,
		       uint64_t cr2)
{
	struct pmsw_ev_exception e = {
		.vector = vector, .error_code = error_code, .rip = rip, .cs = cs, .cr2 = cr2,
	};

	report_emit(PMSW_EV_EXCEPTION, monitor_tag(monitor_cur), &e, sizeof(e));
	report_exit(PMSW_GUEST_FAILED);
}
#endif
