// SPDX-License-Identifier: MIT
/*
 * The seccomp filter: the system calls the run loop makes once the session
 * is built (measured with strace -f -c on run, run --nmi, --json, --tap,
 * -v and batch children), and nothing else. A call outside the list traps:
 * the SIGSYS handler says which in one line and ends the process.
 */
#include "cli/sandbox_filter.h"

#include <errno.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pmswitch/types.h>

#include "cli/exit_status.h"
#include "cli/sandbox.h"

/* Names for the handler, which may not allocate or look anything up: made
 * from the C library's own <sys/syscall.h> at build time (Makefile). */
static const char *const names[] = {
#include "syscall_names.h"
};
#define NAMES_MAX ((int)PMSW_ARRAY_SIZE(names))

/* Any argument. mincore: run -v counts the guest pages the run touched. */
static const int allowed[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(writev), SCMP_SYS(pread64),
	SCMP_SYS(pwrite64), SCMP_SYS(ftruncate), SCMP_SYS(lseek), SCMP_SYS(close),
	SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise), SCMP_SYS(mincore), SCMP_SYS(brk),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask), SCMP_SYS(futex),
	SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday), SCMP_SYS(getpid),
	SCMP_SYS(timer_create), SCMP_SYS(timer_settime), SCMP_SYS(timer_delete),
	SCMP_SYS(exit), SCMP_SYS(exit_group),
	/* glibc's qsort() asks how much memory the machine has (sysconf
	 * _SC_PHYS_PAGES) before it sorts more than 1 KiB: the round trips'
	 * summary sorts up to 1001 TSC values each way. Read-only. */
	SCMP_SYS(sysinfo),
#ifdef PMSWITCH_SANITIZE
	/* make SANITIZE=...: AddressSanitizer takes its alternate signal
	 * stack down when a thread ends. */
	SCMP_SYS(sigaltstack),
#endif
};

/* Async-signal-safe: digits by hand, one write, _exit. */
static void forbidden(int sig, siginfo_t *si, void *uc)
{
	char line[160] = "pmswitch: seccomp: forbidden system call ", num[12];
	int nr = si->si_syscall, n = 0;
	size_t len = strlen(line);
	unsigned int u = nr < 0 ? 0 : (unsigned int)nr;
	const char *name = nr >= 0 && nr < NAMES_MAX && names[nr] ? names[nr] : "?";

	(void)sig;
	(void)uc;
	do
		num[n++] = (char)('0' + u % 10);
	while ((u /= 10) && n < (int)sizeof(num));
	while (n && len < sizeof(line) - 1)
		line[len++] = num[--n];
	line[len++] = ' ';
	line[len++] = '(';
	for (size_t i = 0; name[i] && len < sizeof(line) - 3; i++)
		line[len++] = name[i];
	line[len++] = ')';
	line[len++] = '\n';
	(void)!write(STDERR_FILENO, line, len);
	_exit(PMSW_EXIT_SECCOMP);
}

static int catch_sigsys(void)
{
	struct sigaction sa = { .sa_sigaction = forbidden, .sa_flags = SA_SIGINFO };
	sigset_t sys;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&sys);
	sigaddset(&sys, SIGSYS);
	if (sigaction(SIGSYS, &sa, NULL))
		return -1;
	return sigprocmask(SIG_UNBLOCK, &sys, NULL);
}

/* Rules that look at arguments: ioctl on the KVM descriptors only, no
 * executable mappings, and the SIGSYS handler left as it is. */
static int add_narrow(scmp_filter_ctx ctx, const struct sandbox_fds *f)
{
	int r = 0;

	for (unsigned int i = 0; !r && i < f->nkvm; i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				     SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)f->kvm[i]));
	if (!r)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (!r)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (!r)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(rt_sigaction), 1,
				     SCMP_A0(SCMP_CMP_NE, SIGSYS));
	return r;
}

int sandbox_filter_load(const struct sandbox_fds *f, char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	int r = 0;

	if (catch_sigsys()) {
		snprintf(err, errlen, "cannot catch SIGSYS: %s", strerror(errno));
		return -1;
	}
	ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx) {
		snprintf(err, errlen, "seccomp_init failed");
		return -1;
	}
	for (size_t i = 0; !r && i < PMSW_ARRAY_SIZE(allowed); i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0);
	if (!r)
		r = add_narrow(ctx, f);
	/* No new privileges is set already: the filter needs no CAP_SYS_ADMIN. */
	if (!r)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (!r)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	if (r) {
		snprintf(err, errlen, "cannot load the seccomp filter: %s", strerror(-r));
		return -1;
	}
	return 0;
}

void sandbox_filter_test(void)
{
	const char *v = getenv(SANDBOX_TEST_ENV);

	if (v && !strcmp(v, "1"))
		(void)!socket(AF_UNIX, SOCK_STREAM, 0);
}
