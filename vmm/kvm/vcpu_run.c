// SPDX-License-Identifier: MIT
/*
 * The timeout is a POSIX timer whose signal sets kvm_run.immediate_exit:
 * KVM_RUN then returns EINTR whether the signal lands inside the guest or
 * just before the next KVM_RUN (the race immediate_exit exists for). The
 * stop signals (SIGINT, SIGTERM, SIGHUP) end a run the same way.
 */
#include "kvm/vcpu_run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include <pmswitch/types.h>

static volatile sig_atomic_t timer_fired;
static volatile sig_atomic_t stop_signal;       /* the first stop signal, or 0 */
static struct kvm_run *volatile running;        /* the vCPU in vcpu_run, or NULL */

/* Read once: the loop may clear the pointer between two reads. */
static void interrupt_run(void)
{
	struct kvm_run *run = running;

	if (run)
		run->immediate_exit = 1;
}

static void timer_signal(int sig)
{
	(void)sig;
	timer_fired = 1;
	interrupt_run();
}

/* Async-signal-safe: a flag and a store to the mapped kvm_run. */
static void stop_handler(int sig)
{
	if (!stop_signal)
		stop_signal = sig;
	interrupt_run();
}

int vcpu_catch_stop_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	/* No SA_RESTART: a blocking call returns EINTR rather than waiting on. */
	struct sigaction sa = { .sa_handler = stop_handler }, old;
	unsigned int i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < PMSW_ARRAY_SIZE(sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]);        /* handlers never nest */
	for (i = 0; i < PMSW_ARRAY_SIZE(sigs); i++) {
		if (sigaction(sigs[i], NULL, &old))
			return -1;
		/* Ignored on entry (nohup, a shell's background job): left so. */
		if (old.sa_handler == SIG_IGN)
			continue;
		if (sigaction(sigs[i], &sa, NULL))
			return -1;
	}
	return 0;
}

const char *vcpu_signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	}
	return "a signal";
}

/* Fires at the absolute CLOCK_MONOTONIC time `at` (at once if it is past). */
static int timer_arm(timer_t *t, const struct timespec *at)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM };
	struct itimerspec its = { .it_value = *at };
	struct sigaction sa = { .sa_handler = timer_signal };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) || timer_create(CLOCK_MONOTONIC, &sev, t))
		return -1;
	return timer_settime(*t, TIMER_ABSTIME, &its, NULL);
}

void vcpu_deadline(struct vcpu_deadline *d, unsigned int timeout_ms)
{
	clock_gettime(CLOCK_MONOTONIC, &d->at);
	d->at.tv_sec += timeout_ms / 1000;
	d->at.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (d->at.tv_nsec >= 1000000000L) {
		d->at.tv_sec++;
		d->at.tv_nsec -= 1000000000L;
	}
	d->timeout_ms = timeout_ms;
}

/* Appends RIP and control registers: what someone debugging a crash needs. */
static void describe_cpu(struct kvm_vm *vm, char *buf, size_t len)
{
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	size_t n = strlen(buf);

	if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &regs) || ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sregs))
		return;
	snprintf(buf + n, len - n, " at rip=0x%llx cr0=0x%llx cr3=0x%llx cr4=0x%llx efer=0x%llx",
		 (unsigned long long)regs.rip, (unsigned long long)sregs.cr0,
		 (unsigned long long)sregs.cr3, (unsigned long long)sregs.cr4,
		 (unsigned long long)sregs.efer);
}

/* Each element of a (rep) IN/OUT goes to the port bus in turn. */
static int handle_io(struct kvm_vm *vm, struct bus *bus, struct vcpu_result *res)
{
	struct kvm_run *run = vm->run;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	uint64_t bytes = (uint64_t)run->io.size * run->io.count;
	bool out = run->io.direction == KVM_EXIT_IO_OUT;

	if (run->io.data_offset > vm->run_size || bytes > vm->run_size - run->io.data_offset) {
		res->stop = VCPU_STOP_KVM_ERROR;
		snprintf(res->detail, sizeof(res->detail), "KVM_EXIT_IO data outside kvm_run");
		return 1;
	}
	for (uint32_t i = 0; i < run->io.count && bus->stop == BUS_RUNNING; i++) {
		if (bus_access(bus, BUS_PIO, run->io.port, data + i * run->io.size, run->io.size, out))
			continue;
		res->stop = VCPU_STOP_BAD_IO;
		snprintf(res->detail, sizeof(res->detail), "guest %s I/O port 0x%x (size %u)",
			 out ? "wrote" : "read", run->io.port, run->io.size);
		describe_cpu(vm, res->detail, sizeof(res->detail));
		return 1;
	}
	return 0;
}

static int handle_mmio(struct kvm_vm *vm, struct bus *bus, struct vcpu_result *res)
{
	struct kvm_run *run = vm->run;

	if (bus_access(bus, BUS_MMIO, run->mmio.phys_addr, run->mmio.data, run->mmio.len,
		       run->mmio.is_write))
		return 0;
	res->stop = VCPU_STOP_BAD_MMIO;
	snprintf(res->detail, sizeof(res->detail), "guest %s unclaimed address 0x%llx (len %u)",
		 run->mmio.is_write ? "wrote" : "read",
		 (unsigned long long)run->mmio.phys_addr, run->mmio.len);
	describe_cpu(vm, res->detail, sizeof(res->detail));
	return 1;
}

static int handle_exit(struct kvm_vm *vm, struct bus *bus, struct vcpu_result *res)
{
	struct kvm_run *run = vm->run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return handle_io(vm, bus, res);
	case KVM_EXIT_MMIO:
		return handle_mmio(vm, bus, res);
	case KVM_EXIT_DEBUG:
		res->stop = VCPU_STOP_STEPPED;
		return 1;
	case KVM_EXIT_HLT:
		res->stop = VCPU_STOP_HLT;
		snprintf(res->detail, sizeof(res->detail), "guest halted without ending the run");
		break;
	case KVM_EXIT_SHUTDOWN:
		res->stop = VCPU_STOP_SHUTDOWN;
		snprintf(res->detail, sizeof(res->detail), "triple fault (shutdown)");
		break;
	case KVM_EXIT_FAIL_ENTRY:
		res->stop = VCPU_STOP_FAIL_ENTRY;
		snprintf(res->detail, sizeof(res->detail), "VM entry failed: hardware reason 0x%llx",
			 (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		res->stop = VCPU_STOP_INTERNAL_ERROR;
		snprintf(res->detail, sizeof(res->detail), "KVM internal error, suberror %u",
			 run->internal.suberror);
		break;
	default:
		res->stop = VCPU_STOP_UNHANDLED;
		snprintf(res->detail, sizeof(res->detail), "unhandled KVM exit reason %u",
			 run->exit_reason);
		break;
	}
	describe_cpu(vm, res->detail, sizeof(res->detail));
	return 1;
}

/* A stop signal came: the run ends where the vCPU is. */
static void stopped_by_signal(struct kvm_vm *vm, struct vcpu_result *res)
{
	res->stop = VCPU_STOP_SIGNAL;
	res->signal = stop_signal;
	snprintf(res->detail, sizeof(res->detail), "stopped by %s", vcpu_signal_name(stop_signal));
	describe_cpu(vm, res->detail, sizeof(res->detail));
}

void vcpu_run(struct kvm_vm *vm, struct bus *bus, const struct vcpu_deadline *d,
	      struct vcpu_result *res)
{
	unsigned int timeout_ms = d->timeout_ms;
	timer_t timer;
	int armed;

	memset(res, 0, sizeof(*res));
	timer_fired = 0;
	vm->run->immediate_exit = 0;
	/* From here a stop signal also sets immediate_exit: one that comes
	 * after the check below still stops the next KVM_RUN. */
	running = vm->run;
	if (stop_signal) {
		stopped_by_signal(vm, res);
		running = NULL;
		return;
	}
	armed = timer_arm(&timer, &d->at) == 0;
	if (!armed) {
		res->stop = VCPU_STOP_KVM_ERROR;
		snprintf(res->detail, sizeof(res->detail), "cannot arm the timeout: %s", strerror(errno));
		running = NULL;
		return;
	}
	for (;;) {
		int r = ioctl(vm->vcpu_fd, KVM_RUN, 0);

		res->exits++;
		if (r < 0 && (errno == EINTR || errno == EAGAIN)) {
			if (stop_signal) {
				stopped_by_signal(vm, res);
				break;
			}
			if (timer_fired) {
				res->stop = VCPU_STOP_TIMEOUT;
				snprintf(res->detail, sizeof(res->detail),
					 "no result after %u.%03u s", timeout_ms / 1000, timeout_ms % 1000);
				describe_cpu(vm, res->detail, sizeof(res->detail));
				break;
			}
			continue;
		}
		if (r < 0) {
			res->stop = VCPU_STOP_KVM_ERROR;
			snprintf(res->detail, sizeof(res->detail), "KVM_RUN: %s", strerror(errno));
			break;
		}
		if (handle_exit(vm, bus, res))
			break;
		if (bus->stop == BUS_PAUSE) {
			res->stop = VCPU_STOP_PAUSED;
			break;
		}
		if (bus->stop == BUS_STOP_GUEST_EXIT) {
			res->stop = VCPU_STOP_GUEST_EXIT;
			break;
		}
		if (bus->stop == BUS_STOP_DEVICE_ERROR) {
			res->stop = VCPU_STOP_DEVICE;
			snprintf(res->detail, sizeof(res->detail), "%s", bus->why);
			break;
		}
	}
	timer_delete(timer);
	running = NULL;
	vm->run->immediate_exit = 0;
}

const char *vcpu_stop_name(enum vcpu_stop stop)
{
	static const char *const names[] = {
		[VCPU_STOP_GUEST_EXIT] = "guest-exit", [VCPU_STOP_HLT] = "halt",
		[VCPU_STOP_SHUTDOWN] = "shutdown", [VCPU_STOP_FAIL_ENTRY] = "fail-entry",
		[VCPU_STOP_INTERNAL_ERROR] = "internal-error", [VCPU_STOP_TIMEOUT] = "timeout",
		[VCPU_STOP_BAD_IO] = "bad-io", [VCPU_STOP_BAD_MMIO] = "bad-mmio",
		[VCPU_STOP_DEVICE] = "device-error", [VCPU_STOP_KVM_ERROR] = "kvm-error",
		[VCPU_STOP_UNHANDLED] = "unhandled-exit", [VCPU_STOP_PAUSED] = "paused",
		[VCPU_STOP_STEPPED] = "stepped", [VCPU_STOP_SIGNAL] = "signal",
	};

	if ((unsigned int)stop < PMSW_ARRAY_SIZE(names) && names[stop])
		return names[stop];
	return "unknown";
}
