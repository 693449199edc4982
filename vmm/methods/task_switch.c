// SPDX-License-Identifier: MIT
/*
 * task-switch, the "task-switch based context switching" of the seed's
 * paragraph 0062: a far JMP to a TSS holding T's state loads CR3, EIP,
 * EFLAGS, the general and segment registers and LDTR at once; GDTR (before
 * and after), IDTR, TR, CR4 and CR0 are loaded around it one at a time.
 * 32-bit pairs only. The payload side is payloads/switcher/task_switch.c.
 */
#include <pmswitch/report.h>

#include "methods/methods.h"

static const uint16_t task_switch_events[] = {
	PMSW_EV_ENTER_ORIGINAL, PMSW_EV_SWITCH_START,
	/* gdtr (a GDT mapped in both), task, gdtr (T's), idtr, tr, cr4, cr0 */
	PMSW_EV_PIECE, PMSW_EV_PIECE, PMSW_EV_PIECE, PMSW_EV_PIECE, PMSW_EV_PIECE, PMSW_EV_PIECE,
	PMSW_EV_PIECE,
	PMSW_EV_ENTER_TARGET, PMSW_EV_TARGET_DONE,
};

const struct method method_task_switch = {
	.name = "task-switch",
	.code = PMSW_METHOD_TASK_SWITCH,
	.host = METHOD_HOST_ANY,
	.widths = METHOD_SAME_PAGING,
	.widths_why = "the task switch loads CR3 but not CR4, so the paging mode cannot change",
	.only_width = 32,
	.only_width_why = "IA-32e mode has no task switch",
	.events = task_switch_events,
	.nevents = PMSW_ARRAY_SIZE(task_switch_events),
	.span_from = PMSW_EV_SWITCH_START,
	.span_to = PMSW_EV_PIECE,
	.span_what = "first load -> last load",
	.landing_symbol = "task_switch_landing",
};
