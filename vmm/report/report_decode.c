// SPDX-License-Identifier: MIT
#include "report/report_decode.h"

#include <stdio.h>
#include <string.h>

enum body_kind { BODY_NONE, BODY_REGS_OPT, BODY_FIXED, BODY_TEXT };

static const struct {
	const char *name;
	enum body_kind kind;
	size_t size;
} events[PMSW_EV_MAX] = {
	[PMSW_EV_ENTER_ORIGINAL] = { "enter-original", BODY_REGS_OPT, sizeof(struct pmsw_regs) },
	[PMSW_EV_VMXON]          = { "vmxon", BODY_NONE, 0 },
	[PMSW_EV_VMCS_READY]     = { "vmcs-ready", BODY_NONE, 0 },
	[PMSW_EV_VMLAUNCH]       = { "vmlaunch", BODY_NONE, 0 },
	[PMSW_EV_VMCALL]         = { "vmcall", BODY_REGS_OPT, sizeof(struct pmsw_regs) },
	[PMSW_EV_VMEXIT]         = { "vmexit", BODY_FIXED, sizeof(struct pmsw_ev_vmexit) },
	[PMSW_EV_VMXOFF]         = { "vmxoff", BODY_NONE, 0 },
	[PMSW_EV_ENTER_TARGET]   = { "enter-target", BODY_REGS_OPT, sizeof(struct pmsw_regs) },
	[PMSW_EV_TARGET_DONE]    = { "target-done", BODY_FIXED, sizeof(struct pmsw_ev_done) },
	[PMSW_EV_EXCEPTION]      = { "exception", BODY_FIXED, sizeof(struct pmsw_ev_exception) },
	[PMSW_EV_VMFAIL]         = { "vmfail", BODY_FIXED, sizeof(struct pmsw_ev_vmfail) },
	[PMSW_EV_TEXT]           = { "text", BODY_TEXT, 0 },
	[PMSW_EV_PROBE]          = { "probe", BODY_FIXED, sizeof(struct pmsw_ev_probe) },
	[PMSW_EV_SWITCH_START]   = { "switch-start", BODY_NONE, 0 },
	[PMSW_EV_PIECE]          = { "piece", BODY_FIXED, sizeof(struct pmsw_ev_piece) },
	[PMSW_EV_SVM_ON]         = { "svm-on", BODY_NONE, 0 },
	[PMSW_EV_VMCB_READY]     = { "vmcb-ready", BODY_NONE, 0 },
	[PMSW_EV_VMMCALL]        = { "vmmcall", BODY_REGS_OPT, sizeof(struct pmsw_regs) },
	[PMSW_EV_VMRUN]          = { "vmrun", BODY_NONE, 0 },
	[PMSW_EV_TRIP]           = { "trip", BODY_FIXED, sizeof(struct pmsw_ev_trip) },
	[PMSW_EV_BARE]           = { "bare-exit", BODY_FIXED, sizeof(struct pmsw_ev_bare) },
};

const char *report_event_name(uint16_t event)
{
	return event < PMSW_EV_MAX ? events[event].name : NULL;
}

const char *report_piece_name(uint32_t what)
{
	static const char *const names[PMSW_PIECE_MAX] = {
		[PMSW_PIECE_CR3] = "cr3", [PMSW_PIECE_GDTR] = "gdtr",
		[PMSW_PIECE_SEGMENTS] = "segments", [PMSW_PIECE_IDTR] = "idtr",
		[PMSW_PIECE_TR] = "tr", [PMSW_PIECE_CR4] = "cr4", [PMSW_PIECE_EFER] = "efer",
		[PMSW_PIECE_CR0] = "cr0", [PMSW_PIECE_TASK] = "task",
	};

	return what < PMSW_PIECE_MAX && names[what] ? names[what] : "unknown";
}

void report_decoder_init(struct report_decoder *d, report_record_fn fn, void *ctx)
{
	memset(d, 0, sizeof(*d));
	d->fn = fn;
	d->ctx = ctx;
}

static void fail(struct report_decoder *d, const char *what, unsigned long long v)
{
	d->broken = true;
	snprintf(d->error, sizeof(d->error), "record %u: %s (0x%llx)", d->next_seq, what, v);
}

/* Header checks that can be done as soon as the header is complete. */
static bool header_ok(struct report_decoder *d)
{
	const struct pmsw_record *h = &d->cur.hdr;

	if (h->magic != PMSW_RECORD_MAGIC)
		fail(d, "bad magic", h->magic);
	else if (h->length < sizeof(*h) || h->length > PMSW_RECORD_MAX)
		fail(d, "bad length", h->length);
	else if (!report_event_name(h->event))
		fail(d, "unknown event", h->event);
	else if (h->seq != d->next_seq)
		fail(d, "out of sequence", h->seq);
	else if (h->ctx != PMSW_CTX_NONE && h->ctx != PMSW_CTX_ORIGINAL && h->ctx != PMSW_CTX_TARGET &&
		 h->ctx != PMSW_CTX_MONITOR)
		fail(d, "bad context tag", h->ctx);
	else {
		size_t body = h->length - sizeof(*h), want = events[h->event].size;

		switch (events[h->event].kind) {
		case BODY_NONE:
			if (body)
				fail(d, "unexpected body", body);
			break;
		case BODY_REGS_OPT:
			if (body && body != want)
				fail(d, "bad body size", body);
			break;
		case BODY_FIXED:
			if (body != want)
				fail(d, "bad body size", body);
			break;
		case BODY_TEXT:
			break;
		}
	}
	return !d->broken;
}

void report_decoder_feed(struct report_decoder *d, const uint8_t *buf, size_t len)
{
	while (len && !d->broken) {
		size_t need = d->have < sizeof(d->cur.hdr) ? sizeof(d->cur.hdr) : d->cur.hdr.length;
		size_t n = need - d->have < len ? need - d->have : len;

		memcpy(d->cur.bytes + d->have, buf, n);
		d->have += n;
		buf += n;
		len -= n;
		if (d->have == sizeof(d->cur.hdr) && !header_ok(d))
			return;
		if (d->have >= sizeof(d->cur.hdr) && d->have == d->cur.hdr.length) {
			d->have = 0;
			d->next_seq++;
			d->records++;
			if (d->fn)
				d->fn(d->ctx, &d->cur.hdr, d->cur.bytes + sizeof(d->cur.hdr),
				      d->cur.hdr.length - sizeof(d->cur.hdr));
		}
	}
}

bool report_decoder_ok(struct report_decoder *d)
{
	if (!d->broken && d->have) {
		fail(d, "truncated at end of run, bytes", d->have);
	}
	return !d->broken;
}
