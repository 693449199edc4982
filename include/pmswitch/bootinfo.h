/* SPDX-License-Identifier: MIT */
/*
 * Boot-info page: what the VMM tells the payload, at PMSW_BOOTINFO_VA.
 * Holds both context states (as the VMM built them), the scratch pages for
 * VMX/SVM, and the services the payload offers a context image's entry.
 */
#ifndef PMSWITCH_BOOTINFO_H
#define PMSWITCH_BOOTINFO_H

#include "layout.h"

/* Test-only fault injection, chosen by the VMM (pmswitch run --inject). */
#define PMSW_BI_BREAK_HOST_TR   (PMSW_U(1) << 0)       /* HOST_TR_SELECTOR = 0: VMfailValid 8 */
#define PMSW_BI_BREAK_GUEST_RFLAGS (PMSW_U(1) << 1)    /* GUEST_RFLAGS = 0: exit 0x80000021 */
/* vmx-exit prepares the VMCS and says "vmlaunch", then reaches T by loading
 * it piecemeal instead: a switcher the strict verdict must catch. */
#define PMSW_BI_SKIP_EXIT       (PMSW_U(1) << 2)
/* `pmswitch probe` steps the switch: add no instrumentation to its path. */
#define PMSW_BI_PROBED          (PMSW_U(1) << 3)
/* `pmswitch run --nmi` raises NMIs: the handler signals PMSW_PORT_NMI and
 * returns to the interrupted code instead of ending the run. */
#define PMSW_BI_NMI             (PMSW_U(1) << 4)

/* pmsw_bootinfo.flags at PMSW_BOOTINFO_VA, for assembly that tests them
 * before C runs (asserted below). */
#define PMSW_BI_FLAGS_VA        0x7fe0000c

#ifndef __ASSEMBLER__
#include "types.h"

#define PMSW_BOOTINFO_MAGIC     0x49425350u     /* "PSBI" */
#define PMSW_BOOTINFO_VERSION   1u

enum pmsw_method {
	PMSW_METHOD_VMX_EXIT = 1,
	PMSW_METHOD_VMX_ENTRY,
	PMSW_METHOD_SVM_ENTRY,
	PMSW_METHOD_PIECEMEAL,
	PMSW_METHOD_TASK_SWITCH,
};

enum pmsw_paging {
	PMSW_PAGING_2LEVEL = 1, /* 32-bit, 4 KiB pages, CR4.PAE=0 */
	PMSW_PAGING_PAE,        /* 32-bit, CR4.PAE=1 */
	PMSW_PAGING_4LEVEL,     /* IA-32e */
};

/* Each context's GDT layout and selectors are the VMM's choice, recorded in
 * its pmsw_context_state (vmm/context/context.c). */

struct pmsw_context_state {
	uint32_t width;         /* 32 or 64 */
	uint32_t paging;        /* enum pmsw_paging */
	pmsw_u64 cr0, cr3, cr4, efer;
	pmsw_u64 gdtr_base, idtr_base, tr_base;
	uint32_t gdtr_limit, idtr_limit, tr_limit, reserved;
	uint16_t cs, ss, ds, tr;
	pmsw_u64 entry;         /* the image's entry point (virtual) */
	pmsw_u64 stack_top;     /* the image's stack (virtual) */
	pmsw_u64 pdpte[4];      /* PAE: the four PDPTEs CR3 points at */
};

/* run --round-trips: at most this many; as many bare exit round trips are
 * measured (report.h PMSW_EV_BARE). */
#define PMSW_ROUND_TRIPS_MAX    1000u

struct pmsw_bootinfo {
	uint32_t magic, version;
	uint32_t method;        /* enum pmsw_method */
	uint32_t flags;         /* PMSW_BI_* */
	struct pmsw_context_state ctx[2];       /* [0] original, [1] target */
	pmsw_u64 vmxon_pa, vmxon_va;            /* 4 KiB scratch, zeroed */
	pmsw_u64 vmcs_pa, vmcs_va;              /* 4 KiB scratch, zeroed */
	pmsw_u64 console_va;    /* virtio-mmio console registers */
	pmsw_u64 ram_size;
	pmsw_u64 vmcs_t_pa, vmcs_t_va;          /* vmx-entry: T's VMCS (vmcs_*: O's) */
	pmsw_u64 vmsave_pa;                     /* svm-entry: the monitor's VMSAVE area */
	uint32_t round_trips;                   /* run --round-trips: O->T->O this often */
	uint32_t reserved;
};
PMSW_ABI_ASSERT(__builtin_offsetof(struct pmsw_bootinfo, flags) + PMSW_BOOTINFO_VA ==
		PMSW_BI_FLAGS_VA, "PMSW_BI_FLAGS_VA is pmsw_bootinfo.flags");

#define PMSW_CTX_IDX_ORIGINAL   0
#define PMSW_CTX_IDX_TARGET     1
#define PMSW_CTX_IDX_MONITOR    2       /* vmx-entry: the VMM builds it, boots there */
#endif /* __ASSEMBLER__ */

#endif
