// SPDX-License-Identifier: MIT
#include "cli/output.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio_ext.h>
#include <string.h>

#include "cli/exit_status.h"

static int stdout_errno;        /* of stdout's first failed flush; 0: none */

int output_flush(FILE *f)
{
	int r = fflush(f);

	if (r && f == stdout && !stdout_errno)
		stdout_errno = errno;
	return r;
}

int output_close(int status)
{
	bool failed = ferror(stdout), pending = __fpending(stdout) != 0;
	int e;

	errno = 0;
	if (fclose(stdout) == 0) {
		if (!failed)
			return status;
		e = stdout_errno;
	} else {
		/* A closed stdout that was never written to is no error. */
		if (!failed && !pending && errno == EBADF)
			return status;
		e = errno ? errno : stdout_errno;
	}
	if (e)
		fprintf(stderr, "pmswitch: write error: %s\n", strerror(e));
	else
		fprintf(stderr, "pmswitch: write error\n");
	return PMSW_EXIT_FAIL;
}
