// SPDX-License-Identifier: MIT
#include "report/record_log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/vmx_names.h"

#define X64 "0x%" PRIx64

void record_log_init(struct record_log *l, const uint16_t *steps, unsigned int nsteps)
{
	memset(l, 0, sizeof(*l));
	l->steps = steps;
	l->nsteps = steps ? nsteps : 0;
}

void record_log_free(struct record_log *l)
{
	free(l->rec);
	l->rec = NULL;
	l->n = l->cap = 0;
}

bool record_log_saw(const struct record_log *l, enum pmsw_event ev)
{
	return (unsigned int)ev < PMSW_EV_MAX && (l->seen & (1u << ev));
}

bool record_log_complete(const struct record_log *l)
{
	return l->nsteps && l->next_step == l->nsteps && !l->out_of_order;
}

const char *record_ctx_name(uint8_t ctx)
{
	return ctx == PMSW_CTX_TARGET ? "target" : ctx == PMSW_CTX_ORIGINAL ? "original" : "switcher";
}

static void keep(struct record_log *l, const struct pmsw_record *h, const void *body, size_t len)
{
	struct logged_record *r;

	if (l->n == RECORD_LOG_MAX) {
		l->dropped++;
		return;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct logged_record *p = realloc(l->rec, cap * sizeof(*p));

		if (!p) {
			l->out_of_memory = true;
			l->dropped++;
			return;
		}
		l->rec = p;
		l->cap = cap;
	}
	r = &l->rec[l->n++];
	memset(r, 0, sizeof(*r));
	r->hdr = *h;
	r->len = (uint16_t)(len < sizeof(r->body) ? len : sizeof(r->body));
	if (r->len)     /* a record without a body may come with body NULL */
		memcpy(r->body.bytes, body, r->len);
}

/* The method's steps: each must be the next one expected. */
static void step(struct record_log *l, uint16_t ev)
{
	for (unsigned int i = 0; i < l->nsteps; i++) {
		if (l->steps[i] != ev)
			continue;
		if (l->next_step < l->nsteps && l->steps[l->next_step] == ev) {
			l->next_step++;
		} else if (!l->out_of_order) {
			l->out_of_order = true;
			l->out_of_turn = ev;
			l->due = l->next_step < l->nsteps ? l->steps[l->next_step] : 0;
		}
		return;
	}
}

void record_vmfail_why(const struct pmsw_ev_vmfail *f, char *why, size_t len)
{
	if (f->fail == PMSW_VMFAIL_VALID)
		snprintf(why, len, "VMfailValid, VM-instruction error %u: %s",
			 f->vm_error, vmx_insn_error_name(f->vm_error));
	else if (f->fail == PMSW_VMFAIL_EXIT && f->insn == PMSW_INSN_VMRUN)
		snprintf(why, len, "#VMEXIT code 0x%x (%s), exitinfo1 " X64,
			 f->exit_reason, svm_exit_code_name(f->exit_reason), f->qualification);
	else if (f->fail == PMSW_VMFAIL_EXIT)
		snprintf(why, len, "VM exit reason 0x%x (%s), qualification " X64,
			 f->exit_reason, vmx_exit_reason_name(f->exit_reason), f->qualification);
	else if (f->fail == PMSW_VMFAIL_DISABLED)
		snprintf(why, len, "VMXON disabled by IA32_FEATURE_CONTROL " X64,
			 f->qualification);
	else
		snprintf(why, len, "VMfailInvalid");
	if (f->insn == PMSW_INSN_VMWRITE && f->fail != PMSW_VMFAIL_EXIT)
		snprintf(why + strlen(why), len - strlen(why), " (field 0x%04" PRIx64 ")",
			 f->qualification);
}

static void vmfail_failure(struct record_log *l, const struct pmsw_ev_vmfail *f)
{
	char why[200];

	record_vmfail_why(f, why, sizeof(why));
	snprintf(l->failure, sizeof(l->failure), "%s failed: %s", vmx_insn_name(f->insn), why);
}

void record_log_add(void *log, const struct pmsw_record *h, const void *body, size_t len)
{
	struct record_log *l = log;

	if (h->event >= PMSW_EV_MAX)
		return;         /* the decoder lets none through; a caller might */
	keep(l, h, body, len);
	step(l, h->event);
	l->seen |= 1u << h->event;
	l->tsc[h->event] = h->tsc;
	switch (h->event) {
	case PMSW_EV_ENTER_ORIGINAL:
	case PMSW_EV_ENTER_TARGET:
		if (len == sizeof(struct pmsw_regs)) {
			unsigned int i = h->event == PMSW_EV_ENTER_TARGET;

			memcpy(&l->regs[i], body, len);
			l->have_regs[i] = true;
		}
		break;
	case PMSW_EV_VMEXIT:
		l->vmexit_reason = ((const struct pmsw_ev_vmexit *)body)->exit_reason;
		l->vmexit_svm = ((const struct pmsw_ev_vmexit *)body)->svm != 0;
		break;
	case PMSW_EV_TARGET_DONE:
		l->target_status = ((const struct pmsw_ev_done *)body)->status;
		break;
	case PMSW_EV_PROBE:
		memcpy(&l->probe, body, sizeof(l->probe));
		l->have_probe = true;
		break;
	case PMSW_EV_EXCEPTION: {
		const struct pmsw_ev_exception *e = body;

		if (!l->failure[0])
			snprintf(l->failure, sizeof(l->failure), "exception %u in %s context at rip="
				 X64 " error code " X64 " cr2=" X64, e->vector, record_ctx_name(h->ctx),
				 e->rip, e->error_code, e->cr2);
		break;
	}
	case PMSW_EV_VMFAIL:
		if (!l->failure[0])
			vmfail_failure(l, body);
		break;
	default:
		break;
	}
}
