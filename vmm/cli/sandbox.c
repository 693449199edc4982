// SPDX-License-Identifier: MIT
#include "cli/sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli/sandbox_filter.h"

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...);

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int sandbox_user_parse(const char *name, struct sandbox_user *u, char *err, size_t errlen)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(name);
	if (!pw)
		return fail(err, errlen, "--user: no user '%s'%s%s", name, errno ? ": " : "",
			    errno ? strerror(errno) : "");
	if (geteuid() != 0 && pw->pw_uid != geteuid())
		return fail(err, errlen, "--user %s: only root can change user (this is uid %u)",
			    name, (unsigned int)geteuid());
	u->set = true;
	u->name = name;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return 0;
}

void sandbox_fds_add_kvm(struct sandbox_fds *f, int fd)
{
	if (fd >= 0 && f->nkvm < SANDBOX_FDS_MAX)
		f->kvm[f->nkvm++] = fd;
}

/* Every descriptor above 2 that is not kept: the gaps between kept ones. */
static int close_others(const struct sandbox_fds *f, char *err, size_t errlen)
{
	unsigned int from = 3, next;

	for (;;) {
		next = ~0u;     /* the lowest kept descriptor from `from` on */
		for (unsigned int fd = 0; fd < f->nkvm + f->nkeep; fd++) {
			int k = fd < f->nkvm ? f->kvm[fd] : f->keep[fd - f->nkvm];

			if (k >= 0 && (unsigned int)k >= from && (unsigned int)k < next)
				next = (unsigned int)k;
		}
		if (next != from && close_range(from, next == ~0u ? ~0u : next - 1, 0))
			return fail(err, errlen, "close_range: %s", strerror(errno));
		if (next == ~0u)
			return 0;
		from = next + 1;
	}
}

/* The bounding set needs CAP_SETPCAP to shrink: a process without it has
 * none to lose there that it could use. */
static int drop_bounding(char *err, size_t errlen)
{
	cap_t now = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;

	if (!now)
		return fail(err, errlen, "cap_get_proc: %s", strerror(errno));
	cap_get_flag(now, CAP_SETPCAP, CAP_EFFECTIVE, &v);
	cap_free(now);
	if (v != CAP_SET)
		return 0;
	for (cap_value_t c = 0; c < (cap_value_t)cap_max_bits(); c++)
		if (CAP_IS_SUPPORTED(c) && cap_drop_bound(c))
			return fail(err, errlen, "cap_drop_bound(%d): %s", c, strerror(errno));
	return 0;
}

static int change_user(const struct sandbox_user *u, char *err, size_t errlen)
{
	if (!u || !u->set)
		return 0;
	if (setgroups(0, NULL) || setgid(u->gid) || setuid(u->uid))
		return fail(err, errlen, "--user %s: %s", u->name, strerror(errno));
	/* setuid(0) back must now fail, or the change did not stick. */
	if (u->uid != 0 && setuid(0) == 0)
		return fail(err, errlen, "--user %s: could become root again", u->name);
	return 0;
}

static int drop_caps(char *err, size_t errlen)
{
	cap_t none = cap_init();
	int r;

	if (!none)
		return fail(err, errlen, "cap_init: %s", strerror(errno));
	r = cap_set_proc(none);
	cap_free(none);
	if (r)
		return fail(err, errlen, "cannot drop the capabilities: %s", strerror(errno));
	if (CAP_AMBIENT_SUPPORTED() && cap_reset_ambient())
		return fail(err, errlen, "cap_reset_ambient: %s", strerror(errno));
	return 0;
}

/* The descriptors left above 2 and what they are, from /proc/self/fd. */
static void list_fds(char *buf, size_t len)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	size_t n = 0;

	buf[0] = '\0';
	if (!d)
		return;
	while ((de = readdir(d)) && n < len) {
		char path[64], target[256];
		int fd = atoi(de->d_name);
		ssize_t t;

		if (de->d_name[0] == '.' || fd <= 2 || fd == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		t = readlink(path, target, sizeof(target) - 1);
		target[t > 0 ? t : 0] = '\0';
		n += (size_t)snprintf(buf + n, len - n, "%s%d %s", n ? ", " : "", fd, target);
	}
	closedir(d);
}

/* One field of /proc/self/status ("CapEff:\t..."), into val. */
static void status_field(const char *status, const char *key, char *val, size_t len)
{
	const char *p = strstr(status, key);

	snprintf(val, len, "?");
	if (!p)
		return;
	p += strlen(key);
	p += strspn(p, ":\t ");
	snprintf(val, len, "%.*s", (int)strcspn(p, "\t\n"), p);
}

/* Read through fd, opened before the filter: seccomp's mode is shown as
 * it is when read, after the filter is in. */
static void read_status(int fd, struct sandbox_report *rep)
{
	char status[4096], cap[32], nnp[8], sec[8], uid[16];
	ssize_t n = fd < 0 ? -1 : pread(fd, status, sizeof(status) - 1, 0);

	status[n > 0 ? n : 0] = '\0';
	status_field(status, "\nCapEff", cap, sizeof(cap));
	status_field(status, "\nNoNewPrivs", nnp, sizeof(nnp));
	status_field(status, "\nSeccomp", sec, sizeof(sec));
	status_field(status, "\nUid", uid, sizeof(uid));
	snprintf(rep->privileges, sizeof(rep->privileges), "CapEff %s, NoNewPrivs %s, Seccomp %s, "
		 "Uid %s", cap, nnp, sec, uid);
}

#ifdef PMSWITCH_SANITIZE
/*
 * Built with sanitizers (make SANITIZE=...): their runtime does work at exit
 * and on a report that the sandbox forbids. LeakSanitizer's exit check
 * stops the process with a ptrace-ing clone, which neither the filter nor
 * a process without capabilities after a change of user allows. So the leak
 * check runs here, once, while everything still allocated is reachable and
 * nothing is forbidden yet (a leak found ends the process with the
 * sanitizer's report); the runtime then skips it at exit. The runtime is
 * also told a sandbox is coming, so it reads what it needs for a report
 * (the memory map) now. The weak references are null in a runtime without
 * them (UBSan alone has no leak check).
 */
extern void __lsan_do_leak_check(void) __attribute__((weak));
extern void __sanitizer_sandbox_on_notify(void *args) __attribute__((weak));

static void sanitizer_prepare(void)
{
	if (__lsan_do_leak_check)
		__lsan_do_leak_check();
	if (__sanitizer_sandbox_on_notify)
		__sanitizer_sandbox_on_notify(NULL);
}
#else
static void sanitizer_prepare(void)
{
}
#endif

int sandbox_enter(const struct sandbox_user *u, const struct sandbox_fds *f,
		  struct sandbox_report *rep, char *err, size_t errlen)
{
	int status_fd;

	sanitizer_prepare();
	if (close_others(f, err, errlen))
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return fail(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
	if (drop_bounding(err, errlen) || change_user(u, err, errlen) || drop_caps(err, errlen))
		return -1;
	list_fds(rep->fds, sizeof(rep->fds));
	status_fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (sandbox_filter_load(f, err, errlen)) {
		if (status_fd >= 0)
			close(status_fd);
		return -1;
	}
	sandbox_filter_test();
	read_status(status_fd, rep);
	if (status_fd >= 0)
		close(status_fd);
	return 0;
}
