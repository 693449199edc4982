/* SPDX-License-Identifier: MIT */
/*
 * The files pmswitch reads (context images, payloads, batch manifests) must
 * be regular files: opening a FIFO waits for a writer, and a device such as
 * /dev/zero never ends, so either would hang the VMM or exhaust its memory.
 */
#ifndef VMM_REGULAR_FILE_H
#define VMM_REGULAR_FILE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#define REGULAR_FILE_OTHER      (-2)    /* the path names something else */

/*
 * Opens path read-only (O_CLOEXEC) and fills *st, if it is a regular file.
 * What stat() shows to be something else is not opened at all; what is
 * opened is opened with O_NONBLOCK (a FIFO's open does not wait) and checked
 * again with fstat(). Returns the descriptor; -1 with errno set when it
 * cannot be opened; REGULAR_FILE_OTHER when it is not a regular file.
 */
int regular_file_open(const char *path, struct stat *st);

/* Reads len bytes at off, retrying short reads and EINTR. Returns the
 * number read (fewer only at the end of the file), or -1 with errno set. */
ssize_t regular_file_pread(int fd, void *buf, size_t len, off_t off);

#endif
