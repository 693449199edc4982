/* SPDX-License-Identifier: MIT */
/* SVM: the VMCB layout (AMD APM Vol. 2, Appendix B), intercept bits
 * (15.9-15.13), #VMEXIT codes (Appendix C). Names follow the APM. */
#ifndef PMSWITCH_SVM_H
#define PMSWITCH_SVM_H

#define MSR_VM_HSAVE_PA                 0xc0010117u

/* VMCB control area (offsets from the VMCB's start) */
#define VMCB_INTERCEPT_EXCEPTIONS       0x008   /* u32, one bit per vector */
#define VMCB_INTERCEPT_MISC1            0x00c   /* u32 */
#define VMCB_INTERCEPT_MISC2            0x010   /* u32 */
#define VMCB_GUEST_ASID                 0x058   /* u32 */
#define VMCB_TLB_CONTROL                0x05c   /* u8 */
#define VMCB_EXITCODE                   0x070   /* u64 */
#define VMCB_EXITINFO1                  0x078   /* u64 */
#define VMCB_EXITINFO2                  0x080   /* u64 */
#define VMCB_EXITINTINFO                0x088   /* u64 */

#define INTERCEPT_NMI                   (1u << 1)       /* MISC1 */
#define INTERCEPT_HLT                   (1u << 24)
#define INTERCEPT_SHUTDOWN              (1u << 31)
#define INTERCEPT_VMRUN                 (1u << 0)       /* MISC2: required */
#define INTERCEPT_VMMCALL               (1u << 1)

#define TLB_CONTROL_FLUSH_ALL           1

/* VMCB state save area: segments are { u16 selector, attrib; u32 limit;
 * u64 base } at these offsets. */
#define VMCB_ES         0x400
#define VMCB_CS         0x410
#define VMCB_SS         0x420
#define VMCB_DS         0x430
#define VMCB_FS         0x440
#define VMCB_GS         0x450
#define VMCB_GDTR       0x460
#define VMCB_LDTR       0x470
#define VMCB_IDTR       0x480
#define VMCB_TR         0x490
#define VMCB_CPL        0x4cb   /* u8 */
#define VMCB_EFER       0x4d0
#define VMCB_CR4        0x548
#define VMCB_CR3        0x550
#define VMCB_CR0        0x558
#define VMCB_DR7        0x560
#define VMCB_DR6        0x568
#define VMCB_RFLAGS     0x570
#define VMCB_RIP        0x578
#define VMCB_RSP        0x5d8
#define VMCB_RAX        0x5f8
#define VMCB_G_PAT      0x668

/* Segment attributes: the descriptor's bits 8..15 and 20..23, packed. */
#define SVM_ATTR_FROM_VMX_AR(ar)        (((ar) & 0xffu) | (((ar) >> 4) & 0xf00u))

/* #VMEXIT codes */
#define SVM_EXIT_EXCP_BASE              0x040
#define SVM_EXIT_NMI                    0x061
#define SVM_EXIT_HLT                    0x078
#define SVM_EXIT_SHUTDOWN               0x07f
#define SVM_EXIT_VMRUN                  0x080
#define SVM_EXIT_VMMCALL                0x081
#define SVM_EXIT_INVALID                0xffffffffu     /* -1, as 32 bits */

#define VMMCALL_LEN                     3       /* 0f 01 d9 */

#endif
