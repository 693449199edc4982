/* SPDX-License-Identifier: MIT */
/* What this host's KVM can do for pmswitch, with the reason when it can't. */
#ifndef VMM_HOST_CAPS_H
#define VMM_HOST_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct host_caps {
	bool kvm;
	int api_version;
	char module[32];        /* kvm_intel, kvm_amd, ... ("" if unknown) */
	bool nested_vmx, nested_svm;
	char kvm_reason[160], vmx_reason[160], svm_reason[160];
};

/* Fills caps; returns the open /dev/kvm fd (caller closes) or -1. */
int host_caps_probe(struct host_caps *caps);
/* 0 if a guest of this host may set cr4's feature bits (SMEP, SMAP, PGE,
 * ...), or -1 with the first missing one and its CPUID bit in why. */
int host_cr4_check(int sys_fd, uint64_t cr4, char *why, size_t len);

#endif
