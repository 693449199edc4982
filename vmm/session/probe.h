/* SPDX-License-Identifier: MIT */
/* Boots the probe payload in a bare context and returns what it reported. */
#ifndef VMM_PROBE_H
#define VMM_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include <pmswitch/report.h>

struct probe_result {
	bool ok;                        /* the probe record arrived */
	struct pmsw_ev_probe probe;
	char error[360];                /* why not, when !ok */
};

void probe_run(int sys_fd, const char *payload_dir, int width, struct probe_result *res);
const char *probe_mode_name(uint32_t mode);

#endif
