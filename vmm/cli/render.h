/* SPDX-License-Identifier: MIT */
/*
 * How `run` shows a run's outcome: the human timeline, JSON lines, TAP (the
 * human timeline as "# " comments, then three checks), or quiet (the result
 * line alone). Everything is read from the struct run_outcome.
 */
#ifndef VMM_CLI_RENDER_H
#define VMM_CLI_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/verdict.h"
#include "session/outcome.h"

enum render_format { RENDER_HUMAN, RENDER_JSON, RENDER_QUIET, RENDER_TAP };

struct render_opts {
	enum render_format format;
	bool verbose, color;
	FILE *out;
};

/* The header line, before a run (human and TAP only). */
void render_header(const struct render_opts *r, const struct run_outcome *o);
/* Every record, one line each (human: with the register changes at the switch). */
void render_records(const struct render_opts *r, const struct run_outcome *o);

/* The same, shown as the records come: what has been shown so far. */
struct render_stream {
	size_t next;                    /* records shown */
	bool saw_original;
	struct pmsw_regs regs[2];       /* O's and T's entry snapshots */
};
/* The records logged since the last call. */
void render_records_new(const struct render_opts *r, const struct run_outcome *o,
			struct render_stream *st);
/* The rest, and how many were not kept: the timeline's end. */
void render_records_end(const struct render_opts *r, const struct run_outcome *o,
			struct render_stream *st);
/* run --nmi: each NMI, where it came and what handled it (after the records). */
void render_nmis(const struct render_opts *r, const struct run_outcome *o);
/* After the records: -v's final vCPU state, the verification, the verdict. */
void render_end(const struct render_opts *r, const struct run_outcome *o, const struct verdict *v);
/* For a host that cannot run it (TAP: a skip plan). */
void render_unsupported(const struct render_opts *r);

/* len hostile bytes as printable text (JSON-escaped when json). */
void render_escape(FILE *out, const char *s, size_t len, bool json);

#endif
