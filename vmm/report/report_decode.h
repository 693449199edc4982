/* SPDX-License-Identifier: MIT */
/* Decodes the payload's record stream; every byte is untrusted. */
#ifndef VMM_REPORT_DECODE_H
#define VMM_REPORT_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pmswitch/report.h>

typedef void (*report_record_fn)(void *ctx, const struct pmsw_record *hdr,
				 const void *body, size_t body_len);

struct report_decoder {
	union {
		struct pmsw_record hdr;
		uint8_t bytes[PMSW_RECORD_MAX];
	} cur;
	size_t have;
	uint32_t next_seq;
	uint64_t records;
	bool broken;
	char error[160];
	report_record_fn fn;
	void *ctx;
};

void report_decoder_init(struct report_decoder *d, report_record_fn fn, void *ctx);
/* Calls fn for each complete, valid record. After the first protocol error
 * the decoder is broken: it keeps the message and ignores further bytes. */
void report_decoder_feed(struct report_decoder *d, const uint8_t *buf, size_t len);
/* At the end of a run: a half-received record is an error too. */
bool report_decoder_ok(struct report_decoder *d);
/* "enter-original", ...; NULL for an unknown event. */
const char *report_event_name(uint16_t event);
/* "cr3", "gdtr", ... for a PIECE record's register. */
const char *report_piece_name(uint32_t what);

#endif
