// SPDX-License-Identifier: MIT
#include "kvm/host_caps.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <pmswitch/x86.h>

#include "kvm/kvm.h"

static bool module_loaded(const char *name)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

/* The vendor module providing /dev/kvm: kvm_intel, kvm_amd or another kvm_*. */
static void find_module(char *out, size_t len)
{
	DIR *d = opendir("/sys/module");
	struct dirent *e;

	out[0] = 0;
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strncmp(e->d_name, "kvm_", 4)) {
			snprintf(out, len, "%.*s", (int)len - 1, e->d_name);
			if (!strcmp(e->d_name, "kvm_intel") || !strcmp(e->d_name, "kvm_amd"))
				break;
		}
	}
	closedir(d);
}

static void nested_reason(const char *module, const char *want, char *out, size_t len)
{
	char path[96], val[16] = "";
	FILE *f;

	if (!module_loaded(want)) {
		snprintf(out, len, "%s not loaded%s%s", want, *module ? "; KVM is provided by " : "",
			 module);
		return;
	}
	snprintf(path, sizeof(path), "/sys/module/%s/parameters/nested", want);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(val, sizeof(val), f))
			val[0] = 0;
		fclose(f);
		val[strcspn(val, "\n")] = 0;
	}
	if (!strcmp(val, "N") || !strcmp(val, "0"))
		snprintf(out, len, "%s nested=%s (load it with nested=1)", want, val);
	else
		snprintf(out, len, "KVM does not offer %s to its guests",
			 !strcmp(want, "kvm_intel") ? "VMX" : "SVM");
}

int host_caps_probe(struct host_caps *caps)
{
	struct kvm_cpuid2 *cpuid;
	const struct kvm_cpuid_entry2 *e;
	uint64_t basic;
	int fd;

	memset(caps, 0, sizeof(*caps));
	find_module(caps->module, sizeof(caps->module));
	fd = kvm_open_system(caps->kvm_reason, sizeof(caps->kvm_reason));
	if (fd < 0) {
		snprintf(caps->vmx_reason, sizeof(caps->vmx_reason), "no KVM");
		snprintf(caps->svm_reason, sizeof(caps->svm_reason), "no KVM");
		return -1;
	}
	caps->kvm = true;
	caps->api_version = ioctl(fd, KVM_GET_API_VERSION, 0);
	cpuid = kvm_supported_cpuid(fd);
	if (!cpuid) {
		snprintf(caps->vmx_reason, sizeof(caps->vmx_reason), "KVM_GET_SUPPORTED_CPUID failed");
		snprintf(caps->svm_reason, sizeof(caps->svm_reason), "KVM_GET_SUPPORTED_CPUID failed");
		return fd;
	}
	e = kvm_cpuid_find(cpuid, 1, 0);
	/* VMX needs the capability MSRs too: the payload builds a VMCS from them. */
	caps->nested_vmx = e && (e->ecx & CPUID_1_ECX_VMX) &&
			   kvm_feature_msr(fd, MSR_IA32_VMX_BASIC, &basic) == 0 && basic;
	e = kvm_cpuid_find(cpuid, 0x80000001u, 0);
	caps->nested_svm = e && (e->ecx & CPUID_80000001_ECX_SVM);
	free(cpuid);
	if (!caps->nested_vmx)
		nested_reason(caps->module, "kvm_intel", caps->vmx_reason, sizeof(caps->vmx_reason));
	if (!caps->nested_svm)
		nested_reason(caps->module, "kvm_amd", caps->svm_reason, sizeof(caps->svm_reason));
	return fd;
}
