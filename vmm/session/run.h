/* SPDX-License-Identifier: MIT */
/* One switch from ORIGINAL to TARGET, start to verdict. */
#ifndef VMM_RUN_H
#define VMM_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include <pmswitch/bootinfo.h>

#include "session/timeline.h"

struct run_config {
	const char *original, *target;
	enum pmsw_method method;
	unsigned int timeout_ms;
	unsigned int memory_mib;
	enum timeline_format format;
	bool verbose, color;
	uint32_t inject;                /* PMSW_BI_BREAK_* (tests) */
	const char *payload_dir;
	FILE *out;
};

/* Returns the exit status (enum pmsw_exit). */
int run_pair(const struct run_config *cfg);
const char *run_method_name(enum pmsw_method m);
int run_method_parse(const char *s, enum pmsw_method *m);

#endif
