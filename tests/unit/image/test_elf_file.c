// SPDX-License-Identifier: MIT
/*
 * Context images and payloads read from files: only regular files, the
 * header checked and the size bounded before the rest is read, the payload's
 * own bounds. The timeouts turn a blocking open into a failure.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pmswitch/layout.h>

#include "elf_model.h"
#include "image/elf_image.h"

/* The built-in payload must lie inside the switcher area, not outside the window. */
Test(elf_file, payload)
{
	struct edit inside[] = {
		{ P_VADDR, PH_HDRS, PMSW_SWITCHER_VA }, { P_VADDR, PH_TEXT, PMSW_SWITCHER_VA + 0x1000 },
		{ P_VADDR, PH_DATA, PMSW_SWITCHER_VA + 0x2000 }, { E_ENTRY, 0, PMSW_SWITCHER_VA + 0x1000 },
		{ END, 0, 0 } };
	struct model m;
	struct elf_image img;
	char err[ERRLEN] = "";

	for (int width = 32; width <= 64; width += 32) {
		model_build(&m, width, inside);
		cr_expect_eq(load_temp(&m, 1, &img, err), 0, "%s", err);
		cr_expect_eq(img.nseg, 3);
		elf_image_free(&img);

		inside[2].val = PMSW_SWITCHER_VA + PMSW_SWITCHER_MAX - 0x1000; /* bss runs past */
		model_build(&m, width, inside);
		inside[2].val = PMSW_SWITCHER_VA + 0x2000;
		cr_expect_eq(load_temp(&m, 1, &img, err), -1);
		cr_expect(strstr(err, "segment 3 (") && strstr(err, "lies outside the switcher area"),
			  "%s", err);

		model_build(&m, width, (struct edit[]){ { END, 0, 0 } });  /* a context image */
		cr_expect_eq(load_temp(&m, 1, &img, err), -1);
		cr_expect(strstr(err, "segment 1 (0x400000-0x401000) lies outside the switcher area"),
			  "%s", err);
	}
}

static long max_rss_kib(void)
{
	struct rusage ru;

	cr_assert_eq(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

/* A sparse file: the model's first bytes (or none), then zeros up to size. */
static void sparse_file(char *path, const struct model *m, size_t head, off_t size)
{
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, m->file, head), (ssize_t)head);
	cr_assert_eq(ftruncate(fd, size), 0);
	close(fd);
}

/* What is not an image, or too big for the guest, is refused from its
 * header and size: the peak RSS shows whether the rest was read. */
Test(elf_file, header_and_size_before_the_rest)
{
	char path[] = "/tmp/pmswitch-test-XXXXXX", want[ERRLEN];
	const off_t zeros = 255 << 20, big = 200 << 20;
	struct model m;
	struct elf_image img;
	char err[ERRLEN] = "";
	long rss = max_rss_kib();

	model_init(&m, 64, 1);
	model_write(&m);
	sparse_file(path, &m, 0, zeros);
	cr_expect_eq(elf_image_load_file(&img, path, RAM, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "not an ELF file (bad magic)");
	unlink(path);
	strcpy(path, "/tmp/pmswitch-test-XXXXXX");
	sparse_file(path, &m, m.size, big);
	cr_expect_eq(elf_image_load_file(&img, path, RAM, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "file too large (0x%llx bytes, more than the 0x%llx bytes of "
		 "guest RAM available to images)", (unsigned long long)big, RAM - PMSW_IMAGE_GPA);
	cr_expect_str_eq(err, want);
	cr_expect_eq(elf_image_load_payload(&img, path, err, sizeof(err)), -1);
	cr_expect(strstr(err, "more than the 0x1000000 bytes a payload may have"), "%s", err);
	unlink(path);
	cr_expect_lt(max_rss_kib() - rss, 32 << 10, "peak RSS grew by %ld KiB",
		     max_rss_kib() - rss);
}

/* A FIFO without a writer: opening it to read would wait forever. */
Test(elf_file, fifo_is_not_waited_on, .timeout = 10)
{
	char dir[] = "/tmp/pmswitch-fifo-XXXXXX", path[sizeof(dir) + 8];
	struct elf_image img;
	char err[ERRLEN] = "";

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/o.elf", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	cr_expect_eq(elf_image_load_file(&img, path, RAM, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "not a regular file");
	cr_expect_eq(elf_image_load_payload(&img, path, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "not a regular file");
	unlink(path);
	rmdir(dir);
}

Test(elf_file, file_errors)
{
	struct elf_image img;
	char err[ERRLEN];

	cr_expect_eq(elf_image_load_file(&img, "/nonexistent/o.elf", RAM, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "cannot open: No such file or directory");
	cr_expect_eq(elf_image_load_file(&img, "/tmp", RAM, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "not a regular file");
	cr_expect_null(img.data);
	cr_expect_eq(elf_image_load_file(&img, "/dev/zero", RAM, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "not a regular file");
	/* No room for a message is fine too. */
	cr_expect_eq(elf_image_load_file(&img, "/nonexistent/o.elf", RAM, NULL, 0), -1);
	cr_expect_eq(elf_image_load_mem(&img, "", 0, RAM, NULL, 0), -1);
	elf_image_free(&img);
	elf_image_free(&img);   /* freeing an empty image twice is harmless */
}
