// SPDX-License-Identifier: MIT
#include "session/session.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <pmswitch/layout.h>
#include <pmswitch/report.h>

#include "image/payload_path.h"
#include "kvm/host_caps.h"
#include "session/landing.h"

#define SESSION_TIMEOUT_MS 10000u

void session_options_defaults(struct session_options *o)
{
	memset(o, 0, sizeof(*o));
	o->method = method_by_code(PMSW_METHOD_VMX_EXIT);
	o->payload = "switcher";
	o->timeout_ms = SESSION_TIMEOUT_MS;
	o->memory_mib = PMSW_RAM_DEFAULT_MIB;
}

__attribute__((format(printf, 3, 4)))
static enum session_error fail(struct session *s, enum session_error e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->error, sizeof(s->error), fmt, ap);
	va_end(ap);
	return e;
}

static enum session_error load_images(struct session *s)
{
	const struct session_options *o = &s->opt;
	uint64_t ram = (uint64_t)o->memory_mib << 20;
	char err[256];

	for (s->nimg = 0; s->nimg < 2 && o->image[s->nimg]; s->nimg++) {
		/* Not openable, and too long to name in one clear line. */
		if (strlen(o->image[s->nimg]) >= PATH_MAX)
			return fail(s, SESSION_BAD_IMAGE, "image path too long (%zu bytes, more than "
				    "PATH_MAX, %d)", strlen(o->image[s->nimg]), PATH_MAX);
		if (elf_image_load_file(&s->img[s->nimg], o->image[s->nimg], ram, err, sizeof(err)))
			return fail(s, SESSION_BAD_IMAGE, "%s: %s", o->image[s->nimg], err);
	}
	/* Both share the image pool: refused here, before guest RAM is set up. */
	if (s->nimg == 2 && elf_image_ram_need(&s->img[0]) + elf_image_ram_need(&s->img[1]) >
			    ram - PMSW_IMAGE_GPA)
		return fail(s, SESSION_BAD_IMAGE, "%s and %s need 0x%" PRIx64 " bytes of guest RAM "
			    "together with their stacks, 0x%" PRIx64 " available (--memory)",
			    o->image[0], o->image[1], elf_image_ram_need(&s->img[0]) +
			    elf_image_ram_need(&s->img[1]), ram - PMSW_IMAGE_GPA);
	return SESSION_OK;
}

/* A built-in method on m's host that switches any pair, for the message
 * that refuses one m cannot switch. */
static const char *any_widths_peer(const struct method *m)
{
	for (unsigned int i = 0; i < nmethods; i++)
		if (methods[i]->widths == METHOD_ANY_WIDTHS && methods[i]->host == m->host)
			return methods[i]->name;
	return NULL;
}

/* Whether the method can switch this pair of images. */
static enum session_error check_pair(struct session *s)
{
	const struct session_options *o = &s->opt;
	const struct method *m = o->method;
	const char *peer;
	char hint[80] = "";

	for (unsigned int i = 0; m && m->only_width && i < s->nimg; i++)
		if (s->img[i].width != m->only_width)
			return fail(s, SESSION_BAD_IMAGE, "%s is %d-bit: %s switches %d-bit contexts only "
				    "(%s)", o->image[i], s->img[i].width, m->name, m->only_width,
				    m->only_width_why);
	if (s->nimg < 2 || !m || m->widths == METHOD_ANY_WIDTHS)
		return SESSION_OK;
	peer = any_widths_peer(m);
	if (peer)
		snprintf(hint, sizeof(hint), "; %s switches any pair", peer);
	if (s->img[0].width != s->img[1].width)
		return fail(s, SESSION_BAD_IMAGE, "%s is %d-bit but %s is %d-bit: %s needs both of "
			    "one width (%s)%s", o->image[0], s->img[0].width, o->image[1],
			    s->img[1].width, m->name, m->widths_why, hint);
	if (m->widths == METHOD_SAME_PAGING &&
	    elf_image_paging(&s->img[0]) != elf_image_paging(&s->img[1]))
		return fail(s, SESSION_BAD_IMAGE, "%s and %s use different paging modes: %s needs "
			    "one (%s)%s", o->image[0], o->image[1], m->name, m->widths_why, hint);
	return SESSION_OK;
}

/* Opens /dev/kvm, or says why this host cannot run the method; without
 * one given (method_by_host), picks the host's default. */
static enum session_error open_host(struct session *s)
{
	const struct method *m = s->opt.method;
	const char *name = m ? m->name : s->opt.payload, *def;
	struct host_caps caps;
	char can[200], also[240] = "";

	s->sys_fd = host_caps_probe(&caps);
	if (s->sys_fd < 0)
		return fail(s, SESSION_UNSUPPORTED, "this host cannot run %s: %s", name,
			    caps.kvm_reason);
	method_host_names(caps.nested_vmx, caps.nested_svm, can, sizeof(can));
	if (can[0])
		snprintf(also, sizeof(also), "; it can run %s (--method)", can);
	if (s->opt.method_by_host) {
		m = s->opt.method = method_host_default(caps.nested_vmx, caps.nested_svm, &def);
		if (!def[0])
			return fail(s, SESSION_UNSUPPORTED, "this host has neither nested VMX (%s) "
				    "nor nested SVM (%s) for a default method%s", caps.vmx_reason,
				    caps.svm_reason, also);
		if (!m)
			return fail(s, SESSION_UNSUPPORTED, "this host's method, %s, is not built "
				    "into this version%s", def, also);
		return SESSION_OK;
	}
	if (m && m->host == METHOD_HOST_NESTED_VMX && !caps.nested_vmx)
		return fail(s, SESSION_UNSUPPORTED, "this host cannot run %s: no nested VMX (%s)%s",
			    name, caps.vmx_reason, also);
	if (m && m->host == METHOD_HOST_NESTED_SVM && !caps.nested_svm)
		return fail(s, SESSION_UNSUPPORTED, "this host cannot run %s: no nested SVM (%s)%s",
			    name, caps.svm_reason, also);
	return SESSION_OK;
}

static enum session_error build_contexts(struct session *s)
{
	struct pmsw_bootinfo *bi = s->m.bootinfo;
	char err[320];

	s->nctx = s->nimg ? s->nimg : 1;
	for (unsigned int i = 0; i < s->nctx; i++) {
		struct elf_image *img = s->nimg ? &s->img[i] : NULL;
		int width = img ? img->width : s->opt.bare_width;
		enum pmsw_paging paging = img ? elf_image_paging(img) :
					  width == 64 ? PMSW_PAGING_4LEVEL : PMSW_PAGING_2LEVEL;

		if (context_init(&s->ctx[i], &s->m.pool, &s->m.window, i, width, paging,
				 err, sizeof(err)) ||
		    (img && context_load_image(&s->ctx[i], &s->m.image_pool, img, err, sizeof(err)))) {
			if (!img)
				return fail(s, SESSION_FAILED, "%s", err);
			return fail(s, SESSION_BAD_IMAGE, "%s: %s", s->opt.image[i], err);
		}
		bi->ctx[i] = s->ctx[i].state;
		/* Refused here with its name, not later as an opaque VMfailValid. */
		if (s->sys_fd >= 0 && host_cr4_check(s->sys_fd, s->ctx[i].state.cr4, err, sizeof(err)))
			return fail(s, SESSION_UNSUPPORTED, "%s: %s",
				    img ? s->opt.image[i] : "context", err);
	}
	if (s->opt.method && s->opt.method->monitor &&
	    context_init(&s->ctx[PMSW_CTX_IDX_MONITOR], &s->m.pool, &s->m.window,
			 PMSW_CTX_IDX_MONITOR, 64, PMSW_PAGING_4LEVEL, err, sizeof(err)))
		return fail(s, SESSION_FAILED, "monitor: %s", err);
	bi->method = s->opt.method ? s->opt.method->code : 0;
	bi->round_trips = s->opt.round_trips;
	bi->flags = s->opt.inject | (s->opt.probe_steps ? PMSW_BI_PROBED : 0) |
		    (s->opt.nmi_count ? PMSW_BI_NMI : 0);
	return SESSION_OK;
}

/* Records go to the outcome of the run in progress. */
static void session_record(void *ctx, const struct pmsw_record *h, const void *body, size_t len)
{
	struct session *s = ctx;

	if (!s->out)
		return;
	record_log_add(&s->out->log, h, body, len);
	if (s->opt.on_record)
		s->opt.on_record(s->opt.on_record_ctx, s->out);
}

/* A monitor is a 64-bit context whatever O and T are. */
static int payload_width(const struct session *s)
{
	return s->opt.method && s->opt.method->monitor ? 64 :
	       s->nimg ? s->img[0].width : s->opt.bare_width;
}

/* The payload's path, before KVM is touched: a folder too long for it is
 * said as such, not named (thousands of bytes are no clear line). */
static enum session_error find_payload(struct session *s, int width)
{
	const char *dir = payload_dir(s->opt.payload_dir);

	if (payload_path(s->payload_path, sizeof(s->payload_path), dir, s->opt.payload, width))
		return fail(s, SESSION_FAILED, "payload path too long: a %zu-byte folder and %s%d.elf "
			    "make more than PATH_MAX (%d) bytes", strlen(dir), s->opt.payload, width,
			    PATH_MAX);
	return SESSION_OK;
}

/* A stepped run names its boundaries by the payload's symbols: read now,
 * with the images, not after the run. */
static enum session_error keep_payload(struct session *s)
{
	char why[200];

	if (s->opt.offline || (!s->opt.probe_steps && !s->opt.nmi_count))
		return SESSION_OK;
	if (elf_image_load_payload(&s->payload_img, s->payload_path, why, sizeof(why)))
		return fail(s, SESSION_FAILED, "%s: %s", s->payload_path, why);
	s->have_payload_img = true;
	return SESSION_OK;
}

enum session_error session_build(struct session *s, const struct session_options *o)
{
	enum session_error e;
	char err[SESSION_ERROR_MAX];

	memset(s, 0, sizeof(*s));
	s->opt = *o;
	if (!s->opt.payload)
		s->opt.payload = "switcher";
	s->sys_fd = -1;
	e = load_images(s);
	/* The method is known before the pair is judged by it, or after the
	 * host is, when the host picks it. */
	if (!e && !(o->method_by_host && !o->offline))
		e = check_pair(s);
	if (!e)
		e = find_payload(s, payload_width(s));
	if (!e && !o->offline)
		e = open_host(s);
	if (!e && o->method_by_host && !o->offline)
		e = check_pair(s);
	if (!e)
		e = find_payload(s, payload_width(s));     /* the host's method may be a monitor */
	if (!e) {
		if (machine_create(&s->m, s->sys_fd, (uint64_t)o->memory_mib << 20, s->payload_path,
				   s->opt.method ? s->opt.method->landing_symbol : NULL, session_record, s,
				   err, sizeof(err)))
			e = fail(s, SESSION_FAILED, "%s", err);
		else
			s->have_machine = true;
	}
	if (!e)
		e = build_contexts(s);
	if (!e)
		e = keep_payload(s);
	if (e) {
		char keep[sizeof(s->error)];

		memcpy(keep, s->error, sizeof(keep));
		session_destroy(s);
		memcpy(s->error, keep, sizeof(keep));
	}
	return e;
}

/* What KVM holds at the end, and whether it is the target as built. */
static void read_final(struct session *s, struct run_outcome *out)
{
	struct pmsw_context_state want = s->ctx[PMSW_CTX_IDX_TARGET].state;
	int fd = s->m.vm.vcpu_fd;

	out->have_final = !ioctl(fd, KVM_GET_REGS, &out->regs) && !ioctl(fd, KVM_GET_SREGS, &out->sregs);
	if (s->opt.method) {
		want.cr4 |= s->opt.method->held_cr4;
		want.efer |= s->opt.method->held_efer;
	}
	if (out->have_final && s->nctx == 2 && out->vcpu.stop == VCPU_STOP_GUEST_EXIT &&
	    record_log_saw(&out->log, PMSW_EV_ENTER_TARGET))
		verify_compare(&out->sregs, &want, &out->verify);
}

/* The run paused at the landing port: the VMM reads the vCPU itself. */
static void landed(struct session *s, struct run_outcome *out)
{
	int fd = s->m.vm.vcpu_fd;
	unsigned int k = out->landings++;
	/* Round trips land in T, O, T, ...; O's stack and flags are as it left
	 * them, T has not run yet. */
	unsigned int ctx = k % 2 ? PMSW_CTX_IDX_ORIGINAL : PMSW_CTX_IDX_TARGET;
	struct verify_result v;
	struct kvm_regs regs;
	struct kvm_sregs sregs;

	if (!s->opt.method || !s->opt.method->landing_symbol || s->nctx < 2)
		return;
	if (k == 0) {
		if (ioctl(fd, KVM_GET_REGS, &out->landing_regs) ||
		    ioctl(fd, KVM_GET_SREGS, &out->landing_sregs))
			return;
		landing_check(s->opt.method, &s->ctx[ctx].state, s->m.landing_va, true,
			      &out->landing_regs, &out->landing_sregs, &out->landing);
		return;
	}
	if (ioctl(fd, KVM_GET_REGS, &regs) || ioctl(fd, KVM_GET_SREGS, &sregs))
		return;
	landing_check(s->opt.method, &s->ctx[ctx].state, s->m.landing_va, ctx == PMSW_CTX_IDX_TARGET,
		      &regs, &sregs, &v);
	if (v.ok || out->landings_bad++)
		return;
	for (unsigned int i = 0; i < v.nfields; i++)
		if (v.field[i].actual != v.field[i].expected) {
			snprintf(out->landing_bad, sizeof(out->landing_bad), "landing %u, in %s: %s "
				 "0x%llx (expected 0x%llx)", k + 1, ctx ? "the target" : "the original",
				 v.field[i].name, (unsigned long long)v.field[i].actual,
				 (unsigned long long)v.field[i].expected);
			break;
		}
}

void session_run(struct session *s, struct run_outcome *out)
{
	struct machine *m = &s->m;
	struct vcpu_deadline deadline;

	memset(out, 0, sizeof(*out));
	out->method = s->opt.method;
	for (unsigned int i = 0; i < s->nctx; i++) {
		out->image[i] = s->opt.image[i];
		out->width[i] = (int)s->ctx[i].state.width;
	}
	record_log_init(&out->log, out->method ? out->method->events : NULL,
			out->method ? out->method->nevents : 0);
	out->round_trips = s->opt.round_trips;
	if (out->method && out->method->landing_symbol && s->nctx == 2)
		out->landings_expected = 1 + 2 * s->opt.round_trips;
	if (machine_boot(m, &s->ctx[s->opt.method && s->opt.method->monitor ?
				  PMSW_CTX_IDX_MONITOR : PMSW_CTX_IDX_ORIGINAL].state,
			 out->boot_error, sizeof(out->boot_error)))
		return;
	for (unsigned int i = 0; i < s->nctx; i++)
		out->built[out->nbuilt++] = s->ctx[i].state;
	if (s->opt.method && s->opt.method->monitor)
		out->built[out->nbuilt++] = s->ctx[PMSW_CTX_IDX_MONITOR].state;
	s->stepping = (struct stepping){ .vm = &m->vm, .max = s->opt.probe_steps,
					 .nmi_at = s->opt.probe_nmi_at, .payload = s->have_payload_img ? &s->payload_img : NULL,
					 .whole = s->opt.nmi_count > 0, .asked = s->opt.nmi_count,
					 .plan = s->opt.nmi_plan,
					 .nplan = s->opt.nmi_plan ? s->opt.nmi_nplan : 0,
					 .skip_lo = m->vectors_va, .skip_hi = m->vectors_end_va };
	s->out = out;
	if (stepping_boot(&s->stepping, out)) {
		snprintf(out->boot_error, sizeof(out->boot_error), "stepping the run: %s",
			 out->step_error);
		s->out = NULL;
		return;
	}
	vcpu_deadline(&deadline, s->opt.timeout_ms);
	for (;;) {
		unsigned int starts = m->start_port.hits, landings = m->landing_port.hits;
		unsigned int nmis = m->nmi_port.hits;

		vcpu_run(&m->vm, &m->bus, &deadline, &out->vcpu);
		if (out->vcpu.stop == VCPU_STOP_STEPPED) {
			stepping_trap(&s->stepping, out);
			continue;
		}
		if (out->vcpu.stop != VCPU_STOP_PAUSED)
			break;
		if (m->start_port.hits != starts)
			stepping_start(&s->stepping, out);
		if (m->landing_port.hits != landings) {
			landed(s, out);
			stepping_landed(&s->stepping, out);
		}
		if (m->nmi_port.hits != nmis)
			stepping_nmi_handled(&s->stepping, out);
		bus_resume(&m->bus);
	}
	stepping_end(&s->stepping);
	s->out = NULL;
	stepping_name(&s->stepping, out);
	out->exit_written = m->exit_port.written;
	out->guest_status = m->exit_port.status;
	/* A record cut short is an error of its own only when the guest ended
	 * the run itself; a run stopped for something else (a device error, a
	 * fault, a timeout) is judged by that, not by the record it cut. */
	out->decoder_ok = out->vcpu.stop == VCPU_STOP_GUEST_EXIT ? report_decoder_ok(&m->decoder) :
			  !m->decoder.broken;
	snprintf(out->decoder_error, sizeof(out->decoder_error), "%s", m->decoder.error);
	memcpy(out->early_text, m->early_text, m->early_len);
	out->early_text[m->early_len] = '\0';
	read_final(s, out);
}

void session_destroy(struct session *s)
{
	if (s->have_machine)
		machine_destroy(&s->m);
	s->have_machine = false;
	for (unsigned int i = 0; i < s->nimg; i++)
		elf_image_free(&s->img[i]);
	s->nimg = 0;
	if (s->have_payload_img)
		elf_image_free(&s->payload_img);
	s->have_payload_img = false;
	if (s->sys_fd >= 0)
		close(s->sys_fd);
	s->sys_fd = -1;
}
