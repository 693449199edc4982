// SPDX-License-Identifier: MIT
/*
 * pmswitch check: can this host run pmswitch? One "key: value" line each,
 * or one JSON object with --json. The probe payload is booted in a 64-bit
 * and a 32-bit context to show what a guest actually sees.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <pmswitch/x86.h>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "kvm/host_caps.h"
#include "image/payload_path.h"
#include "session/probe.h"

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
		const char *dir = payload_dir(g->payload_dir);

		probe_run(fd, dir, 64, &p64);
		probe_run(fd, dir, 32, &p32);
		close(fd);
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
	if (json)
		printf(", \"can-run\": %s}\n", can ? "true" : "false");
	else
		printf("can-run: %s\n", can ? "yes" : "no");
	return can ? PMSW_EXIT_OK : PMSW_EXIT_UNSUPPORTED;
}
