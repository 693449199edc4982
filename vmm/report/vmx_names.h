/* SPDX-License-Identifier: MIT */
/* Names for what the payload reports by number (SDM 31.4, Appendix C). */
#ifndef VMM_VMX_NAMES_H
#define VMM_VMX_NAMES_H

#include <stdint.h>

const char *vmx_insn_error_name(uint32_t err);
const char *vmx_exit_reason_name(uint32_t reason);
const char *vmx_insn_name(uint32_t insn);
/* An SVM #VMEXIT code's name ("VMMCALL", ...), "?" if unknown. */
const char *svm_exit_code_name(uint32_t code);

#endif
