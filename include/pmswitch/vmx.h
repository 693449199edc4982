/* SPDX-License-Identifier: MIT */
/* VMX: VMCS field encodings (SDM Vol. 3 Appendix B), control bits (SDM 25.6-
 * 25.8), exit reasons (Appendix C). Names follow the SDM. */
#ifndef PMSWITCH_VMX_H
#define PMSWITCH_VMX_H

/* 16-bit guest-state fields */
#define GUEST_ES_SELECTOR               0x0800
#define GUEST_CS_SELECTOR               0x0802
#define GUEST_SS_SELECTOR               0x0804
#define GUEST_DS_SELECTOR               0x0806
#define GUEST_FS_SELECTOR               0x0808
#define GUEST_GS_SELECTOR               0x080a
#define GUEST_LDTR_SELECTOR             0x080c
#define GUEST_TR_SELECTOR               0x080e
/* 16-bit host-state fields */
#define HOST_ES_SELECTOR                0x0c00
#define HOST_CS_SELECTOR                0x0c02
#define HOST_SS_SELECTOR                0x0c04
#define HOST_DS_SELECTOR                0x0c06
#define HOST_FS_SELECTOR                0x0c08
#define HOST_GS_SELECTOR                0x0c0a
#define HOST_TR_SELECTOR                0x0c0c
/* 64-bit fields (the "high" half is encoding + 1) */
#define VMCS_LINK_POINTER               0x2800
#define GUEST_IA32_DEBUGCTL             0x2802
#define GUEST_IA32_EFER                 0x2806
#define HOST_IA32_EFER                  0x2c02
/* 32-bit control fields */
#define PIN_BASED_VM_EXEC_CONTROL       0x4000
#define CPU_BASED_VM_EXEC_CONTROL       0x4002
#define EXCEPTION_BITMAP                0x4004
#define PAGE_FAULT_ERROR_CODE_MASK      0x4006
#define PAGE_FAULT_ERROR_CODE_MATCH     0x4008
#define CR3_TARGET_COUNT                0x400a
#define VM_EXIT_CONTROLS                0x400c
#define VM_EXIT_MSR_STORE_COUNT         0x400e
#define VM_EXIT_MSR_LOAD_COUNT          0x4010
#define VM_ENTRY_CONTROLS               0x4012
#define VM_ENTRY_MSR_LOAD_COUNT         0x4014
#define VM_ENTRY_INTR_INFO_FIELD        0x4016
/* 32-bit read-only data fields */
#define VM_INSTRUCTION_ERROR            0x4400
#define VM_EXIT_REASON                  0x4402
#define VM_EXIT_INTR_INFO               0x4404
#define VM_EXIT_INTR_ERROR_CODE         0x4406
#define VM_EXIT_INSTRUCTION_LEN         0x440c
/* 32-bit guest-state fields */
#define GUEST_ES_LIMIT                  0x4800
#define GUEST_CS_LIMIT                  0x4802
#define GUEST_SS_LIMIT                  0x4804
#define GUEST_DS_LIMIT                  0x4806
#define GUEST_FS_LIMIT                  0x4808
#define GUEST_GS_LIMIT                  0x480a
#define GUEST_LDTR_LIMIT                0x480c
#define GUEST_TR_LIMIT                  0x480e
#define GUEST_GDTR_LIMIT                0x4810
#define GUEST_IDTR_LIMIT                0x4812
#define GUEST_ES_AR_BYTES               0x4814
#define GUEST_CS_AR_BYTES               0x4816
#define GUEST_SS_AR_BYTES               0x4818
#define GUEST_DS_AR_BYTES               0x481a
#define GUEST_FS_AR_BYTES               0x481c
#define GUEST_GS_AR_BYTES               0x481e
#define GUEST_LDTR_AR_BYTES             0x4820
#define GUEST_TR_AR_BYTES               0x4822
#define GUEST_INTERRUPTIBILITY_INFO     0x4824
#define GUEST_ACTIVITY_STATE            0x4826
#define GUEST_SYSENTER_CS               0x482a
#define HOST_IA32_SYSENTER_CS           0x4c00
/* natural-width fields */
#define CR0_GUEST_HOST_MASK             0x6000
#define CR4_GUEST_HOST_MASK             0x6002
#define CR0_READ_SHADOW                 0x6004
#define CR4_READ_SHADOW                 0x6006
#define EXIT_QUALIFICATION              0x6400
#define GUEST_CR0                       0x6800
#define GUEST_CR3                       0x6802
#define GUEST_CR4                       0x6804
#define GUEST_ES_BASE                   0x6806
#define GUEST_CS_BASE                   0x6808
#define GUEST_SS_BASE                   0x680a
#define GUEST_DS_BASE                   0x680c
#define GUEST_FS_BASE                   0x680e
#define GUEST_GS_BASE                   0x6810
#define GUEST_LDTR_BASE                 0x6812
#define GUEST_TR_BASE                   0x6814
#define GUEST_GDTR_BASE                 0x6816
#define GUEST_IDTR_BASE                 0x6818
#define GUEST_DR7                       0x681a
#define GUEST_RSP                       0x681c
#define GUEST_RIP                       0x681e
#define GUEST_RFLAGS                    0x6820
#define GUEST_PENDING_DBG_EXCEPTIONS    0x6822
#define GUEST_SYSENTER_ESP              0x6824
#define GUEST_SYSENTER_EIP              0x6826
#define HOST_CR0                        0x6c00
#define HOST_CR3                        0x6c02
#define HOST_CR4                        0x6c04
#define HOST_FS_BASE                    0x6c06
#define HOST_GS_BASE                    0x6c08
#define HOST_TR_BASE                    0x6c0a
#define HOST_GDTR_BASE                  0x6c0c
#define HOST_IDTR_BASE                  0x6c0e
#define HOST_IA32_SYSENTER_ESP          0x6c10
#define HOST_IA32_SYSENTER_EIP          0x6c12
#define HOST_RSP                        0x6c14
#define HOST_RIP                        0x6c16

/* Pin-based controls (SDM 25.6.1) */
#define PIN_BASED_NMI_EXITING           (1u << 3)

/* Primary processor-based controls (SDM 25.6.2) */
#define CPU_BASED_HLT_EXITING           (1u << 7)

/* VM-exit interruption information (SDM 25.9.2) */
#define INTR_INFO_VECTOR_MASK           0xffu
#define INTR_INFO_TYPE_MASK             (7u << 8)
#define INTR_TYPE_NMI                   (2u << 8)
#define INTR_INFO_DELIVER_CODE          (1u << 11)
#define INTR_INFO_VALID                 (1u << 31)

/* VM-exit controls (SDM 25.7.1) */
#define VM_EXIT_HOST_ADDR_SPACE_SIZE    (1u << 9)
#define VM_EXIT_SAVE_IA32_EFER          (1u << 20)
#define VM_EXIT_LOAD_IA32_EFER          (1u << 21)
/* VM-entry controls (SDM 25.8.1) */
#define VM_ENTRY_IA32E_MODE             (1u << 9)
#define VM_ENTRY_LOAD_IA32_EFER         (1u << 15)

/* Segment access rights in VMCS format (SDM 25.4.1, Table 25-2) */
#define VMX_AR_S                        (1u << 4)       /* code or data */
#define VMX_AR_P                        (1u << 7)
#define VMX_AR_L                        (1u << 13)
#define VMX_AR_DB                       (1u << 14)
#define VMX_AR_G                        (1u << 15)
#define VMX_AR_UNUSABLE                 (1u << 16)

/* Basic exit reasons (SDM Vol. 3, Appendix C) */
#define EXIT_REASON_EXCEPTION_NMI       0
#define EXIT_REASON_EXTERNAL_INTERRUPT  1
#define EXIT_REASON_TRIPLE_FAULT        2
#define EXIT_REASON_INIT_SIGNAL         3
#define EXIT_REASON_INTERRUPT_WINDOW    7
#define EXIT_REASON_TASK_SWITCH         9
#define EXIT_REASON_CPUID               10
#define EXIT_REASON_HLT                 12
#define EXIT_REASON_RDTSC               16
#define EXIT_REASON_VMCALL              18
#define EXIT_REASON_VMCLEAR             19
#define EXIT_REASON_VMLAUNCH            20
#define EXIT_REASON_VMPTRLD             21
#define EXIT_REASON_VMREAD              23
#define EXIT_REASON_VMRESUME            24
#define EXIT_REASON_VMWRITE             25
#define EXIT_REASON_VMXOFF              26
#define EXIT_REASON_VMXON               27
#define EXIT_REASON_CR_ACCESS           28
#define EXIT_REASON_IO_INSTRUCTION      30
#define EXIT_REASON_MSR_READ            31
#define EXIT_REASON_MSR_WRITE           32
#define EXIT_REASON_INVALID_STATE       33
#define EXIT_REASON_MSR_LOAD_FAIL       34
#define EXIT_REASON_MCE_DURING_VMENTRY  41
#define EXIT_REASON_EPT_VIOLATION       48
#define EXIT_REASON_EPT_MISCONFIG       49
#define EXIT_REASON_BASIC_MASK          0xffffu
#define EXIT_REASON_FAILED_VMENTRY      0x80000000u

/* VM-instruction error numbers (SDM Vol. 3, 31.4) */
#define VMXERR_VMCALL_IN_VMX_ROOT               1
#define VMXERR_VMCLEAR_INVALID_ADDRESS          2
#define VMXERR_VMCLEAR_VMXON_POINTER            3
#define VMXERR_VMLAUNCH_NONCLEAR_VMCS           4
#define VMXERR_VMRESUME_NONLAUNCHED_VMCS        5
#define VMXERR_VMRESUME_AFTER_VMXOFF            6
#define VMXERR_ENTRY_INVALID_CONTROL_FIELD      7
#define VMXERR_ENTRY_INVALID_HOST_STATE_FIELD   8
#define VMXERR_VMPTRLD_INVALID_ADDRESS          9
#define VMXERR_VMPTRLD_VMXON_POINTER            10
#define VMXERR_VMPTRLD_INCORRECT_REVISION_ID    11
#define VMXERR_UNSUPPORTED_VMCS_COMPONENT       12
#define VMXERR_VMWRITE_READ_ONLY_COMPONENT      13
#define VMXERR_VMXON_IN_VMX_ROOT                15
#define VMXERR_ENTRY_INVALID_EXECUTIVE_VMCS     16
#define VMXERR_ENTRY_NONLAUNCHED_EXECUTIVE_VMCS 17
#define VMXERR_ENTRY_EXECUTIVE_VMCS_NOT_VMXON   18
#define VMXERR_VMCALL_NONCLEAR_VMCS             19
#define VMXERR_VMCALL_INVALID_EXIT_CONTROLS     20
#define VMXERR_VMCALL_INCORRECT_MSEG_REVISION   22
#define VMXERR_VMXOFF_UNDER_DUAL_MONITOR        23
#define VMXERR_VMCALL_INVALID_SMM_FEATURES      24
#define VMXERR_ENTRY_INVALID_EXECUTIVE_CONTROLS 25
#define VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS   26
#define VMXERR_INVALID_INVEPT_INVVPID_OPERAND   28

/* IA32_VMX_BASIC: VMCS revision identifier, bits 30:0 */
#define VMX_BASIC_REVISION_MASK         0x7fffffffu

#endif
