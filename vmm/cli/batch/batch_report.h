/* SPDX-License-Identifier: MIT */
/* What `pmswitch batch` prints: a line per pair (human) or TAP, the summary,
 * and its exit status; and the JUnit XML file (batch_junit.c). */
#ifndef VMM_BATCH_REPORT_H
#define VMM_BATCH_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "cli/batch/batch_manifest.h"
#include "cli/batch/batch_run.h"

enum batch_outcome { BATCH_PASS, BATCH_FAIL, BATCH_SKIP, BATCH_STOPPED, BATCH_NOT_RUN };

/* PASS: the status is the expected one. SKIP: the status is 77 (this host
 * cannot run it) and 77 was not expected. FAIL: anything else. */
enum batch_outcome batch_outcome(int expected, int status);
/* A pair's outcome: as batch_outcome, unless a stop signal ended the batch
 * first: STOPPED, it was running; NOT_RUN, it never started. */
enum batch_outcome batch_result_outcome(const struct batch_entry *e, const struct batch_result *r);

/* "ORIGINAL -> TARGET", then the run options if there are any. */
void batch_pair_name(const struct batch_entry *e, char *buf, size_t len);

/* The one line that says how the pair ended: the batch's own note, else
 * the summary line the run handed back. */
void batch_verdict(const struct batch_result *r, char *buf, size_t len);

enum batch_format { BATCH_HUMAN, BATCH_TAP };

struct batch_report {
	FILE *out;
	enum batch_format format;
	unsigned int passed, failed, skipped, stopped, not_run;
	int stop_signal;                /* what stopped the batch, or 0 */
};

void batch_report_begin(struct batch_report *r, FILE *out, enum batch_format f, size_t npairs);
/* A batch_done_fn; ctx is the struct batch_report. */
void batch_report_pair(void *ctx, size_t i, const struct batch_entry *e,
		       const struct batch_result *res);
void batch_report_end(struct batch_report *r);
/* 128+N if signal N stopped the batch, else 1 if any pair failed, else 77
 * if any was skipped, else 0. */
int batch_report_status(const struct batch_report *r);

/* The JUnit XML report of a whole batch: a pair the batch stopped is a
 * <failure>, one it never started <skipped>. Returns 0, or -1 if f could
 * not be written. */
int batch_junit_write(FILE *f, const char *suite, const struct batch_manifest *m,
		      const struct batch_result *res, double seconds);

/* The JUnit file is written to a temporary file in its folder and renamed
 * over it once whole: it is never left truncated, whatever ends the batch.
 * A FILE that is not a regular file (a pipe, /dev/stdout) is written
 * straight; a symbolic link stays one (its target is replaced). */
struct batch_junit_file {
	char *path;             /* what the temporary file replaces */
	char *tmp;              /* PATH.XXXXXX; NULL: FILE is written straight */
	FILE *f;                /* what to write the report to */
};

/* Creates the temporary file; returns 0, or -1 with errno. */
int batch_junit_open(struct batch_junit_file *j, const char *path);
/* Closes it and renames it over the file; returns 0, or -1 with errno (the
 * temporary file is then removed). */
int batch_junit_commit(struct batch_junit_file *j);
/* Closes and removes the temporary file: the file is left as it was. A
 * zeroed j, or one already committed or discarded, is left alone. */
void batch_junit_discard(struct batch_junit_file *j);

#endif
