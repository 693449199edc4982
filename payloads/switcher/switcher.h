/* SPDX-License-Identifier: MIT */
/* The switcher: runs the original's entry, switches, runs the target's. */
#ifndef SWITCHER_H
#define SWITCHER_H

#include <stdint.h>

#include <pmswitch/bootinfo.h>

extern const struct pmsw_bootinfo *bootinfo;

/* The methods: each ends in the target (calling switcher_enter_target) or
 * ends the run with a report. */
__attribute__((noreturn)) void vmx_exit_switch(void);

/* Called once the CPU runs in the target context (VMX already off). */
__attribute__((noreturn)) void switcher_enter_target(void);

#endif
