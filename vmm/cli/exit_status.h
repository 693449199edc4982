/* SPDX-License-Identifier: MIT */
/* Exit statuses of pmswitch (doc/architecture.md "Exit status", man page EXIT STATUS). */
#ifndef VMM_EXIT_STATUS_H
#define VMM_EXIT_STATUS_H

enum pmsw_exit {
	PMSW_EXIT_OK = 0,               /* switched, verified, target returned 0 */
	PMSW_EXIT_FAIL = 1,             /* switch failed, fault, mismatch, T != 0 */
	PMSW_EXIT_USAGE = 2,
	PMSW_EXIT_BAD_IMAGE = 3,
	PMSW_EXIT_TIMEOUT = 4,
	PMSW_EXIT_UNSUPPORTED = 77,     /* this host cannot run it (skip) */
	PMSW_EXIT_SIGNAL = 128,         /* + N: stopped by signal N (SIGINT, SIGTERM, SIGHUP) */
	/* A system call the seccomp filter forbids (cli/sandbox.h): 128 +
	 * SIGSYS, as a shell reports a process the kernel killed for one. */
	PMSW_EXIT_SECCOMP = 159,
};

#endif
