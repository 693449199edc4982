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

/* VM-exit controls (SDM 25.7.1) */
#define VM_EXIT_HOST_ADDR_SPACE_SIZE    (1u << 9)
#define VM_EXIT_SAVE_IA32_EFER          (1u << 20)
#define VM_EXIT_LOAD_IA32_EFER          (1u << 21)
/* VM-entry controls (SDM 25.8.1) */
#define VM_ENTRY_IA32E_MODE             (1u << 9)
#define VM_ENTRY_LOAD_IA32_EFER         (1u << 15)

/* Segment access rights in VMCS format (SDM 25.4.1, Table 25-2) */
#define VMX_AR_UNUSABLE                 (1u << 16)

/* Exit reasons (SDM Appendix C) */
#define EXIT_REASON_TRIPLE_FAULT        2
#define EXIT_REASON_VMCALL              18
#define EXIT_REASON_INVALID_STATE       33
#define EXIT_REASON_MSR_LOAD_FAIL       34
#define EXIT_REASON_MCE_DURING_VMENTRY  41
#define EXIT_REASON_FAILED_VMENTRY      0x80000000u

/* IA32_VMX_BASIC: VMCS revision identifier, bits 30:0 */
#define VMX_BASIC_REVISION_MASK         0x7fffffffu

#endif
