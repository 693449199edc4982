/* SPDX-License-Identifier: MIT */
/* The vCPU run loop: KVM_RUN until the guest ends the run or something stops it. */
#ifndef VMM_VCPU_RUN_H
#define VMM_VCPU_RUN_H

#include <stdint.h>
#include <time.h>

#include "kvm/kvm.h"
#include "hw/bus.h"

enum vcpu_stop {
	VCPU_STOP_GUEST_EXIT = 1,       /* the exit port was written */
	VCPU_STOP_HLT,                  /* halted with interrupts off, no exit */
	VCPU_STOP_SHUTDOWN,             /* triple fault */
	VCPU_STOP_FAIL_ENTRY,
	VCPU_STOP_INTERNAL_ERROR,
	VCPU_STOP_TIMEOUT,
	VCPU_STOP_BAD_IO,               /* guest touched an I/O port we don't have */
	VCPU_STOP_BAD_MMIO,             /* guest touched an address nobody claims */
	VCPU_STOP_DEVICE,               /* a device found the guest misbehaving */
	VCPU_STOP_KVM_ERROR,            /* an ioctl failed */
	VCPU_STOP_UNHANDLED,            /* an exit reason we don't handle */
	VCPU_STOP_PAUSED,               /* a device paused the run: vcpu_run again resumes it */
	VCPU_STOP_STEPPED,              /* one instruction done while single-stepping (resumes too) */
	VCPU_STOP_SIGNAL,               /* a stop signal came (vcpu_catch_stop_signals) */
};

struct vcpu_result {
	enum vcpu_stop stop;
	int signal;                     /* VCPU_STOP_SIGNAL: which one */
	uint64_t exits;                 /* KVM_RUN returns counted */
	char detail[320];               /* one line, for everything else */
};

/* When a run must end, however often it pauses and resumes. */
struct vcpu_deadline {
	struct timespec at;             /* CLOCK_MONOTONIC */
	unsigned int timeout_ms;        /* what it was set from, for messages */
};

void vcpu_deadline(struct vcpu_deadline *d, unsigned int timeout_ms);
/* Runs until a device on bus stops or pauses the run (bus->stop), the guest
 * does something no device handles, or the deadline passes. */
void vcpu_run(struct kvm_vm *vm, struct bus *bus, const struct vcpu_deadline *d,
	      struct vcpu_result *res);
const char *vcpu_stop_name(enum vcpu_stop stop);

/* From now on SIGINT, SIGTERM and SIGHUP (those not ignored on entry) end
 * the run in progress, and every later one before it starts, with
 * VCPU_STOP_SIGNAL: the handler only notes the signal and interrupts
 * KVM_RUN. Returns 0, or -1 with errno. */
int vcpu_catch_stop_signals(void);
/* "SIGINT", "SIGTERM" or "SIGHUP". */
const char *vcpu_signal_name(int sig);

#endif
