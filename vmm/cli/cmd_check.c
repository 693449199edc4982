// SPDX-License-Identifier: MIT
/*
 * pmswitch check: can this host run pmswitch? One "key: value" line each,
 * or one JSON object with --json. The probe payload is booted in a 64-bit
 * and a 32-bit context to show what a guest actually sees.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <pmswitch/layout.h>
#include <pmswitch/report.h>
#include <pmswitch/x86.h>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "kvm/host_caps.h"
#include "methods/methods.h"
#include "session/session.h"

#define PROBE_TIMEOUT_MS 10000u

/* What the probe payload found in a bare context of one width. */
struct probe_result {
	bool ok;                        /* the probe record arrived */
	struct pmsw_ev_probe probe;
	char error[SESSION_ERROR_MAX];  /* why not, when !ok */
};

/* Boots the probe payload and judges its outcome. */
static void probe_run(const char *payload_dir, int width, struct probe_result *res)
{
	struct session_options so = {
		.payload = "probe", .bare_width = width, .payload_dir = payload_dir,
		.memory_mib = PMSW_RAM_MIN_MIB, .timeout_ms = PROBE_TIMEOUT_MS,
	};
	struct session s;
	struct run_outcome o;
	size_t n = sizeof(res->error);

	memset(res, 0, sizeof(*res));
	if (session_build(&s, &so)) {
		snprintf(res->error, n, "%s", s.error);
		return;
	}
	session_run(&s, &o);
	session_destroy(&s);
	if (o.boot_error[0])
		snprintf(res->error, n, "%s", o.boot_error);
	else if (!o.decoder_ok)
		snprintf(res->error, n, "bad report: %s", o.decoder_error);
	else if (o.vcpu.stop != VCPU_STOP_GUEST_EXIT || o.guest_status != PMSW_GUEST_DONE)
		snprintf(res->error, n, "probe stopped (%s, status 0x%x): %s",
			 vcpu_stop_name(o.vcpu.stop), o.guest_status, o.vcpu.detail);
	else if (!o.log.have_probe)
		snprintf(res->error, n, "probe sent no report");
	else
		res->ok = true;
	res->probe = o.log.probe;
	run_outcome_free(&o);
}

static const char *probe_mode_name(uint32_t mode)
{
	static const char *const names[] = {
		[PMSW_MODE_REAL] = "real", [PMSW_MODE_PROT32] = "protected32",
		[PMSW_MODE_PROT32_PAGED] = "protected32-paged", [PMSW_MODE_PAE32] = "protected32-pae",
		[PMSW_MODE_LONG64] = "long64",
	};

	return mode < PMSW_ARRAY_SIZE(names) && names[mode] ? names[mode] : "unknown";
}

static void print_probe(const char *key, const struct probe_result *p, int json)
{
	char vendor[13];

	memcpy(vendor, p->probe.vendor, 12);
	vendor[12] = 0;
	for (int i = 0; i < 12; i++)
		if (vendor[i] < 0x20 || vendor[i] > 0x7e || vendor[i] == '"' || vendor[i] == '\\')
			vendor[i] = '?';
	if (json && !p->ok)
		printf(", \"%s\": {\"ok\": false}", key);
	else if (json)
		printf(", \"%s\": {\"ok\": true, \"mode\": \"%s\", \"vendor\": \"%s\", \"vmx\": %s, "
		       "\"svm\": %s}", key, probe_mode_name(p->probe.mode), vendor,
		       p->probe.cpuid1_ecx & CPUID_1_ECX_VMX ? "true" : "false",
		       p->probe.cpuid_ext_ecx & CPUID_80000001_ECX_SVM ? "true" : "false");
	else if (!p->ok)
		printf("%s: failed (%s)\n", key, p->error);
	else
		printf("%s: %s, %s, vmx %s, svm %s\n", key, probe_mode_name(p->probe.mode), vendor,
		       p->probe.cpuid1_ecx & CPUID_1_ECX_VMX ? "yes" : "no",
		       p->probe.cpuid_ext_ecx & CPUID_80000001_ECX_SVM ? "yes" : "no");
}

static void print_cap(const char *key, int yes, const char *reason, int json)
{
	if (json)
		printf(", \"%s\": %s", key, yes ? "true" : "false");
	else if (yes)
		printf("%s: yes\n", key);
	else
		printf("%s: no (%s)\n", key, reason);
}

/* The methods this host can run: its nesting suits them, and a guest of a
 * width they switch boots. */
static void print_methods(const struct host_caps *caps, const struct probe_result *p64,
			  const struct probe_result *p32, int json)
{
	int n = 0;

	fputs(json ? ", \"methods\": [" : "methods:", stdout);
	for (unsigned int i = 0; i < nmethods; i++) {
		const struct method *m = methods[i];
		bool boots = m->only_width == 32 ? p32->ok : m->only_width == 64 ? p64->ok :
			     p64->ok || p32->ok;

		if (!boots || !method_host_ok(m, caps->nested_vmx, caps->nested_svm))
			continue;
		printf(json ? "%s\"%s\"" : "%s%s", json ? (n ? ", " : "") : " ", m->name);
		n++;
	}
	fputs(json ? "]" : (n ? "\n" : " none\n"), stdout);
}

int cmd_check(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct host_caps caps;
	struct probe_result p64 = { 0 }, p32 = { 0 };
	int json = 0, c, fd, can;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else if (c == 'h')
			return usage_check(stdout), PMSW_EXIT_OK;
		else
			return usage_check(stderr), PMSW_EXIT_USAGE;
	}
	if (optind != argc)
		return usage_check(stderr), PMSW_EXIT_USAGE;

	fd = host_caps_probe(&caps);
	if (fd >= 0) {
		close(fd);
		probe_run(g->payload_dir, 64, &p64);
		probe_run(g->payload_dir, 32, &p32);
	}
	can = (caps.nested_vmx || caps.nested_svm) && p64.ok && p32.ok;
	if (json) {
		printf("{\"kvm\": %s", caps.kvm ? "true" : "false");
		if (caps.kvm)
			printf(", \"api-version\": %d", caps.api_version);
		printf(", \"module\": \"%s\"", caps.module);
	} else {
		print_cap("kvm", caps.kvm, caps.kvm_reason, 0);
		if (caps.kvm)
			printf("api-version: %d\n", caps.api_version);
		if (caps.module[0])
			printf("module: %s\n", caps.module);
	}
	print_cap("nested-vmx", caps.nested_vmx, caps.vmx_reason, json);
	print_cap("nested-svm", caps.nested_svm, caps.svm_reason, json);
	if (caps.kvm) {
		print_probe("guest-64", &p64, json);
		print_probe("guest-32", &p32, json);
	}
	print_methods(&caps, &p64, &p32, json);
	if (json)
		printf(", \"can-run\": %s}\n", can ? "true" : "false");
	else
		printf("can-run: %s\n", can ? "yes" : "no");
	return can ? PMSW_EXIT_OK : PMSW_EXIT_UNSUPPORTED;
}
