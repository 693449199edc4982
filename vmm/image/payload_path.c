// SPDX-License-Identifier: MIT
#include "image/payload_path.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PMSWITCH_LIBDIR
#define PMSWITCH_LIBDIR "/usr/local/lib/pmswitch"
#endif

/* A directory relative to the running binary, if it exists. */
static const char *exe_relative(char *buf, size_t len, const char *rel)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = 0;
	slash = strrchr(buf, '/');
	if (!slash || (size_t)(slash - buf) + strlen(rel) + 1 >= len)
		return NULL;
	strcpy(slash + 1, rel);
	return access(buf, R_OK | X_OK) == 0 ? buf : NULL;
}

const char *payload_dir(const char *dir)
{
	static char buf[PATH_MAX];
	const char *env = getenv("PMSWITCH_PAYLOAD_DIR"), *p;

	if (dir && *dir)
		return dir;
	if (env && *env)
		return env;
	/* A build tree (build/pmswitch, build/payloads/), then an installed
	 * tree moved as a whole (bin/pmswitch, lib/pmswitch/). */
	p = exe_relative(buf, sizeof(buf), "payloads");
	if (!p)
		p = exe_relative(buf, sizeof(buf), "../lib/pmswitch");
	return p ? p : PMSWITCH_LIBDIR;
}

int payload_path(char *buf, size_t len, const char *dir, const char *name, int width)
{
	int n = snprintf(buf, len, "%s/%s%d.elf", dir, name, width);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}
