// SPDX-License-Identifier: MIT
#include "cli/batch/batch_run.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/exit_status.h"

/* What is kept of a child's output: its last bytes, where the verdict is. */
#define CAPTURE_MAX (64 * 1024)

struct slot {
	pid_t pid;              /* 0: free */
	size_t i;               /* the entry it runs */
	int fd;                 /* the capture file */
	int result_fd;          /* where the child leaves its struct run_summary */
	double start, deadline; /* CLOCK_MONOTONIC seconds */
	unsigned int timeout_s; /* the pair's own --timeout */
	bool killed;            /* SIGKILLed by the batch */
	int stopped;            /* the stop signal the batch sent it, or 0 */
};

int batch_signals_block(struct batch_signals *bs)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction old;

	sigemptyset(&bs->stop);
	for (unsigned int i = 0; i < PMSW_ARRAY_SIZE(sigs); i++) {
		if (sigaction(sigs[i], NULL, &old))
			return -1;
		/* Ignored on entry (nohup): left out, or blocked it would queue. */
		if (old.sa_handler != SIG_IGN)
			sigaddset(&bs->stop, sigs[i]);
	}
	return sigprocmask(SIG_BLOCK, &bs->stop, &bs->child);
}

/* A stop signal that has come, taken; or 0. */
static int take_stop(const struct batch_signals *bs)
{
	static const struct timespec now = { 0, 0 };
	int sig = sigtimedwait(&bs->stop, NULL, &now);

	return sig > 0 ? sig : 0;
}

double batch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An unnamed file for a child's stdout and stderr: a file, not a pipe, so
 * that a child never blocks on a full pipe while the parent waits. */
static int capture_file(void)
{
	FILE *f;
	int fd = memfd_create("pmswitch-batch", MFD_CLOEXEC);

	if (fd >= 0 || !(f = tmpfile()))
		return fd;
	fd = dup(fileno(f));
	fclose(f);
	return fd;
}

static void read_capture(int fd, struct batch_result *r)
{
	off_t size = lseek(fd, 0, SEEK_END), from = 0;
	char head[64] = "";
	size_t hlen, want;
	ssize_t got;

	if (size < 0)
		size = 0;
	if (size > CAPTURE_MAX) {
		from = size - CAPTURE_MAX;
		snprintf(head, sizeof(head), "[the first %lld bytes of output cut]\n", (long long)from);
	}
	hlen = strlen(head);
	want = (size_t)(size - from);
	r->output = malloc(hlen + want + 1);
	if (!r->output)
		return;
	memcpy(r->output, head, hlen);
	got = pread(fd, r->output + hlen, want, from);
	r->len = hlen + (got > 0 ? (size_t)got : 0);
	r->output[r->len] = '\0';
}

/* A child holds its own files only: not the other children's capture and
 * summary files, nor the batch's JUnit file or manifest. */
static int close_not_mine(int keep)
{
	if (keep > 3 && close_range(3, (unsigned int)keep - 1, 0))
		return -1;
	return close_range((unsigned int)keep + 1, ~0u, 0);
}

/* The child: run the pair with stdout and stderr going to fd, and leave
 * its summary in result_fd. Never returns. */
static void child(const struct batch_entry *e, int fd, int result_fd, pid_t batch,
		  const sigset_t *mask)
{
	struct run_request req = e->req;
	struct run_summary sum;
	int status;

	/* It dies with the batch, even one killed by SIGKILL; a batch that
	 * died before the prctl shows in getppid(). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != batch)
		_exit(PMSW_EXIT_FAIL);
	/* The handlers first: a stop signal the batch has sent already is
	 * pending here, and they take it once the mask is the batch's old one. */
	if (vcpu_catch_stop_signals())
		_exit(PMSW_EXIT_FAIL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
		_exit(PMSW_EXIT_FAIL);
	close(fd);
	if (close_not_mine(result_fd))
		_exit(PMSW_EXIT_FAIL);
	setvbuf(stdout, NULL, _IOLBF, 0);       /* lines in the order they were made */
	req.keep_fd = result_fd;                /* and the sandbox keeps it too */
	status = run_pair(&req, &sum);
	fflush(stdout);
	fflush(stderr);
	/* A short write leaves a short file: the parent then has no summary. */
	if (pwrite(result_fd, &sum, sizeof(sum), 0) != (ssize_t)sizeof(sum))
		(void)ftruncate(result_fd, 0);
	_exit(status);
}

static int start(struct slot *s, size_t i, const struct batch_entry *e, const sigset_t *mask)
{
	pid_t batch = getpid();

	s->fd = capture_file();
	if (s->fd < 0)
		return -1;
	s->result_fd = capture_file();
	if (s->result_fd < 0) {
		close(s->fd);
		return -1;
	}
	fflush(NULL);   /* nothing buffered here may come out twice */
	s->pid = fork();
	if (s->pid < 0) {
		close(s->fd);
		close(s->result_fd);
		s->pid = 0;
		return -1;
	}
	if (s->pid == 0)
		child(e, s->fd, s->result_fd, batch, mask);
	s->i = i;
	s->start = batch_now();
	s->timeout_s = e->req.session.timeout_ms / 1000;
	s->deadline = s->start + s->timeout_s + BATCH_GRACE_S;
	s->killed = false;
	s->stopped = 0;
	return 0;
}

/* A child the batch stopped ended by the signal, or was killed: unless it
 * ended on its own just then, the pair is unfinished. */
static bool stopped_unfinished(const struct slot *s, int wstatus)
{
	return s->stopped && (!WIFEXITED(wstatus) ||
			      WEXITSTATUS(wstatus) == PMSW_EXIT_SIGNAL + s->stopped);
}

static void finish(struct slot *s, int wstatus, struct batch_result *r)
{
	r->seconds = batch_now() - s->start;
	if (stopped_unfinished(s, wstatus)) {
		r->status = PMSW_EXIT_SIGNAL + s->stopped;
		r->stop_signal = s->stopped;
		r->ran = true;
		snprintf(r->note, sizeof(r->note), "stopped by %s%s", vcpu_signal_name(s->stopped),
			 s->killed ? ", then killed: it did not end" : "");
	} else if (WIFEXITED(wstatus)) {
		r->status = WEXITSTATUS(wstatus);
	} else if (s->killed) {
		r->status = PMSW_EXIT_TIMEOUT;
		snprintf(r->note, sizeof(r->note), "killed by the batch: still running after %.0f s "
			 "(its timeout: %u s)", r->seconds, s->timeout_s);
	} else {
		r->status = 128 + WTERMSIG(wstatus);
		snprintf(r->note, sizeof(r->note), "killed by signal %d (%s)", WTERMSIG(wstatus),
			 strsignal(WTERMSIG(wstatus)));
	}
	read_capture(s->fd, r);
	r->reported = pread(s->result_fd, &r->summary, sizeof(r->summary), 0) ==
		      (ssize_t)sizeof(r->summary);
	if (r->reported)        /* the child's bytes: keep the line a string */
		r->summary.line[sizeof(r->summary.line) - 1] = '\0';
	close(s->fd);
	close(s->result_fd);
	s->pid = 0;
}

/* Reaps every child that has ended; returns how many did. */
static unsigned int reap(struct slot *slot, unsigned int nslot, struct batch_result *res, bool *done)
{
	unsigned int n = 0;
	int ws;

	for (unsigned int k = 0; k < nslot; k++) {
		if (!slot[k].pid || waitpid(slot[k].pid, &ws, WNOHANG) != slot[k].pid)
			continue;
		done[slot[k].i] = true;
		finish(&slot[k], ws, &res[slot[k].i]);
		n++;
	}
	return n;
}

/* SIGKILL, once, to every child still running; reaped as they end. */
static void sigkill_running(struct slot *slot, unsigned int nslot)
{
	for (unsigned int k = 0; k < nslot; k++) {
		if (slot[k].pid && !slot[k].killed) {
			kill(slot[k].pid, SIGKILL);
			slot[k].killed = true;
		}
	}
}

/* The batch was stopped by sig: each child is sent sig too, so that it
 * ends its run and reports what it did; one still running after
 * BATCH_STOP_GRACE_S, or when another stop signal comes, is killed. One
 * already killed for running too long is only reaped. */
static void stop_children(struct slot *slot, unsigned int nslot, int sig, const sigset_t *wset,
			  struct batch_result *res, bool *done)
{
	const struct timespec tick = { 0, 200 * 1000000L };
	double deadline = batch_now() + BATCH_STOP_GRACE_S;
	unsigned int running = 0;
	bool kill_now = false;
	int got;

	for (unsigned int k = 0; k < nslot; k++) {
		if (!slot[k].pid)
			continue;
		running++;
		if (slot[k].killed)
			continue;
		kill(slot[k].pid, sig);
		slot[k].stopped = sig;
	}
	while ((running -= reap(slot, nslot, res, done))) {
		if (kill_now || batch_now() > deadline)
			sigkill_running(slot, nslot);
		got = sigtimedwait(wset, NULL, &tick);
		kill_now |= got > 0 && got != SIGCHLD;
	}
}

/* Every pair not yet started, when the batch was stopped by sig. */
static void not_run(const struct batch_manifest *m, int sig, struct batch_result *res, bool *done)
{
	for (size_t i = 0; i < m->n; i++) {
		if (done[i])
			continue;
		res[i].status = PMSW_EXIT_SIGNAL + sig;
		res[i].stop_signal = sig;
		snprintf(res[i].note, sizeof(res[i].note), "not run: the batch was stopped by %s",
			 vcpu_signal_name(sig));
		done[i] = true;
	}
}

static void kill_all(struct slot *slot, unsigned int nslot)
{
	for (unsigned int k = 0; k < nslot; k++) {
		if (!slot[k].pid)
			continue;
		kill(slot[k].pid, SIGKILL);
		while (waitpid(slot[k].pid, NULL, 0) < 0 && errno == EINTR)
			;
		close(slot[k].fd);
		close(slot[k].result_fd);
		slot[k].pid = 0;
	}
}

int batch_run(const struct batch_manifest *m, unsigned int jobs, const struct batch_signals *bs,
	      struct batch_result *res, batch_done_fn *done_fn, void *ctx)
{
	const struct timespec tick = { 0, 200 * 1000000L };
	unsigned int nslot = jobs < m->n ? jobs : (unsigned int)m->n, running = 0;
	size_t next = 0, shown = 0;
	struct slot *slot = calloc(nslot ? nslot : 1, sizeof(*slot));
	bool *done = calloc(m->n ? m->n : 1, sizeof(*done));
	sigset_t chld, old, wset;
	int rc = 0, sig;

	memset(res, 0, m->n * sizeof(*res));
	if (!slot || !done) {
		fprintf(stderr, "pmswitch batch: out of memory\n");
		free(slot);
		free(done);
		return -1;
	}
	/* SIGCHLD stays pending while blocked: sigtimedwait wakes on it. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	wset = bs->stop;
	sigaddset(&wset, SIGCHLD);
	while (shown < m->n) {
		if ((rc = take_stop(bs)))
			break;
		for (unsigned int k = 0; k < nslot && next < m->n; k++) {
			if (slot[k].pid)
				continue;
			if (start(&slot[k], next, &m->entry[next], &bs->child)) {
				if (running)
					break;  /* try again when one has ended */
				fprintf(stderr, "pmswitch batch: cannot start a run: %s\n", strerror(errno));
				rc = -1;
				goto out;
			}
			next++;
			running++;
		}
		running -= reap(slot, nslot, res, done);
		for (; shown < m->n && done[shown]; shown++)
			if (done_fn)
				done_fn(ctx, shown, &m->entry[shown], &res[shown]);
		if (shown == m->n || !running)
			continue;
		for (unsigned int k = 0; k < nslot; k++) {
			if (slot[k].pid && !slot[k].killed && batch_now() > slot[k].deadline) {
				kill(slot[k].pid, SIGKILL);
				slot[k].killed = true;
			}
		}
		sig = sigtimedwait(&wset, NULL, &tick);
		if (sig > 0 && sig != SIGCHLD) {
			rc = sig;
			break;
		}
	}
	if (rc > 0) {
		stop_children(slot, nslot, rc, &wset, res, done);
		not_run(m, rc, res, done);
		for (; shown < m->n; shown++)
			if (done_fn)
				done_fn(ctx, shown, &m->entry[shown], &res[shown]);
	}
out:
	kill_all(slot, nslot);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(slot);
	free(done);
	return rc;
}

void batch_results_free(struct batch_result *res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(res[i].output);
		res[i].output = NULL;
	}
}
