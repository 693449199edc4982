/* SPDX-License-Identifier: MIT */
/*
 * Architectural constants, named as in the Intel SDM (Vol. 3) and the AMD
 * APM. The one home for them: vmm/ and payloads/ both include this.
 */
#ifndef PMSWITCH_X86_H
#define PMSWITCH_X86_H

/* CR0 (SDM 2.5) */
#define X86_CR0_PE      (1u << 0)
#define X86_CR0_MP      (1u << 1)
#define X86_CR0_ET      (1u << 4)
#define X86_CR0_NE      (1u << 5)
#define X86_CR0_WP      (1u << 16)
#define X86_CR0_AM      (1u << 18)
#define X86_CR0_NW      (1u << 29)
#define X86_CR0_CD      (1u << 30)
#define X86_CR0_PG      (1u << 31)

/* CR4 (SDM 2.5) */
#define X86_CR4_VME     (1u << 0)
#define X86_CR4_PVI     (1u << 1)
#define X86_CR4_TSD     (1u << 2)
#define X86_CR4_DE      (1u << 3)
#define X86_CR4_PSE     (1u << 4)
#define X86_CR4_PAE     (1u << 5)
#define X86_CR4_MCE     (1u << 6)
#define X86_CR4_PGE     (1u << 7)
#define X86_CR4_PCE     (1u << 8)
#define X86_CR4_OSFXSR  (1u << 9)
#define X86_CR4_OSXMMEXCPT (1u << 10)
#define X86_CR4_UMIP    (1u << 11)
#define X86_CR4_VMXE    (1u << 13)
#define X86_CR4_SMXE    (1u << 14)
#define X86_CR4_FSGSBASE (1u << 16)
#define X86_CR4_OSXSAVE (1u << 18)
#define X86_CR4_SMEP    (1u << 20)
#define X86_CR4_SMAP    (1u << 21)

/* IA32_EFER (SDM 2.2.1) */
#define X86_EFER_SCE    (1u << 0)
#define X86_EFER_LME    (1u << 8)
#define X86_EFER_LMA    (1u << 10)
#define X86_EFER_NXE    (1u << 11)
#define X86_EFER_SVME   (1u << 12)

/* RFLAGS */
#define X86_RFLAGS_CF   (1u << 0)
#define X86_RFLAGS_FIXED (1u << 1)
#define X86_RFLAGS_ZF   (1u << 6)
#define X86_RFLAGS_IF   (1u << 9)

/* MSRs (SDM Vol. 4) */
#define MSR_IA32_TSC                    0x00000010u
#define MSR_IA32_FEATURE_CONTROL        0x0000003au
#define  FEATURE_CONTROL_LOCKED         (1u << 0)
#define  FEATURE_CONTROL_VMXON_IN_SMX   (1u << 1)
#define  FEATURE_CONTROL_VMXON_OUTSIDE_SMX (1u << 2)
#define MSR_IA32_SYSENTER_CS            0x00000174u
#define MSR_IA32_SYSENTER_ESP           0x00000175u
#define MSR_IA32_SYSENTER_EIP           0x00000176u
#define MSR_IA32_PAT                    0x00000277u
#define MSR_IA32_VMX_BASIC              0x00000480u
#define MSR_IA32_VMX_PINBASED_CTLS      0x00000481u
#define MSR_IA32_VMX_PROCBASED_CTLS     0x00000482u
#define MSR_IA32_VMX_EXIT_CTLS          0x00000483u
#define MSR_IA32_VMX_ENTRY_CTLS         0x00000484u
#define MSR_IA32_VMX_MISC               0x00000485u
#define MSR_IA32_VMX_CR0_FIXED0         0x00000486u
#define MSR_IA32_VMX_CR0_FIXED1         0x00000487u
#define MSR_IA32_VMX_CR4_FIXED0         0x00000488u
#define MSR_IA32_VMX_CR4_FIXED1         0x00000489u
#define MSR_IA32_VMX_VMCS_ENUM          0x0000048au
#define MSR_IA32_VMX_PROCBASED_CTLS2    0x0000048bu
#define MSR_IA32_VMX_EPT_VPID_CAP       0x0000048cu
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS 0x0000048du
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x0000048eu
#define MSR_IA32_VMX_TRUE_EXIT_CTLS     0x0000048fu
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS    0x00000490u
#define MSR_IA32_VMX_VMFUNC             0x00000491u
#define  VMX_BASIC_TRUE_CTLS            (1ull << 55)
#define MSR_EFER                        0xc0000080u
#define MSR_VM_CR                       0xc0010114u     /* AMD: SVMDIS bit 4 */
#define MSR_VM_HSAVE_PA                 0xc0010117u

/* CPUID (SDM Vol. 2, CPUID) */
#define CPUID_1_ECX_VMX                 (1u << 5)
#define CPUID_1_EDX_PGE                 (1u << 13)
#define CPUID_1_EDX_FXSR                (1u << 24)
#define CPUID_1_EDX_SSE                 (1u << 25)
#define CPUID_7_EBX_SMEP                (1u << 7)
#define CPUID_7_EBX_SMAP                (1u << 20)
#define CPUID_80000001_ECX_SVM          (1u << 2)
#define CPUID_80000001_EDX_NX           (1u << 20)
#define CPUID_80000001_EDX_LM           (1u << 29)

/* Paging-structure entries (SDM 4.3, 4.4, 4.5) */
#define PTE_P           (1ull << 0)
#define PTE_RW          (1ull << 1)
#define PTE_US          (1ull << 2)
#define PTE_PWT         (1ull << 3)
#define PTE_PCD         (1ull << 4)
#define PTE_A           (1ull << 5)
#define PTE_D           (1ull << 6)
#define PTE_PS          (1ull << 7)
#define PTE_G           (1ull << 8)
#define PTE_NX          (1ull << 63)
#define PTE_ADDR_MASK_4LEVEL 0x000ffffffffff000ull
#define PTE_ADDR_MASK_2LEVEL 0xfffff000u

/* Segment descriptors (SDM 3.4.5): the access byte */
#define DESC_TYPE_ACCESSED      0x1     /* code/data: set by the CPU on load */
#define DESC_TYPE_CODE_XR       0xa     /* execute/read, accessed clear */
#define DESC_TYPE_DATA_RW       0x2
#define DESC_TYPE_TSS32_AVAIL   0x9     /* also the 64-bit TSS type */
#define DESC_TYPE_TSS32_BUSY    0xb
#define DESC_TYPE_INT_GATE32    0xe     /* also the 64-bit interrupt gate */
#define DESC_TYPE_TRAP_GATE32   0xf     /* also the 64-bit trap gate */
#define DESC_DPL_SHIFT          5       /* in the access byte */
#define DESC_S                  (1u << 4)       /* code/data, not system */
#define DESC_P                  (1u << 7)
/* flags nibble (bits 52..55 of the descriptor) */
#define DESC_FLAG_AVL           (1u << 0)
#define DESC_FLAG_L             (1u << 1)
#define DESC_FLAG_DB            (1u << 2)
#define DESC_FLAG_G             (1u << 3)

/* An instruction is at most 15 bytes long (SDM 2.3.11). */
#define X86_MAX_INSN_LEN        15u

/* Exception vectors (SDM 6.3.1) */
#define X86_VEC_DE      0
#define X86_VEC_DB      1
#define X86_VEC_NMI     2
#define X86_VEC_UD      6
#define X86_VEC_DF      8
#define X86_VEC_TS      10
#define X86_VEC_NP      11
#define X86_VEC_SS      12
#define X86_VEC_GP      13
#define X86_VEC_PF      14
#define X86_VEC_AC      17
#define X86_NR_EXCEPTIONS 32

#ifndef __ASSEMBLER__
#include "types.h"

/* 32-bit TSS (SDM 7.2.1). Segment fields are 16 bits with 16 reserved. */
struct tss32 {
	uint16_t link, rsvd0;
	uint32_t esp0;
	uint16_t ss0, rsvd1;
	uint32_t esp1;
	uint16_t ss1, rsvd2;
	uint32_t esp2;
	uint16_t ss2, rsvd3;
	uint32_t cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint16_t es, rsvd4, cs, rsvd5, ss, rsvd6, ds, rsvd7, fs, rsvd8, gs, rsvd9;
	uint16_t ldt, rsvd10;
	uint16_t trap;          /* bit 0: T, debug trap on task switch */
	uint16_t iomap_base;
} __attribute__((packed));

PMSW_ABI_ASSERT(sizeof(struct tss32) == 104, "32-bit TSS is 104 bytes");
PMSW_ABI_ASSERT(__builtin_offsetof(struct tss32, cr3) == 28, "TSS32 CR3 at 28");
PMSW_ABI_ASSERT(__builtin_offsetof(struct tss32, iomap_base) == 102, "TSS32 I/O map at 102");

#define TSS32_LIMIT     (sizeof(struct tss32) - 1)
#endif

#endif
