// SPDX-License-Identifier: MIT
/*
 * Only regular files are read: a FIFO or a device is refused without
 * waiting on it. The timeouts turn a blocking open into a failure.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/regular_file.h"

static char dir[] = "/tmp/pmswitch-regular-XXXXXX";
static char path[sizeof(dir) + 16];

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	unlink(path);
	rmdir(dir);
}

TestSuite(regular_file, .init = setup, .fini = teardown, .timeout = 10);

/* No writer ever comes: an open that waits for one never returns. */
Test(regular_file, fifo_is_refused_without_waiting)
{
	struct stat st;

	snprintf(path, sizeof(path), "%s/fifo", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	cr_expect_eq(regular_file_open(path, &st), REGULAR_FILE_OTHER);
}

Test(regular_file, devices_and_folders_are_refused)
{
	static const char *const others[] = { "/dev/zero", "/dev/null", "/tmp", "/dev/stdin" };
	struct stat st;

	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (!access(others[i], F_OK) && stat(others[i], &st) == 0 && !S_ISREG(st.st_mode))
			cr_expect_eq(regular_file_open(others[i], &st), REGULAR_FILE_OTHER, "%s",
				     others[i]);
}

Test(regular_file, missing_file_sets_errno)
{
	struct stat st;

	snprintf(path, sizeof(path), "%s/missing", dir);
	errno = 0;
	cr_expect_eq(regular_file_open(path, &st), -1);
	cr_expect_eq(errno, ENOENT);
}

Test(regular_file, regular_file_is_opened_and_read)
{
	struct stat st;
	char buf[16] = "";
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/file", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("0123456789", f);
	fclose(f);
	fd = regular_file_open(path, &st);
	cr_assert_geq(fd, 0);
	cr_expect_eq(st.st_size, 10);
	cr_expect_eq(regular_file_pread(fd, buf, 4, 3), 4);
	cr_expect_eq(memcmp(buf, "3456", 4), 0);
	cr_expect_eq(regular_file_pread(fd, buf, sizeof(buf), 6), 4, "short at the end");
	cr_expect_eq(regular_file_pread(fd, buf, sizeof(buf), 20), 0, "past the end");
	close(fd);
}
