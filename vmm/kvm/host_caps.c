// SPDX-License-Identifier: MIT
#include "kvm/host_caps.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <pmswitch/types.h>
#include <pmswitch/x86.h>

#include "kvm/kvm.h"

/* The CR4 bits a context may ask for, and the CPUID bit that allows each. */
static const struct {
	uint32_t cr4;
	const char *name;
	uint32_t leaf, reg;     /* reg: 1 EBX, 3 EDX of the leaf (subleaf 0) */
	uint32_t bit;
	const char *cpuid;
} cr4_needs[] = {
	{ X86_CR4_PGE, "PGE", 1, 3, CPUID_1_EDX_PGE, "CPUID.1:EDX[13]" },
	{ X86_CR4_OSFXSR, "OSFXSR", 1, 3, CPUID_1_EDX_FXSR, "CPUID.1:EDX[24]" },
	{ X86_CR4_OSXMMEXCPT, "OSXMMEXCPT", 1, 3, CPUID_1_EDX_SSE, "CPUID.1:EDX[25]" },
	{ X86_CR4_SMEP, "SMEP", 7, 1, CPUID_7_EBX_SMEP, "CPUID.(EAX=7,ECX=0):EBX[7]" },
	{ X86_CR4_SMAP, "SMAP", 7, 1, CPUID_7_EBX_SMAP, "CPUID.(EAX=7,ECX=0):EBX[20]" },
};

int host_cr4_check(int sys_fd, uint64_t cr4, char *why, size_t len)
{
	struct kvm_cpuid2 *c = kvm_supported_cpuid(sys_fd);
	int r = 0;

	if (!c) {
		snprintf(why, len, "KVM_GET_SUPPORTED_CPUID failed");
		return -1;
	}
	for (unsigned int i = 0; !r && i < PMSW_ARRAY_SIZE(cr4_needs); i++) {
		const struct kvm_cpuid_entry2 *e;
		uint32_t v;

		if (!(cr4 & cr4_needs[i].cr4))
			continue;
		e = kvm_cpuid_find(c, cr4_needs[i].leaf, 0);
		v = !e ? 0 : cr4_needs[i].reg == 1 ? e->ebx : e->edx;
		if (!(v & cr4_needs[i].bit)) {
			snprintf(why, len, "CR4.%s is not available to this host's guests (%s clear)",
				 cr4_needs[i].name, cr4_needs[i].cpuid);
			r = -1;
		}
	}
	free(c);
	return r;
}

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
