// SPDX-License-Identifier: MIT
/*
 * The record decoder, the record log and the timeline in every format. The
 * input is a short header (what the VMM itself found: method, why the vCPU
 * stopped, landings, checks, NMIs) and then the guest's record stream, fed
 * to the decoder in chunks of the header's size. Each record is shown as it
 * comes, as `run` does, and the whole outcome is then rendered human, -v
 * with colour, JSON, TAP and quiet.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmswitch/report.h>

#include "cli/render.h"
#include "cli/verdict.h"
#include "context/context_regs.h"
#include "fuzz.h"
#include "report/report_decode.h"

static FILE *sink;

static const struct render_opts formats[] = {
	{ RENDER_HUMAN, false, false, NULL }, { RENDER_HUMAN, true, true, NULL },
	{ RENDER_JSON, true, false, NULL }, { RENDER_TAP, true, false, NULL },
	{ RENDER_QUIET, false, false, NULL },
};

struct live {
	struct run_outcome *o;
	struct render_opts r;
	struct render_stream st;
};

/* A report_record_fn, as the session's: log it, then show what is new. */
static void on_record(void *ctx, const struct pmsw_record *h, const void *body, size_t len)
{
	struct live *lv = ctx;

	record_log_add(&lv->o->log, h, body, len);
	render_records_new(&lv->r, lv->o, &lv->st);
}

/* The VMM's own checks: fields named as reg_fields names them. */
static void take_checks(struct fuzz_input *in, struct verify_result *v)
{
	unsigned int n = (unsigned int)fuzz_take(in, 1) % (VERIFY_MAX_FIELDS + 2);

	v->done = n > 0;
	for (unsigned int i = 0; i + 1 < n; i++) {
		const char *name = reg_fields[fuzz_take(in, 1) % reg_nfields].name;
		uint64_t actual = fuzz_take(in, 8);

		verify_add(v, name, actual, fuzz_take(in, 1) & 1 ? actual : fuzz_take(in, 8));
	}
	v->ok = v->done && !v->nbad;
}

/* run --nmi: at most four NMIs; the strings the VMM writes are terminated. */
static void take_nmis(struct fuzz_input *in, struct run_outcome *o)
{
	size_t got;

	o->stepped_run = true;
	o->nnmis = (unsigned int)fuzz_take(in, 1) % 5;
	o->nmis = o->nnmis ? calloc(o->nnmis, sizeof(*o->nmis)) : NULL;
	o->nmi_asked = (unsigned int)fuzz_take(in, 1);
	o->nmi_planned = (unsigned int)fuzz_take(in, 1);
	o->run_steps = (unsigned int)fuzz_take(in, 2);
	o->nmi_stray = (unsigned int)fuzz_take(in, 1) % 2;
	for (unsigned int i = 0; o->nmis && i < o->nnmis; i++) {
		struct nmi_event *e = &o->nmis[i];
		const uint8_t *w = fuzz_take_bytes(in, fuzz_take(in, 1) % sizeof(e->at.where), &got);

		memcpy(e->at.where, w, got);
		e->step = (unsigned int)fuzz_take(in, 2);
		e->in_switch = fuzz_take(in, 1) & 1;
		e->handled = fuzz_take(in, 1) & 1;
		e->at.rip = fuzz_take(in, 8);
		e->saved_rip = fuzz_take(in, 8);
		e->at.sregs.cr3 = fuzz_take(in, 8);
	}
	o->nbuilt = (unsigned int)fuzz_take(in, 1) % 4;
	for (unsigned int i = 0; i < o->nbuilt; i++)
		o->built[i].cr3 = fuzz_take(in, 8);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	sink = fopen("/dev/null", "w");
	if (!sink) {
		perror("/dev/null");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
	struct fuzz_input in = { data, size };
	struct run_outcome o = { 0 };
	struct live lv = { .o = &o };
	struct report_decoder d;
	struct verdict v;
	unsigned int m = (unsigned int)fuzz_take(&in, 1) % (nmethods + 1);
	unsigned int stop = (unsigned int)fuzz_take(&in, 1);
	size_t chunk = fuzz_take(&in, 2), extra = fuzz_take(&in, 1);

	o.method = m < nmethods ? methods[m] : NULL;
	o.image[0] = "o.elf";
	o.image[1] = "t.elf";
	o.width[0] = 64;
	o.width[1] = 32;
	o.vcpu.stop = 1 + (stop & 15) % VCPU_STOP_SIGNAL;
	o.vcpu.signal = signals[(stop >> 4) % 3];
	snprintf(o.vcpu.detail, sizeof(o.vcpu.detail), "stopped");
	o.exit_written = stop & 0x40;
	o.guest_status = stop & 0x80 ? PMSW_GUEST_FAILED : PMSW_GUEST_DONE;
	if (extra & 1) {
		o.round_trips = (unsigned int)fuzz_take(&in, 1);
		o.landings = (unsigned int)fuzz_take(&in, 1);
		o.landings_expected = (unsigned int)fuzz_take(&in, 1);
		o.landings_bad = (unsigned int)fuzz_take(&in, 1) % 2;
		take_checks(&in, &o.landing);
		take_checks(&in, &o.verify);
	}
	if (extra & 2)
		take_nmis(&in, &o);
	o.have_final = extra & 4;
	if (extra & 8)
		snprintf(o.early_text, sizeof(o.early_text), "early");
	record_log_init(&o.log, o.method ? o.method->events : NULL,
			o.method ? o.method->nevents : 0);

	lv.r = formats[(extra >> 4) % (sizeof(formats) / sizeof(formats[0]))];
	lv.r.out = sink;
	render_header(&lv.r, &o);
	report_decoder_init(&d, on_record, &lv);
	for (size_t n = chunk ? chunk : in.n; in.n; ) {
		size_t got;
		const uint8_t *p = fuzz_take_bytes(&in, n, &got);

		report_decoder_feed(&d, p, got);
	}
	o.decoder_ok = report_decoder_ok(&d);
	snprintf(o.decoder_error, sizeof(o.decoder_error), "%s", d.error);
	verdict_judge(&o, &v);
	render_records_end(&lv.r, &o, &lv.st);
	render_end(&lv.r, &o, &v);

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct render_opts r = formats[i];

		r.out = sink;
		render_header(&r, &o);
		render_records(&r, &o);
		render_end(&r, &o, &v);
	}
	run_outcome_free(&o);
	return 0;
}
