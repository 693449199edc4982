/* SPDX-License-Identifier: MIT */
/*
 * Every record a run produced, kept in order, and the facts read from them:
 * which events came and whether a method's steps came in order, the register
 * snapshots at each context's entry, the switch's TSCs, the target's result
 * and the first failure the guest reported. Prints nothing.
 */
#ifndef VMM_REPORT_RECORD_LOG_H
#define VMM_REPORT_RECORD_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pmswitch/report.h>

/* A hostile guest can send records without end: past this many, records
 * still count for the facts but are not kept. */
#define RECORD_LOG_MAX  8192u

struct logged_record {
	struct pmsw_record hdr;
	uint16_t len;                   /* of body */
	union {
		uint8_t bytes[PMSW_TEXT_MAX];
		struct pmsw_regs regs;
		struct pmsw_ev_vmexit vmexit;
		struct pmsw_ev_done done;
		struct pmsw_ev_exception exception;
		struct pmsw_ev_vmfail vmfail;
		struct pmsw_ev_probe probe;
		struct pmsw_ev_piece piece;
		struct pmsw_ev_trip trip;
		struct pmsw_ev_bare bare;
	} body;
};

struct record_log {
	struct logged_record *rec;
	size_t n, cap, dropped;

	/* The method's steps (enum pmsw_event), set before the first record. */
	const uint16_t *steps;
	unsigned int nsteps, next_step;
	bool out_of_order;              /* a step came twice or out of turn: */
	uint16_t out_of_turn, due;      /* the first such step, and the one due then (0: none) */

	uint32_t seen;                  /* bit per enum pmsw_event */
	uint64_t tsc[PMSW_EV_MAX];      /* of each event's latest record */
	bool have_regs[2];              /* at enter-original / enter-target */
	struct pmsw_regs regs[2];
	uint32_t vmexit_reason;         /* of the latest vmexit record */
	bool vmexit_svm;                /* ... an SVM #VMEXIT code */
	int32_t target_status;          /* of target-done */
	bool have_probe;
	struct pmsw_ev_probe probe;
	char failure[320];              /* first exception or VMX failure, one line */
	bool out_of_memory;             /* a record could not be kept */
};

/* steps may be NULL (no method: the probe). */
void record_log_init(struct record_log *l, const uint16_t *steps, unsigned int nsteps);
void record_log_free(struct record_log *l);
/* A report_record_fn (report_decode.h): body's size is the one hdr->event
 * has, as the decoder guarantees. */
void record_log_add(void *log, const struct pmsw_record *hdr, const void *body, size_t len);
bool record_log_saw(const struct record_log *l, enum pmsw_event ev);
/* Every step of the method, each once and in order. */
bool record_log_complete(const struct record_log *l);
/* What a VMFAIL record says went wrong, in one line. */
void record_vmfail_why(const struct pmsw_ev_vmfail *f, char *why, size_t len);
/* "original", "target" or "switcher", for a record's ctx tag. */
const char *record_ctx_name(uint8_t ctx);

#endif
