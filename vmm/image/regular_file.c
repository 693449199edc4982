// SPDX-License-Identifier: MIT
#include "image/regular_file.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int regular_file_open(const char *path, struct stat *st)
{
	int fd;

	/* Devices can act on open (a tape rewinds): never open what stat shows is one. */
	if (stat(path, st) < 0)
		return -1;
	if (!S_ISREG(st->st_mode))
		return REGULAR_FILE_OTHER;
	/* The path may have been replaced since: check what was opened. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return REGULAR_FILE_OTHER;
	}
	return fd;
}

ssize_t regular_file_pread(int fd, void *buf, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, off + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}
