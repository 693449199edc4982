/* SPDX-License-Identifier: MIT */
/*
 * The switch methods, one table entry each (like kvm-unit-tests' struct
 * vmx_test): what a method needs of the host, which pairs of widths it can
 * switch between, the events it must report in order, and what the VMM
 * checks of it. The payload has the same table for its steps
 * (payloads/switcher/methods.c). Adding a method: one file here with its
 * entry, one line in methods.c (doc/architecture.md, "Adding a method").
 */
#ifndef VMM_METHODS_H
#define VMM_METHODS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pmswitch/bootinfo.h>

#include "report/record_log.h"

enum method_host {
	METHOD_HOST_ANY,                /* any /dev/kvm */
	METHOD_HOST_NESTED_VMX,         /* kvm_intel with nested=1 */
	METHOD_HOST_NESTED_SVM,         /* kvm_amd with nested=1 */
};

enum method_widths {
	METHOD_SAME_WIDTH,              /* O and T both 32-bit or both 64-bit */
	METHOD_SAME_PAGING,             /* ... and the same paging mode */
	METHOD_ANY_WIDTHS,
};

struct method {
	const char *name;               /* --method NAME */
	enum pmsw_method code;          /* what the payload is told */
	enum method_host host;
	enum method_widths widths;
	const char *widths_why;         /* why other pairs cannot be (all but METHOD_ANY_WIDTHS) */
	int only_width;                 /* 32: 32-bit contexts only; 0: any */
	const char *only_width_why;
	/* The switcher is a monitor in a context of its own, booted first
	 * (always the 64-bit payload); O and T are its guests. */
	bool monitor;
	/* CR4 and EFER bits T holds while it runs the method's way, beyond T
	 * as built. */
	uint64_t held_cr4, held_efer;
	const uint16_t *events;         /* enum pmsw_event: every step, in order */
	unsigned int nevents;
	/* The switch's cost: TSC from span_from's (latest) record to span_to's. */
	uint16_t span_from, span_to;
	const char *span_what;          /* "vmcall -> first target instruction" */
	/* The payload's landing: the symbol of the instruction that signals the
	 * landing port as the first thing in T, and what the CPU holds there
	 * besides T as built (LANDING_*). NULL: no landing to check. */
	const char *landing_symbol;
	unsigned int landing;
	/* The method's own checks of a run that reached the target, beyond
	 * the final state every method gets: false with one line in why. */
	bool (*check)(const struct record_log *log, char *why, size_t len);
};

/* The landing is a VM exit's (SDM 28.5): GDTR/IDTR limits 0xffff, CR4.VMXE
 * still on, RFLAGS 0x2, RSP = HOST_RSP (the switcher stack). */
#define LANDING_VM_EXIT (1u << 0)
/* The landing is a VM entry's into T as built: RSP = T's stack, RFLAGS 0x2,
 * and the method's held bits. */
#define LANDING_VM_ENTRY (1u << 1)

extern const struct method *const methods[];
extern const unsigned int nmethods;

const struct method *method_find(const char *name);
const struct method *method_by_code(enum pmsw_method code);
/* A method the documentation names that is not built into this version. */
bool method_planned(const char *name);
/* The built-in methods' names, blank-separated. */
const char *method_names(void);
/* Whether a host with (or without) nested VMX and SVM has what m needs. */
bool method_host_ok(const struct method *m, bool nested_vmx, bool nested_svm);
/* The default method of such a host (vmx-exit with nested VMX, svm-entry
 * with nested SVM), NULL if it has neither or it is not built in; *name
 * says which one that is, built or not ("" for neither). */
const struct method *method_host_default(bool nested_vmx, bool nested_svm, const char **name);
/* The names of the built-in methods such a host can run, blank-separated. */
void method_host_names(bool nested_vmx, bool nested_svm, char *buf, size_t len);

/* The VM exit that switched was the VMCALL's: false, saying which it was. */
bool method_check_vmcall(const struct record_log *log, char *why, size_t len);

/* The entries (one file each). */
extern const struct method method_vmx_exit;
extern const struct method method_piecemeal;
extern const struct method method_task_switch;
extern const struct method method_vmx_entry;
extern const struct method method_svm_entry;

#endif
