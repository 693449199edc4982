/* SPDX-License-Identifier: MIT */
/*
 * Report records: what the payload sends to the VMM over the virtio-console
 * transmit queue. The stream is a sequence of records, each a header
 * followed by an event-specific body; records may be split across or packed
 * into virtio buffers in any way. The VMM treats every byte as hostile:
 * see vmm/report_decode.c.
 */
#ifndef PMSWITCH_REPORT_H
#define PMSWITCH_REPORT_H

#include "types.h"

#define PMSW_RECORD_MAGIC       0x52534d50u     /* "PMSR" little-endian */
#define PMSW_RECORD_MAX         512u            /* header + body */
#define PMSW_TEXT_MAX           (PMSW_RECORD_MAX - sizeof(struct pmsw_record))

/* ENTER_ORIGINAL..TARGET_DONE are the steps of a switch, numbered in order. */
enum pmsw_event {
	PMSW_EV_ENTER_ORIGINAL = 1,
	PMSW_EV_VMXON,
	PMSW_EV_VMCS_READY,
	PMSW_EV_VMLAUNCH,
	PMSW_EV_VMCALL,
	PMSW_EV_VMEXIT,
	PMSW_EV_VMXOFF,
	PMSW_EV_ENTER_TARGET,
	PMSW_EV_TARGET_DONE,
	PMSW_EV_EXCEPTION,
	PMSW_EV_VMFAIL,
	PMSW_EV_TEXT,
	PMSW_EV_PROBE,
	PMSW_EV_SWITCH_START,   /* O's last instruction before a switch with no VMCALL */
	PMSW_EV_PIECE,          /* one register loaded by a piecemeal switch */
	PMSW_EV_SVM_ON,         /* svm-entry: EFER.SVME and VM_HSAVE_PA set */
	PMSW_EV_VMCB_READY,
	PMSW_EV_VMMCALL,
	PMSW_EV_VMRUN,
	PMSW_EV_TRIP,           /* one switch of run --round-trips after the first */
	PMSW_EV_BARE,           /* one bare exit round trip (run --round-trips) */
	PMSW_EV_MAX
};

/* Which context a record comes from. */
#define PMSW_CTX_NONE           0
#define PMSW_CTX_ORIGINAL       'O'
#define PMSW_CTX_TARGET         'T'
#define PMSW_CTX_MONITOR        'M'     /* vmx-entry's monitor, in neither */

struct pmsw_record {
	uint32_t magic;
	uint16_t event;         /* enum pmsw_event */
	uint16_t length;        /* header + body, <= PMSW_RECORD_MAX */
	uint32_t seq;           /* starts at 0, +1 per record */
	uint8_t  ctx;           /* PMSW_CTX_* */
	uint8_t  reserved[3];
	pmsw_u64 tsc;           /* RDTSC when the event happened */
};
PMSW_ABI_ASSERT(sizeof(struct pmsw_record) == 24, "record header layout");

/* Body of ENTER_*, VMEXIT, VMXOFF and other state-carrying events. */
struct pmsw_regs {
	pmsw_u64 cr0, cr3, cr4, efer;
	pmsw_u64 gdtr_base, idtr_base;
	uint32_t gdtr_limit, idtr_limit;
	uint16_t cs, ss, tr, reserved;
	pmsw_u64 rip, rsp, rflags;
};
PMSW_ABI_ASSERT(sizeof(struct pmsw_regs) == 88, "regs layout");

/* Body of VMEXIT: why the exit happened, and the state it loaded. */
struct pmsw_ev_vmexit {
	uint32_t exit_reason;
	uint32_t svm;           /* 1: exit_reason is an SVM #VMEXIT code */
	pmsw_u64 qualification;
	struct pmsw_regs regs;  /* as the VM exit left them, before VMXOFF */
};

struct pmsw_ev_exception {
	uint32_t vector, reserved;
	pmsw_u64 error_code, rip, cr2;
	uint16_t cs, reserved2[3];
};

/* VMX instruction failure, failed VM entry, or an unexpected VM exit. */
struct pmsw_ev_vmfail {
	uint32_t insn;          /* enum pmsw_vmx_insn */
	uint32_t fail;          /* PMSW_VMFAIL_* */
	uint32_t vm_error;      /* VM-instruction error field, for VMfailValid */
	uint32_t exit_reason;   /* for PMSW_VMFAIL_EXIT: bit 31 = entry failure */
	pmsw_u64 qualification; /* exit qualification; VMWRITE: the field */
};
#define PMSW_VMFAIL_INVALID     1       /* CF=1: no current VMCS */
#define PMSW_VMFAIL_VALID       2       /* ZF=1: see vm_error */
#define PMSW_VMFAIL_EXIT        3       /* VM exit other than VMCALL */
#define PMSW_VMFAIL_DISABLED    4       /* IA32_FEATURE_CONTROL forbids VMXON */

enum pmsw_vmx_insn {
	PMSW_INSN_VMXON = 1, PMSW_INSN_VMCLEAR, PMSW_INSN_VMPTRLD,
	PMSW_INSN_VMWRITE, PMSW_INSN_VMREAD, PMSW_INSN_VMLAUNCH,
	PMSW_INSN_VMRESUME, PMSW_INSN_VMCALL, PMSW_INSN_VMXOFF,
	PMSW_INSN_VMRUN,        /* PMSW_VMFAIL_EXIT: exit_reason is an SVM #VMEXIT code */
};

/* CPU mode as the payload found it (CR0/CR4/EFER). */
enum pmsw_cpu_mode {
	PMSW_MODE_REAL = 1, PMSW_MODE_PROT32, PMSW_MODE_PROT32_PAGED,
	PMSW_MODE_PAE32, PMSW_MODE_LONG64,
};

struct pmsw_ev_probe {
	uint32_t mode;          /* enum pmsw_cpu_mode */
	uint32_t cpuid1_ecx;    /* bit 5: VMX */
	uint32_t cpuid_ext_ecx; /* CPUID 0x80000001 ECX, bit 2: SVM */
	char     vendor[12];    /* CPUID 0 EBX EDX ECX */
	pmsw_u64 cr0, cr4, efer;
	pmsw_u64 feature_control;  /* IA32_FEATURE_CONTROL, when VMX */
};

/* The 32-bit value a payload writes to PMSW_PORT_EXIT. */
#define PMSW_GUEST_DONE         0u      /* ran to the end; see the records */
#define PMSW_GUEST_FAILED       1u      /* exception, VMX failure, ... */
#define PMSW_GUEST_NO_CONSOLE   0xbadu  /* could not drive the console */

/* Body of PIECE: which register was loaded, and the CPU right after it,
 * half one context and half the other. */
enum pmsw_piece {
	PMSW_PIECE_CR3 = 1, PMSW_PIECE_GDTR, PMSW_PIECE_SEGMENTS, PMSW_PIECE_IDTR,
	PMSW_PIECE_TR, PMSW_PIECE_CR4, PMSW_PIECE_EFER, PMSW_PIECE_CR0,
	PMSW_PIECE_TASK,        /* a task switch: CR3, EIP, EFLAGS, GPRs, selectors, LDTR, TR */
	PMSW_PIECE_MAX
};

struct pmsw_ev_piece {
	uint32_t what;          /* enum pmsw_piece */
	uint32_t flags;         /* PMSW_PIECE_F_* */
	struct pmsw_regs regs;  /* valid with PMSW_PIECE_F_REGS */
};
/* Body of TRIP: the n-th switch back or forth after the first (1 = the first
 * T->O), its direction, and its cost from the TSC read before the leaving
 * context's call to the one read at the arriving context's landing. */
struct pmsw_ev_trip {
	uint32_t n;
	uint32_t to;            /* PMSW_CTX_ORIGINAL or PMSW_CTX_TARGET */
	pmsw_u64 tsc;
};

/* Body of BARE: the n-th (from 1) round trip of a guest that does nothing
 * but VMCALL (VMMCALL), to a handler that does nothing but enter it again,
 * in a VMCS (VMCB) whose guest and host are both the context measuring
 * (ctx): its TSC from one call to the next, the reference a switch's cost is
 * set against. */
struct pmsw_ev_bare {
	uint32_t n;
	uint32_t ctx;           /* PMSW_CTX_* it was measured in */
	pmsw_u64 tsc;
};

/* The payload snapshotted the CPU after the load. Not while probed: the
 * VMM then sees every boundary itself, and snapshots would only add steps. */
#define PMSW_PIECE_F_REGS       (1u << 0)

struct pmsw_ev_done {
	int32_t status;         /* target entry's return value */
	uint32_t reserved;
};

#endif
