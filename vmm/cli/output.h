/* SPDX-License-Identifier: MIT */
/*
 * Standard output that could not be written fails the command: whatever it
 * found, a command whose output was lost (a full disk, /dev/full) exits 1
 * with one line, "pmswitch: write error: REASON".
 */
#ifndef VMM_CLI_OUTPUT_H
#define VMM_CLI_OUTPUT_H

#include <stdio.h>

/* fflush(f), keeping the errno of stdout's first failed flush: stdio drops
 * what it could not write, so output_close may find nothing left to fail. */
int output_flush(FILE *f);

/* Flushes and closes stdout once the command is done. Returns status, or
 * PMSW_EXIT_FAIL after the line on stderr when any of its output failed. */
int output_close(int status);

#endif
