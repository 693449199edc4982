/* SPDX-License-Identifier: MIT */
/*
 * Least privilege for the run: once the session is built (/dev/kvm open,
 * images read, the VM made) and before the first KVM_RUN, the process
 * gives up what the run does not need, as Firecracker's jailer does:
 *
 *   every file descriptor but 0, 1, 2, the KVM ones and those it keeps;
 *   PR_SET_NO_NEW_PRIVS;
 *   with --user, its user and groups (setgroups, setgid, setuid);
 *   every capability (bounding set, ambient, permitted, effective);
 *   every system call the run loop does not make (seccomp): one it does
 *   not allow ends the process with one line on stderr and
 *   PMSW_EXIT_SECCOMP (cli/exit_status.h).
 */
#ifndef VMM_CLI_SANDBOX_H
#define VMM_CLI_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Set (to 1) by the tests: right after the filter is in, the process
 * calls socket() once, which the filter refuses. */
#define SANDBOX_TEST_ENV        "PMSWITCH_TEST_FORBIDDEN_SYSCALL"

struct sandbox_user {
	bool set;                       /* --user given */
	const char *name;
	uid_t uid;
	gid_t gid;
};

#define SANDBOX_FDS_MAX 8

/* What the run still uses: the KVM descriptors (the only ones ioctl is
 * allowed on) and others it writes to (a batch child's summary file). */
struct sandbox_fds {
	int kvm[SANDBOX_FDS_MAX];
	unsigned int nkvm;
	int keep[SANDBOX_FDS_MAX];
	unsigned int nkeep;
};

/* The process as it sees itself after the drop (run -v). */
struct sandbox_report {
	char privileges[160];           /* "CapEff ..., NoNewPrivs 1, Seccomp 2, Uid N" */
	char fds[512];                  /* "3 /dev/kvm, 4 anon_inode:kvm-vm, ..." */
};

/* --user NAME: looked up now (the drop cannot read /etc/passwd); 0, or -1
 * with one line in err. Only root can change user. */
int sandbox_user_parse(const char *name, struct sandbox_user *u, char *err, size_t errlen);

/* Adds fd to the KVM descriptors (ignored when negative). */
void sandbox_fds_add_kvm(struct sandbox_fds *f, int fd);

/* The drop, in the order above; 0, or -1 with one line in err (the
 * process may then be half-dropped: the caller ends the run). */
int sandbox_enter(const struct sandbox_user *u, const struct sandbox_fds *f,
		  struct sandbox_report *rep, char *err, size_t errlen);

#endif
