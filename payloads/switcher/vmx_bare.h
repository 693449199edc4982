/* SPDX-License-Identifier: MIT */
#ifndef SWITCHER_VMX_BARE_H
#define SWITCHER_VMX_BARE_H

#include <stdint.h>

#include <pmswitch/bootinfo.h>

/* With VMX on: the bare exit round trips the run asks for (bare.h), in the
 * VMCS page given, reported as ctx's. That VMCS is left launched: the
 * caller's vmcs_load_fresh() clears it. A VMX instruction that fails is
 * reported and ends the run. */
void vmx_bare_measure(const struct pmsw_bootinfo *bi, const pmsw_u64 *vmcs_pa,
		      pmsw_u64 vmcs_va, uint8_t ctx);

#endif
