/* SPDX-License-Identifier: MIT */
#ifndef SWITCHER_SVM_BARE_H
#define SWITCHER_SVM_BARE_H

#include <stdint.h>

#include <pmswitch/bootinfo.h>

/* With EFER.SVME and VM_HSAVE_PA set: the bare exit round trips the run
 * asks for (bare.h), in the VMCB page given (rewritten after by its owner),
 * reported as ctx's. An exit that is no VMMCALL is reported and ends the run. */
void svm_bare_measure(const struct pmsw_bootinfo *bi, uint64_t vmcb_pa, uint64_t vmcb_va,
		      uint8_t ctx);

#endif
