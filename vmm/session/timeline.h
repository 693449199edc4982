/* SPDX-License-Identifier: MIT */
/* Prints the run as it happens (human timeline or JSON lines) and keeps
 * the facts the verdict needs. */
#ifndef VMM_TIMELINE_H
#define VMM_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <pmswitch/report.h>

/* TAP: the human timeline as "# " diagnostics, then the checks (run.c). */
enum timeline_format { TIMELINE_HUMAN, TIMELINE_JSON, TIMELINE_QUIET, TIMELINE_TAP };

struct timeline {
	FILE *out, *null;
	enum timeline_format format;
	bool verbose, color;
	uint64_t first_tsc;
	const char *prefix;             /* before each human line: "" or "# " */
	uint32_t seen;                  /* bit per enum pmsw_event */
	uint16_t last_step;             /* the latest enter-original..target-done */
	bool out_of_order;              /* a step came after a later one */
	int32_t target_status;
	uint64_t vmcall_tsc, vmexit_tsc;
	struct pmsw_regs regs[2];       /* at enter-original / enter-target */
	char failure[320];              /* first exception or VMX failure */
};

void timeline_init(struct timeline *t, FILE *out, enum timeline_format f, bool verbose, bool color);
void timeline_close(struct timeline *t);
/* A report_record_fn. */
void timeline_record(void *ctx, const struct pmsw_record *hdr, const void *body, size_t len);
bool timeline_saw(const struct timeline *t, enum pmsw_event ev);
/* All nine steps, enter-original to target-done, each once and in order. */
bool timeline_complete(const struct timeline *t);
/* Writes len hostile bytes as printable text (JSON-escaped when json). */
void timeline_escape(FILE *out, const char *s, size_t len, bool json);

#endif
