// SPDX-License-Identifier: MIT
#include "session/run.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <pmswitch/layout.h>

#include "context/context.h"
#include "image/elf_image.h"
#include "cli/exit_status.h"
#include "kvm/host_caps.h"
#include "session/machine.h"
#include "image/payload_path.h"
#include "cli/vcpu_dump.h"
#include "session/verify.h"

static const char *const method_names[] = {
	[PMSW_METHOD_VMX_EXIT] = "vmx-exit", [PMSW_METHOD_VMX_ENTRY] = "vmx-entry",
	[PMSW_METHOD_SVM_ENTRY] = "svm-entry", [PMSW_METHOD_PIECEMEAL] = "piecemeal",
};

const char *run_method_name(enum pmsw_method m)
{
	return (unsigned int)m < sizeof(method_names) / sizeof(method_names[0]) && method_names[m] ?
	       method_names[m] : "unknown";
}

int run_method_parse(const char *s, enum pmsw_method *m)
{
	for (unsigned int i = 1; i < sizeof(method_names) / sizeof(method_names[0]); i++) {
		if (!strcmp(s, method_names[i])) {
			*m = (enum pmsw_method)i;
			return 0;
		}
	}
	return -1;
}

static int load_images(const struct run_config *cfg, uint64_t ram, struct elf_image img[2])
{
	const char *path[2] = { cfg->original, cfg->target };
	char err[256];

	for (int i = 0; i < 2; i++) {
		if (elf_image_load_file(&img[i], path[i], ram, err, sizeof(err))) {
			fprintf(stderr, "pmswitch: %s: %s\n", path[i], err);
			if (i)
				elf_image_free(&img[0]);
			return PMSW_EXIT_BAD_IMAGE;
		}
	}
	if (cfg->method == PMSW_METHOD_VMX_EXIT && img[0].width != img[1].width) {
		fprintf(stderr, "pmswitch: %s is %d-bit but %s is %d-bit: vmx-exit needs both of one "
			"width (the VM exit's host address-space size must match the mode VMLAUNCH "
			"runs in)\n", path[0], img[0].width, path[1],
			img[1].width);
		elf_image_free(&img[0]);
		elf_image_free(&img[1]);
		return PMSW_EXIT_BAD_IMAGE;
	}
	return PMSW_EXIT_OK;
}

/* 77 unless this host's KVM offers what the method needs. */
static int host_supports(const struct run_config *cfg, int *sys_fd)
{
	struct host_caps caps;
	bool vmx = cfg->method != PMSW_METHOD_SVM_ENTRY;

	*sys_fd = host_caps_probe(&caps);
	if (*sys_fd < 0) {
		fprintf(stderr, "pmswitch: this host cannot run %s: %s\n", run_method_name(cfg->method),
			caps.kvm_reason);
		return PMSW_EXIT_UNSUPPORTED;
	}
	if (vmx ? !caps.nested_vmx : !caps.nested_svm) {
		fprintf(stderr, "pmswitch: this host cannot run %s: no nested %s (%s)\n",
			run_method_name(cfg->method), vmx ? "VMX" : "SVM",
			vmx ? caps.vmx_reason : caps.svm_reason);
		close(*sys_fd);
		return PMSW_EXIT_UNSUPPORTED;
	}
	return PMSW_EXIT_OK;
}

static void print_verify(const struct run_config *cfg, const struct verify_result *v)
{
	bool json = cfg->format == TIMELINE_JSON;

	if (json) {
		fprintf(cfg->out, "{\"event\": \"verify\", \"ok\": %s, \"fields\": {", v->ok ? "true" : "false");
		for (unsigned int i = 0; i < v->nfields; i++)
			fprintf(cfg->out, "%s\"%s\": {\"actual\": %" PRIu64 ", \"expected\": %" PRIu64 "}",
				i ? ", " : "", v->field[i].name, v->field[i].actual, v->field[i].expected);
		fputs("}}\n", cfg->out);
		return;
	}
	if (cfg->format == TIMELINE_QUIET)
		return;
	fputs(cfg->format == TIMELINE_TAP ? "# " : "", cfg->out);
	if (v->ok) {
		fputs("verified: final vCPU state matches the target context (", cfg->out);
		for (unsigned int i = 0; i < v->nfields; i++)
			fprintf(cfg->out, "%s%s", i ? " " : "", v->field[i].name);
		fputs(")\n", cfg->out);
		return;
	}
	fprintf(cfg->out, "verification FAILED: %u of %u fields differ from the target context\n",
		v->nbad, v->nfields);
	for (unsigned int i = 0; i < v->nfields; i++)
		if (v->field[i].actual != v->field[i].expected)
			fprintf(cfg->out, "%s  %-10s actual 0x%" PRIx64 " expected 0x%" PRIx64 "\n",
				cfg->format == TIMELINE_TAP ? "# " : "", v->field[i].name,
				v->field[i].actual, v->field[i].expected);
}

/* The verdict line and the exit status, from everything the run produced. */
static int verdict(const struct run_config *cfg, struct machine *m, struct timeline *tl,
		   const struct vcpu_result *vr, bool verified)
{
	bool json = cfg->format == TIMELINE_JSON;
	char why[400] = "";
	int status = PMSW_EXIT_FAIL;

	if (vr->stop == VCPU_STOP_TIMEOUT) {
		snprintf(why, sizeof(why), "timeout: %s", vr->detail);
		status = PMSW_EXIT_TIMEOUT;
	} else if (!report_decoder_ok(&m->decoder)) {
		snprintf(why, sizeof(why), "bad report from the guest: %s", m->decoder.error);
	} else if (tl->failure[0]) {
		snprintf(why, sizeof(why), "%s", tl->failure);
	} else if (vr->stop != VCPU_STOP_GUEST_EXIT) {
		snprintf(why, sizeof(why), "%s: %s", vcpu_stop_name(vr->stop), vr->detail);
	} else if (!timeline_saw(tl, PMSW_EV_TARGET_DONE)) {
		snprintf(why, sizeof(why), "the run ended before the target finished%s%s",
			 m->early_len ? "; early console: " : "", m->early_text);
	} else if (!verified) {
		snprintf(why, sizeof(why), "final vCPU state does not match the target context");
	} else if (tl->target_status != 0) {
		snprintf(why, sizeof(why), "target returned %d", tl->target_status);
	} else {
		status = PMSW_EXIT_OK;
	}
	if (json) {
		fprintf(cfg->out, "{\"event\": \"result\", \"status\": %d, \"switched\": %s, "
			"\"verified\": %s, \"switch-tsc\": %" PRIu64 ", \"reason\": \"", status,
			timeline_saw(tl, PMSW_EV_ENTER_TARGET) ? "true" : "false",
			verified ? "true" : "false",
			tl->vmexit_tsc > tl->vmcall_tsc ? tl->vmexit_tsc - tl->vmcall_tsc : 0);
		timeline_escape(cfg->out, why, strlen(why), true);
		fputs("\"}\n", cfg->out);
	} else if (cfg->format == TIMELINE_TAP) {
		bool steps = timeline_complete(tl), done = timeline_saw(tl, PMSW_EV_TARGET_DONE);

		fprintf(cfg->out, "1..3\n%s 1 - all nine steps of the switch, in order\n",
			steps ? "ok" : "not ok");
		fprintf(cfg->out, "%s 2 - final vCPU state verified against the target context\n",
			verified ? "ok" : "not ok");
		fprintf(cfg->out, "%s 3 - target returned 0\n", done && !tl->target_status &&
			status == PMSW_EXIT_OK ? "ok" : "not ok");
		if (status != PMSW_EXIT_OK)
			fprintf(cfg->out, "# %s\n", why);
	} else if (status == PMSW_EXIT_OK) {
		fprintf(cfg->out, "result: PASS switched %s -> %s with %s", cfg->original, cfg->target,
			run_method_name(cfg->method));
		if (tl->vmexit_tsc > tl->vmcall_tsc)
			fprintf(cfg->out, " in %" PRIu64 " TSC cycles (vmcall -> first target instruction)",
				tl->vmexit_tsc - tl->vmcall_tsc);
		fputs("\n", cfg->out);
	} else {
		fprintf(cfg->out, "result: FAIL %s\n", why);
	}
	return status;
}

static int run_machine(const struct run_config *cfg, int sys_fd, struct elf_image img[2])
{
	struct machine m;
	struct context ctx[2];
	struct timeline tl;
	struct vcpu_result vr;
	struct verify_result v = { 0 };
	char path[4096], err[320];
	bool verified = false;
	int status = PMSW_EXIT_FAIL;

	timeline_init(&tl, cfg->out, cfg->format, cfg->verbose, cfg->color);
	if (payload_path(path, sizeof(path), payload_dir(cfg->payload_dir), "switcher", img[0].width) ||
	    machine_create(&m, sys_fd, (uint64_t)cfg->memory_mib << 20, path, timeline_record, &tl,
			   err, sizeof(err))) {
		fprintf(stderr, "pmswitch: %s\n", err);
		timeline_close(&tl);
		return PMSW_EXIT_FAIL;
	}
	for (unsigned int i = 0; i < 2; i++) {
		if (context_init(&ctx[i], &m, i, img[i].width, elf_image_paging(&img[i]), err, sizeof(err)) ||
		    context_load_image(&ctx[i], &m, &img[i], err, sizeof(err))) {
			fprintf(stderr, "pmswitch: %s: %s\n", i ? cfg->target : cfg->original, err);
			status = PMSW_EXIT_BAD_IMAGE;
			goto out;
		}
		m.bootinfo->ctx[i] = ctx[i].state;
	}
	m.bootinfo->method = cfg->method;
	m.bootinfo->flags = cfg->inject;
	if (cfg->format == TIMELINE_TAP)
		fputs("TAP version 13\n# ", cfg->out);
	if (cfg->format == TIMELINE_HUMAN || cfg->format == TIMELINE_TAP)
		fprintf(cfg->out, "pmswitch: %s (%d-bit) -> %s (%d-bit), method %s\n", cfg->original,
			img[0].width, cfg->target, img[1].width, run_method_name(cfg->method));
	if (machine_boot(&m, &ctx[0].state, cfg->timeout_ms, &vr, err, sizeof(err))) {
		fprintf(stderr, "pmswitch: %s\n", err);
		goto out;
	}
	if (cfg->verbose && cfg->format != TIMELINE_JSON)
		vcpu_dump(&m.vm, cfg->out, cfg->format == TIMELINE_TAP ? "# " : "");
	if (timeline_saw(&tl, PMSW_EV_ENTER_TARGET) && vr.stop == VCPU_STOP_GUEST_EXIT) {
		if (verify_target(&m.vm, &ctx[1].state, &v) == 0) {
			print_verify(cfg, &v);
			verified = v.ok;
		}
	}
	status = verdict(cfg, &m, &tl, &vr, verified);
out:
	machine_destroy(&m);
	timeline_close(&tl);
	return status;
}

int run_pair(const struct run_config *cfg)
{
	struct elf_image img[2];
	int sys_fd, status;

	status = load_images(cfg, (uint64_t)cfg->memory_mib << 20, img);
	if (status)
		return status;
	status = host_supports(cfg, &sys_fd);
	if (status == PMSW_EXIT_UNSUPPORTED && cfg->format == TIMELINE_TAP)
		fputs("1..0 # SKIP this host cannot run it\n", cfg->out);
	if (!status) {
		status = run_machine(cfg, sys_fd, img);
		close(sys_fd);
	}
	elf_image_free(&img[0]);
	elf_image_free(&img[1]);
	return status;
}
