/* SPDX-License-Identifier: MIT */
/* What a run's outcome means: the exit status and, unless it passed, why. */
#ifndef VMM_CLI_VERDICT_H
#define VMM_CLI_VERDICT_H

#include <stddef.h>

#include "session/outcome.h"

struct verdict {
	int status;                     /* enum pmsw_exit */
	char why[400];                  /* "" on PASS */
};

void verdict_judge(const struct run_outcome *o, struct verdict *v);
/* The one line that sums the run up: "result: PASS switched O -> T with
 * METHOD in N TSC cycles (...)" or "result: FAIL WHY". */
void verdict_line(const struct run_outcome *o, const struct verdict *v, char *buf, size_t len);

#endif
