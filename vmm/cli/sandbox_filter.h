/* SPDX-License-Identifier: MIT */
/* The seccomp filter of the sandbox (cli/sandbox.h). */
#ifndef VMM_CLI_SANDBOX_FILTER_H
#define VMM_CLI_SANDBOX_FILTER_H

#include <stddef.h>

#include "cli/sandbox.h"

/* Catches SIGSYS and loads the filter (no new privileges must be set);
 * 0, or -1 with one line in err. */
int sandbox_filter_load(const struct sandbox_fds *f, char *err, size_t errlen);

/* The test hook: with SANDBOX_TEST_ENV=1, one forbidden call (socket). */
void sandbox_filter_test(void);

#endif
