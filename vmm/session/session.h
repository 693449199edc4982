/* SPDX-License-Identifier: MIT */
/*
 * A session: one guest machine with its contexts, from images to outcome.
 *
 *   session_build()   images loaded and checked, the host checked for the
 *                     method, the machine assembled, every context built
 *   session_run()     the vCPU runs; the outcome says what happened
 *   session_destroy()
 *
 * It prints nothing and knows no output format or exit status: errors come
 * back as a kind and one line; a run comes back as a struct run_outcome.
 * `run` and `batch` build two contexts and switch, `check` boots the probe
 * payload in one bare context, `inspect` builds one context offline.
 */
#ifndef VMM_SESSION_H
#define VMM_SESSION_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "context/context.h"
#include "image/elf_image.h"
#include "methods/methods.h"
#include "session/machine.h"
#include "session/outcome.h"
#include "session/stepping.h"

struct session_options {
	const char *image[2];           /* original, target; [1] NULL: one context */
	const struct method *method;    /* NULL: no switch, and no host requirement */
	/* No --method: the host picks (method_host_default), method is only
	 * what inspect and offline checks assume. */
	bool method_by_host;
	const char *payload;            /* "switcher" (default) or "probe" */
	int bare_width;                 /* image[0] NULL: one context without an image */
	const char *payload_dir;        /* --payload-dir, or NULL */
	unsigned int memory_mib;
	unsigned int timeout_ms;
	uint32_t inject;                /* PMSW_BI_BREAK_* (tests) */
	bool offline;                   /* guest memory only, no KVM (inspect) */
	/* > 0: single-step the switch's path from its start to its landing,
	 * keeping at most this many boundaries (pmswitch probe). */
	unsigned int probe_steps;
	/* With probe_steps: raise an NMI right after boundary probe_nmi_at - 1
	 * and stop stepping there (the probe's survival runs); 0: none. */
	unsigned int probe_nmi_at;
	/* > 0 (pmswitch run --nmi): single-step the whole run, counting its
	 * instructions, and raise an NMI before each of the counts
	 * nmi_plan[0..nmi_nplan-1] (ascending, session/nmi_plan.h); without a
	 * plan, only count (the run that makes the plan). */
	unsigned int nmi_count;
	/* run --round-trips: after the switch, back to O and again to T this
	 * often (monitor methods only). */
	unsigned int round_trips;
	const unsigned int *nmi_plan;
	unsigned int nmi_nplan;
	/* Called during the run each time a record is logged, with the outcome
	 * so far (`run` shows the timeline as it comes); NULL: never. */
	void (*on_record)(void *ctx, const struct run_outcome *o);
	void *on_record_ctx;
};

/* The configuration `pmswitch run` starts from. */
void session_options_defaults(struct session_options *o);

enum session_error {
	SESSION_OK,
	SESSION_BAD_IMAGE,              /* an image is invalid, or the pair cannot be */
	SESSION_UNSUPPORTED,            /* this host cannot run the method */
	SESSION_FAILED,                 /* anything else that stopped the build */
};

/* Room for one error line that names both images (each shorter than
 * PATH_MAX, or refused as too long without being named) and says why. */
#define SESSION_ERROR_MAX       (2 * PATH_MAX + 512)

struct session {
	struct session_options opt;
	struct elf_image img[2];
	unsigned int nimg, nctx;
	int sys_fd;
	bool have_machine;
	struct machine m;
	struct context ctx[3];          /* O, T, and the monitor of a monitor method */
	struct run_outcome *out;        /* where records go while running */
	char payload_path[PATH_MAX];
	/* A stepped run's payload, for its symbols (probe_steps, nmi_count). */
	struct elf_image payload_img;
	bool have_payload_img;
	struct stepping stepping;       /* probe_steps */
	char error[SESSION_ERROR_MAX];  /* one line, for session_build's errors */
};

/* On error, s->error says why (naming the file where one is at fault) and
 * the session holds nothing: no session_destroy needed. */
enum session_error session_build(struct session *s, const struct session_options *o);
/* Fills *out (free with run_outcome_free). */
void session_run(struct session *s, struct run_outcome *out);
void session_destroy(struct session *s);

#endif
