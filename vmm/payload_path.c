// SPDX-License-Identifier: MIT
#include "payload_path.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PMSWITCH_LIBDIR
#define PMSWITCH_LIBDIR "/usr/local/lib/pmswitch"
#endif

const char *payload_dir(const char *dir)
{
	static char exe_dir[PATH_MAX];
	const char *env = getenv("PMSWITCH_PAYLOAD_DIR");
	ssize_t n;
	char *slash;

	if (dir && *dir)
		return dir;
	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe_dir, sizeof(exe_dir) - sizeof("/payloads"));
	if (n > 0) {
		exe_dir[n] = 0;
		slash = strrchr(exe_dir, '/');
		if (slash) {
			strcpy(slash, "/payloads");
			if (access(exe_dir, R_OK | X_OK) == 0)
				return exe_dir;
		}
	}
	return PMSWITCH_LIBDIR;
}

int payload_path(char *buf, size_t len, const char *dir, const char *name, int width)
{
	int n = snprintf(buf, len, "%s/%s%d.elf", dir, name, width);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}
