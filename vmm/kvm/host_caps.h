/* SPDX-License-Identifier: MIT */
/* What this host's KVM can do for pmswitch, with the reason when it can't. */
#ifndef VMM_HOST_CAPS_H
#define VMM_HOST_CAPS_H

#include <stdbool.h>

struct host_caps {
	bool kvm;
	int api_version;
	char module[32];        /* kvm_intel, kvm_amd, ... ("" if unknown) */
	bool nested_vmx, nested_svm;
	char kvm_reason[160], vmx_reason[160], svm_reason[160];
};

/* Fills caps; returns the open /dev/kvm fd (caller closes) or -1. */
int host_caps_probe(struct host_caps *caps);

#endif
