// SPDX-License-Identifier: MIT
/* One line per record, human or JSON, from the outcome's record log. */
#include <inttypes.h>
#include <string.h>

#include "cli/render.h"
#include "context/context_regs.h"
#include "report/report_decode.h"
#include "report/vmx_names.h"

#define X64 "0x%" PRIx64

void render_escape(FILE *out, const char *s, size_t len, bool json)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (json && (c == '"' || c == '\\'))
			fprintf(out, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, out);
		else if (json)
			fprintf(out, "\\u%04x", c);
		else if (c == '\n' && i + 1 == len)
			;       /* the line ends anyway */
		else
			fprintf(out, "\\x%02x", c);
	}
}

/* The snapshot's registers: the brief ones, or all with -v. */
static void print_regs(const struct render_opts *r, const struct pmsw_regs *regs)
{
	bool json = r->format == RENDER_JSON;
	unsigned int n = 0;

	for (unsigned int i = 0; i < reg_nfields; i++) {
		const struct reg_field *f = &reg_fields[i];

		if (!f->snap.size || (!r->verbose && !(f->flags & REG_BRIEF)))
			continue;
		if (json)
			fprintf(r->out, "%s\"%s\": %" PRIu64, n ? ", " : "", f->name,
				reg_get(regs, f->snap));
		else
			fprintf(r->out, " %s=" X64, f->name, reg_get(regs, f->snap));
		n++;
	}
}

/* The switch at a glance: every brief register that differs, O | T. */
static void print_side_by_side(const struct render_opts *r, const char *prefix,
			       const struct pmsw_regs regs[2])
{
	const char *hl = r->color ? "\033[1m" : "", *off = r->color ? "\033[0m" : "";

	fprintf(r->out, "%s      %-12s %-20s %s\n", prefix, "register", "original", "target");
	for (unsigned int i = 0; i < reg_nfields; i++) {
		const struct reg_field *f = &reg_fields[i];
		uint64_t o, t;
		char ob[24];

		if (!f->snap.size || !(f->flags & REG_BRIEF))
			continue;
		o = reg_get(&regs[0], f->snap);
		t = reg_get(&regs[1], f->snap);
		if (o == t)
			continue;
		snprintf(ob, sizeof(ob), X64, o);
		fprintf(r->out, "%s      %-12s %-20s %s" X64 "%s\n", prefix, f->name, ob, hl, t, off);
	}
}

static void print_body(const struct render_opts *r, const struct logged_record *rec)
{
	bool json = r->format == RENDER_JSON;
	FILE *o = r->out;

	switch (rec->hdr.event) {
	case PMSW_EV_TEXT:
		fputs(json ? ", \"text\": \"" : " \"", o);
		render_escape(o, (const char *)rec->body.bytes, rec->len, json);
		fputc('"', o);
		break;
	case PMSW_EV_ENTER_ORIGINAL:
	case PMSW_EV_ENTER_TARGET:
		if (rec->len == sizeof(struct pmsw_regs)) {
			fputs(json ? ", \"regs\": {" : "", o);
			print_regs(r, &rec->body.regs);
			fputs(json ? "}" : "", o);
		}
		break;
	case PMSW_EV_VMEXIT: {
		const struct pmsw_ev_vmexit *e = &rec->body.vmexit;

		if (e->svm)
			fprintf(o, json ? ", \"svm\": true, \"exit-code\": %u, \"exit-code-name\": "
				"\"%s\", \"exitinfo1\": %" PRIu64 : " code 0x%x (%s) exitinfo1 " X64,
				e->exit_reason, svm_exit_code_name(e->exit_reason), e->qualification);
		else
			fprintf(o, json ? ", \"exit-reason\": %u, \"exit-reason-name\": \"%s\", "
				"\"qualification\": %" PRIu64 : " reason %u (%s) qualification " X64,
				e->exit_reason, vmx_exit_reason_name(e->exit_reason), e->qualification);
		break;
	}
	case PMSW_EV_TRIP:
		fprintf(o, json ? ", \"n\": %u, \"to\": \"%s\", \"cycles\": %" PRIu64 :
			" %u to %s in %" PRIu64 " TSC cycles", rec->body.trip.n,
			rec->body.trip.to == PMSW_CTX_ORIGINAL ? "O" : "T", rec->body.trip.tsc);
		break;
	case PMSW_EV_BARE:
		fprintf(o, json ? ", \"n\": %u, \"cycles\": %" PRIu64 :
			" %u in %" PRIu64 " TSC cycles", rec->body.bare.n, rec->body.bare.tsc);
		break;
	case PMSW_EV_PIECE:
		fprintf(o, json ? ", \"loaded\": \"%s\"" : " loaded %s",
			report_piece_name(rec->body.piece.what));
		if (!(rec->body.piece.flags & PMSW_PIECE_F_REGS))
			break;
		fputs(json ? ", \"regs\": {" : ":", o);
		print_regs(r, &rec->body.piece.regs);
		fputs(json ? "}" : "", o);
		break;
	case PMSW_EV_TARGET_DONE:
		fprintf(o, json ? ", \"status\": %d" : " target returned %d", rec->body.done.status);
		break;
	case PMSW_EV_EXCEPTION: {
		const struct pmsw_ev_exception *e = &rec->body.exception;

		fprintf(o, json ? ", \"vector\": %u, \"error-code\": %" PRIu64 ", \"rip\": %" PRIu64
			", \"cr2\": %" PRIu64 : " vector %u error " X64 " rip=" X64 " cr2=" X64,
			e->vector, e->error_code, e->rip, e->cr2);
		break;
	}
	case PMSW_EV_VMFAIL: {
		char why[200];

		record_vmfail_why(&rec->body.vmfail, why, sizeof(why));
		fputs(json ? ", \"insn\": \"" : " ", o);
		fputs(vmx_insn_name(rec->body.vmfail.insn), o);
		fputs(json ? "\", \"detail\": \"" : ": ", o);
		render_escape(o, why, strlen(why), json);
		fputs(json ? "\"" : "", o);
		break;
	}
	default:
		break;
	}
}

/* One record; st keeps what the side-by-side view needs from earlier ones. */
static void render_record(const struct render_opts *r, const struct record_log *l, size_t i,
			  struct render_stream *st)
{
	const struct logged_record *rec = &l->rec[i];
	const struct pmsw_record *h = &rec->hdr;
	const char *prefix = r->format == RENDER_TAP ? "# " : "";
	const char *ctx = h->ctx == PMSW_CTX_ORIGINAL ? "O" : h->ctx == PMSW_CTX_TARGET ? "T" :
			  h->ctx == PMSW_CTX_MONITOR ? "M" : "-";
	bool json = r->format == RENDER_JSON;
	uint64_t delta = h->tsc - l->rec[0].hdr.tsc;

	if (json)
		fprintf(r->out, "{\"seq\": %u, \"event\": \"%s\", \"ctx\": \"%s\", \"tsc\": %"
			PRIu64 ", \"delta\": %" PRIu64, h->seq, report_event_name(h->event),
			ctx, h->tsc, delta);
	else
		fprintf(r->out, "%s  %3u %s %-15s %+12" PRId64, prefix, h->seq, ctx,
			report_event_name(h->event), (int64_t)delta);
	print_body(r, rec);
	fputs(json ? "}\n" : "\n", r->out);
	if ((h->event == PMSW_EV_ENTER_ORIGINAL || h->event == PMSW_EV_ENTER_TARGET) &&
	    rec->len == sizeof(struct pmsw_regs))
		st->regs[h->event == PMSW_EV_ENTER_TARGET] = rec->body.regs;
	st->saw_original |= h->event == PMSW_EV_ENTER_ORIGINAL;
	if (!json && h->event == PMSW_EV_ENTER_TARGET && st->saw_original)
		print_side_by_side(r, prefix, st->regs);
}

void render_records_new(const struct render_opts *r, const struct run_outcome *o,
			struct render_stream *st)
{
	if (r->format == RENDER_QUIET)
		return;
	for (; st->next < o->log.n; st->next++)
		render_record(r, &o->log, st->next, st);
}

void render_records_end(const struct render_opts *r, const struct run_outcome *o,
			struct render_stream *st)
{
	const struct record_log *l = &o->log;
	const char *prefix = r->format == RENDER_TAP ? "# " : "";

	if (r->format == RENDER_QUIET)
		return;
	render_records_new(r, o, st);
	if (l->dropped && r->format == RENDER_JSON)
		fprintf(r->out, "{\"event\": \"records-not-kept\", \"count\": %zu}\n", l->dropped);
	else if (l->dropped)
		fprintf(r->out, "%s  ... %zu more records were not kept (at most %u are)\n", prefix,
			l->dropped, RECORD_LOG_MAX);
}

void render_records(const struct render_opts *r, const struct run_outcome *o)
{
	struct render_stream st = { 0 };

	render_records_end(r, o, &st);
}
