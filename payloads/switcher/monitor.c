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
/* run --round-trips: landings so far (the first is T's), and the TSC the
 * context being left read before its call. */
static unsigned int landings;
static uint64_t call_tsc;
/* The first switch's exit and entry, reported once T has landed: records
 * sent between O's call and T's arrival would be part of the switch. */
static struct pmsw_ev_vmexit first_exit;
static uint64_t first_exit_tsc, first_entry_tsc;

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
		return (uintptr_t)stubs->arrive;
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

/* The switches run --round-trips asks for after the first, each way. */
static unsigned int trips_total(void)
{
	return 2 * bi->round_trips;
}

/* A context asked for the other. The first switch, O's request, is
 * reported as its steps and signalled to the probe; a trip's switch is
 * reported at its landing. The context entered arrives at the arrival
 * stub either way. */
__attribute__((noreturn)) static void switch_to(unsigned int to, uint64_t exit_tsc)
{
	int first = landings == 0;

	call_tsc = guest_tsc();
	if (first) {
		vendor->read_exit(&first_exit);
		report_snapshot(&first_exit.regs);
		first_exit_tsc = exit_tsc;
	}
	monitor_cur = to;
	vendor->select(to);
	vendor->set_rip(to, (uintptr_t)stubs->arrive);
	regs_start(to);
	/* The probe steps from here to T's landing (only when it steps: the
	 * signal is a VM exit to the VMM, part of the switch's cost). */
	if (first && (bi->flags & (PMSW_BI_PROBED | PMSW_BI_NMI)))
		__asm__ volatile("outb %%al, %0" : : "N"(PMSW_PORT_SWITCH_START), "a"(0) : "memory");
	if (first)
		first_entry_tsc = rdtsc();
	vendor->enter();
}

/* A landing: the first is the switch's (T's entry follows once the trips
 * are done); every later one is a trip, reported with its cost. */
static void landed(void)
{
	uint64_t tsc = guest_tsc();

	if (!landings) {
		report_emit_at(vendor->ev_call, PMSW_CTX_ORIGINAL, call_tsc, 0, 0);
		report_emit_at(PMSW_EV_VMEXIT, PMSW_CTX_MONITOR, first_exit_tsc, &first_exit,
			       sizeof(first_exit));
		report_emit_at(vendor->ev_entry, PMSW_CTX_MONITOR, first_entry_tsc, 0, 0);
		report_regs(PMSW_EV_ENTER_TARGET, monitor_cur, tsc);
	} else {
		struct pmsw_ev_trip t = { .n = landings, .to = monitor_tag(monitor_cur),
					  .tsc = tsc - call_tsc };

		report_emit_at(PMSW_EV_TRIP, monitor_tag(monitor_cur), tsc, &t, sizeof(t));
	}
	regs_start(monitor_cur);
	if (landings++ < trips_total())
		monitor_regs.rbx = (uintptr_t)stubs->bounce;
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
			switch_to(PMSW_CTX_IDX_TARGET, exit_tsc);
		if (call == HC_SWITCH && landings && landings <= trips_total())
			switch_to(PMSW_CTX_IDX_ORIGINAL, exit_tsc);     /* a trip back */
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
		landed();
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
