/* SPDX-License-Identifier: MIT */
/* Runs the pairs of a batch manifest, each in a child process of its own,
 * up to `jobs` at once, and keeps what each one printed and how it ended. */
#ifndef VMM_BATCH_RUN_H
#define VMM_BATCH_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli/batch/batch_manifest.h"
#include "cli/run_pair.h"

struct batch_result {
	int status;             /* exit status; 128+N for a child killed by signal N */
	char *output;           /* its stdout and stderr, interleaved, NUL-terminated */
	size_t len;
	double seconds;         /* wall-clock time of the child */
	char note[96];          /* why the batch itself ended the pair, or "" */
	bool reported;          /* the child handed back its summary: */
	struct run_summary summary;     /* how it ended, as data, not as printed */
	int stop_signal;        /* the batch was stopped by it before the pair ended */
	bool ran;               /* with stop_signal: it was running (else never started) */
};

/* Called once per pair as soon as it and every pair before it have ended:
 * in manifest order, whatever order they finish in. */
typedef void batch_done_fn(void *ctx, size_t i, const struct batch_entry *e,
			   const struct batch_result *r);

/* How long a child may run past its own --timeout before it is killed
 * (a child that never ends would stall the whole batch). */
#define BATCH_GRACE_S 60
/* How long a child stopped with the batch has to end its run and report it
 * before it is killed. */
#define BATCH_STOP_GRACE_S 10

/* What stops a batch: SIGINT, SIGTERM and SIGHUP, those not ignored on
 * entry. They are blocked and taken while the batch waits for its children
 * (sigtimedwait): no handler, and none can come between a check and the
 * wait. Blocked, they wait for the batch while it prints. */
struct batch_signals {
	sigset_t stop;          /* the signals that stop the batch */
	sigset_t child;         /* the mask before: the one children run with */
};

/* Blocks them; returns 0, or -1 with errno. */
int batch_signals_block(struct batch_signals *bs);

/* Fills res[0..m->n-1] (free them with batch_results_free). Returns 0, or -1
 * when the batch could not go on (fork or memory failure): any child still
 * running is then killed and reaped, and the error is on stderr. A stop
 * signal ends it early: each running child is sent the same signal, so that
 * it ends its run and reports it, and is killed if it has not ended within
 * BATCH_STOP_GRACE_S or when a second stop signal comes; every pair is
 * still reported, the unfinished ones with stop_signal set; and batch_run
 * returns the signal's number. */
int batch_run(const struct batch_manifest *m, unsigned int jobs, const struct batch_signals *bs,
	      struct batch_result *res, batch_done_fn *done, void *ctx);

void batch_results_free(struct batch_result *res, size_t n);

/* CLOCK_MONOTONIC, in seconds: what batch times its pairs and itself by. */
double batch_now(void);

#endif
