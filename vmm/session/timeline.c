// SPDX-License-Identifier: MIT
#include "session/timeline.h"

#include <inttypes.h>
#include <string.h>

#include "report/report_decode.h"
#include "report/vmx_names.h"

#define X64 "0x%" PRIx64

void timeline_init(struct timeline *t, FILE *out, enum timeline_format f, bool verbose, bool color)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	t->format = f;
	t->verbose = verbose;
	t->color = color;
	t->prefix = f == TIMELINE_TAP ? "# " : "";
	/* Quiet runs still decode every record for the verdict. */
	if (f == TIMELINE_QUIET)
		t->null = fopen("/dev/null", "w");
	/* Without /dev/null, quiet degrades to printing, never to a NULL stream. */
	if (f == TIMELINE_QUIET && !t->null)
		t->format = TIMELINE_HUMAN;
}

void timeline_close(struct timeline *t)
{
	if (t->null)
		fclose(t->null);
	t->null = NULL;
}

bool timeline_saw(const struct timeline *t, enum pmsw_event ev)
{
	return t->seen & (1u << ev);
}

bool timeline_complete(const struct timeline *t)
{
	uint32_t steps = ((1u << (PMSW_EV_TARGET_DONE + 1)) - 1) & ~((1u << PMSW_EV_ENTER_ORIGINAL) - 1);

	return (t->seen & steps) == steps && !t->out_of_order;
}

void timeline_escape(FILE *out, const char *s, size_t len, bool json)
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

static const struct {
	const char *name;
	size_t off, size;
} reg_fields[] = {
#define R(n) { #n, offsetof(struct pmsw_regs, n), sizeof(((struct pmsw_regs *)0)->n) }
	R(cr0), R(cr3), R(cr4), R(efer), R(gdtr_base), R(gdtr_limit), R(idtr_base),
	R(idtr_limit), R(cs), R(ss), R(tr), R(rip), R(rsp), R(rflags),
#undef R
};

/* Little-endian host: the low bytes of v hold a field of any size. */
static uint64_t reg_value(const struct pmsw_regs *r, unsigned int i)
{
	uint64_t v = 0;

	memcpy(&v, (const uint8_t *)r + reg_fields[i].off, reg_fields[i].size);
	return v;
}

static void print_regs(struct timeline *t, FILE *o, const struct pmsw_regs *r)
{
	unsigned int n = t->verbose ? sizeof(reg_fields) / sizeof(reg_fields[0]) : 11;

	for (unsigned int i = 0; i < n; i++) {
		if (t->format == TIMELINE_JSON)
			fprintf(o, "%s\"%s\": " "%" PRIu64, i ? ", " : "", reg_fields[i].name,
				reg_value(r, i));
		else
			fprintf(o, " %s=" X64, reg_fields[i].name, reg_value(r, i));
	}
}

/* The switch at a glance: every register that differs, original | target. */
static void print_side_by_side(struct timeline *t)
{
	const char *hl = t->color ? "\033[1m" : "", *off = t->color ? "\033[0m" : "";

	fprintf(t->out, "%s      %-12s %-20s %s\n", t->prefix, "register", "original", "target");
	for (unsigned int i = 0; i < 11; i++) {
		uint64_t o = reg_value(&t->regs[0], i), v = reg_value(&t->regs[1], i);
		char ob[24];

		if (o == v)
			continue;
		snprintf(ob, sizeof(ob), X64, o);
		fprintf(t->out, "%s      %-12s %-20s %s" X64 "%s\n", t->prefix, reg_fields[i].name, ob,
			hl, v, off);
	}
}

/* Event-specific details; also records what the verdict needs. */
static void record_body(struct timeline *t, FILE *o, const struct pmsw_record *h,
			const void *body, size_t len)
{
	bool json = t->format == TIMELINE_JSON;

	switch (h->event) {
	case PMSW_EV_TEXT:
		fputs(json ? ", \"text\": \"" : " \"", o);
		timeline_escape(o, body, len, json);
		fputc('"', o);
		break;
	case PMSW_EV_ENTER_ORIGINAL:
	case PMSW_EV_ENTER_TARGET:
		if (len == sizeof(struct pmsw_regs)) {
			memcpy(&t->regs[h->event == PMSW_EV_ENTER_TARGET], body, len);
			fputs(json ? ", \"regs\": {" : "", o);
			print_regs(t, o, body);
			fputs(json ? "}" : "", o);
		}
		break;
	case PMSW_EV_VMEXIT: {
		const struct pmsw_ev_vmexit *e = body;

		t->vmexit_tsc = h->tsc;
		fprintf(o, json ? ", \"exit-reason\": %u, \"exit-reason-name\": \"%s\", "
			"\"qualification\": %" PRIu64 : " reason %u (%s) qualification " X64,
			e->exit_reason, vmx_exit_reason_name(e->exit_reason), e->qualification);
		break;
	}
	case PMSW_EV_VMCALL:
		t->vmcall_tsc = h->tsc;
		break;
	case PMSW_EV_TARGET_DONE: {
		const struct pmsw_ev_done *d = body;

		t->target_status = d->status;
		fprintf(o, json ? ", \"status\": %d" : " target returned %d", d->status);
		break;
	}
	case PMSW_EV_EXCEPTION: {
		const struct pmsw_ev_exception *e = body;

		if (!t->failure[0])
			snprintf(t->failure, sizeof(t->failure), "exception %u in %s context at rip="
				 X64 " error code " X64 " cr2=" X64, e->vector,
				 h->ctx == PMSW_CTX_TARGET ? "target" : h->ctx == PMSW_CTX_ORIGINAL ?
				 "original" : "switcher", e->rip, e->error_code, e->cr2);
		fprintf(o, json ? ", \"vector\": %u, \"error-code\": %" PRIu64 ", \"rip\": %" PRIu64
			", \"cr2\": %" PRIu64 : " vector %u error " X64 " rip=" X64 " cr2=" X64,
			e->vector, e->error_code, e->rip, e->cr2);
		break;
	}
	case PMSW_EV_VMFAIL: {
		const struct pmsw_ev_vmfail *f = body;
		char why[200];

		if (f->fail == PMSW_VMFAIL_VALID)
			snprintf(why, sizeof(why), "VMfailValid, VM-instruction error %u: %s",
				 f->vm_error, vmx_insn_error_name(f->vm_error));
		else if (f->fail == PMSW_VMFAIL_EXIT)
			snprintf(why, sizeof(why), "VM exit reason 0x%x (%s), qualification " X64,
				 f->exit_reason, vmx_exit_reason_name(f->exit_reason), f->qualification);
		else if (f->fail == PMSW_VMFAIL_DISABLED)
			snprintf(why, sizeof(why), "VMXON disabled by IA32_FEATURE_CONTROL " X64,
				 f->qualification);
		else
			snprintf(why, sizeof(why), "VMfailInvalid");
		if (f->insn == PMSW_INSN_VMWRITE && f->fail != PMSW_VMFAIL_EXIT)
			snprintf(why + strlen(why), sizeof(why) - strlen(why), " (field 0x%04" PRIx64 ")",
				 f->qualification);
		if (!t->failure[0])
			snprintf(t->failure, sizeof(t->failure), "%s failed: %s", vmx_insn_name(f->insn), why);
		fputs(json ? ", \"insn\": \"" : " ", o);
		fputs(vmx_insn_name(f->insn), o);
		fputs(json ? "\", \"detail\": \"" : ": ", o);
		timeline_escape(o, why, strlen(why), json);
		fputs(json ? "\"" : "", o);
		break;
	}
	default:
		break;
	}
}

void timeline_record(void *ctx, const struct pmsw_record *h, const void *body, size_t len)
{
	struct timeline *t = ctx;
	const char *ctxname = h->ctx == PMSW_CTX_ORIGINAL ? "O" : h->ctx == PMSW_CTX_TARGET ? "T" : "-";
	FILE *o = t->out;

	if (!t->seen)
		t->first_tsc = h->tsc;
	/* The steps' event numbers are in their order (report.h). */
	if (h->event >= PMSW_EV_ENTER_ORIGINAL && h->event <= PMSW_EV_TARGET_DONE) {
		if (h->event <= t->last_step)
			t->out_of_order = true;
		t->last_step = h->event;
	}
	t->seen |= 1u << h->event;
	if (t->format == TIMELINE_QUIET) {
		record_body(t, t->null, h, body, len);
		return;
	}
	if (t->format == TIMELINE_JSON)
		fprintf(o, "{\"seq\": %u, \"event\": \"%s\", \"ctx\": \"%s\", \"tsc\": %" PRIu64
			", \"delta\": %" PRIu64, h->seq, report_event_name(h->event), ctxname,
			h->tsc, h->tsc - t->first_tsc);
	else
		fprintf(o, "%s  %3u %s %-15s %+12" PRId64, t->prefix, h->seq, ctxname,
			report_event_name(h->event), (int64_t)(h->tsc - t->first_tsc));
	record_body(t, o, h, body, len);
	fputs(t->format == TIMELINE_JSON ? "}\n" : "\n", o);
	if (t->format != TIMELINE_JSON && h->event == PMSW_EV_ENTER_TARGET &&
	    timeline_saw(t, PMSW_EV_ENTER_ORIGINAL))
		print_side_by_side(t);
	fflush(o);
}
