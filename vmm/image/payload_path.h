/* SPDX-License-Identifier: MIT */
/* Where the built-in payloads are found. */
#ifndef VMM_PAYLOAD_PATH_H
#define VMM_PAYLOAD_PATH_H

#include <stddef.h>

/* First of: dir (--payload-dir), $PMSWITCH_PAYLOAD_DIR, "payloads" next to
 * the executable (a build tree), "../lib/pmswitch" from the executable (an
 * installed tree, wherever it was moved), the compiled-in PMSWITCH_LIBDIR. */
const char *payload_dir(const char *dir);
/* "<dir>/<name><width>.elf" into buf; -1 if it does not fit. */
int payload_path(char *buf, size_t len, const char *dir, const char *name, int width);

#endif
