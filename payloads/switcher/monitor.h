/* SPDX-License-Identifier: MIT */
/*
 * What the monitor methods (vmx-entry, svm-entry) share: the guests'
 * services, the calls a guest makes (guest_stubs.inc), and the records of
 * a switch. The vendor file sets VMX or SVM up, decodes its exits and
 * enters guests; this core decides what each call means.
 */
#ifndef SWITCHER_MONITOR_H
#define SWITCHER_MONITOR_H

/* Calls a guest makes (VMCALL or VMMCALL), in EAX; ECX carries the
 * argument, EDI:ESI a TSC. */
#define HC_WRITE        1       /* ECX bytes of text at PMSW_XFER_VA */
#define HC_RETURNED     2       /* the entry returned ECX */
#define HC_SWITCH       3       /* switch_now() */
#define HC_EXIT         4       /* exit(ECX) */
#define HC_LANDED       5       /* the landing ran at EDI:ESI (T, or O on a trip back) */

/* struct monitor_regs, offsets for the stubs */
#define GR_RAX  0
#define GR_RBX  8
#define GR_RCX  16
#define GR_RDX  24
#define GR_RSI  32
#define GR_RDI  40
#define GR_RBP  48
#define GR_R8   56
#define GR_R9   64
#define GR_R10  72
#define GR_R11  80
#define GR_R12  88
#define GR_R13  96
#define GR_R14  104
#define GR_R15  112

#ifndef __ASSEMBLER__
#include <stdint.h>

#include <pmswitch/bootinfo.h>
#include <pmswitch/report.h>

/* A guest's general-purpose registers while the monitor runs: a VM exit
 * leaves them in the CPU (SVM: RAX in the VMCB). */
struct monitor_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
};
_Static_assert(__builtin_offsetof(struct monitor_regs, r15) == GR_R15, "GR_* offsets");

extern struct monitor_regs monitor_regs;

/* The guest-side code of one vendor (guest_stubs.inc, instantiated with
 * its call instruction). */
struct monitor_stubs {
	const char *arrive, *guest64, *guest32;
	const char *bounce;     /* asks at once for the other context (round trips) */
	const char *svc64_write, *svc64_switch_now, *svc64_exit;
	const char *svc32_write, *svc32_switch_now, *svc32_exit;
};

struct monitor_vendor {
	uint16_t ev_call, ev_entry;     /* vmcall/vmlaunch, vmmcall/vmrun */
	/* Makes context i the one the next enter() runs. */
	void (*select)(unsigned int i);
	/* Context i's registers as its VMCS or VMCB holds them. */
	void (*read_regs)(unsigned int i, struct pmsw_regs *r);
	/* The exit that brought the current call. */
	void (*read_exit)(struct pmsw_ev_vmexit *ev);
	/* Sets the selected context's next instruction. */
	void (*set_rip)(unsigned int i, uint64_t rip);
	/* Enters the selected context with monitor_regs; never returns. */
	__attribute__((noreturn)) void (*enter)(void);
};

/* The context running now (PMSW_CTX_IDX_*), and its record tag. */
extern unsigned int monitor_cur;
uint8_t monitor_tag(unsigned int i);

void monitor_init(const struct pmsw_bootinfo *bi, const struct monitor_vendor *v,
		  const struct monitor_stubs *s);
/* Where context i's first entry starts: O at its width's start stub, T at
 * the arrival stub (which goes on to the start stub). */
uint64_t monitor_start_rip(unsigned int i);
/* After the vendor's set-up: O selected, reported, entered. */
__attribute__((noreturn)) void monitor_run(void);
/* A guest's call, its RIP already past the instruction. */
__attribute__((noreturn)) void monitor_call(uint64_t exit_tsc);
/* An NMI while a guest ran: under run --nmi signalled, as the payload's NMI
 * stub does, from the monitor's context, and the guest resumed; otherwise
 * reported as exception 2, which ends the run. */
__attribute__((noreturn)) void monitor_nmi(uint64_t rip, uint16_t cs);
/* A guest's exception: reported; the run ends. */
__attribute__((noreturn)) void monitor_exception(uint32_t vector, uint64_t error_code,
						 uint64_t rip, uint16_t cs, uint64_t cr2);
#endif

#endif
