/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz targets share. libFuzzer (make fuzz) or replay_main.c
 * (make check) calls their entry points, declared here for
 * -Wmissing-prototypes. The input reader stands in for libFuzzer's
 * FuzzedDataProvider, which is C++ only: the targets are C, like the VMM.
 */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input consumed from the front; past its end every field reads 0, so
 * any input decodes to some program. */
struct fuzz_input {
	const uint8_t *p;
	size_t n;
};

/* bytes (1..8) little-endian. */
static inline uint64_t fuzz_take(struct fuzz_input *in, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

/* Up to len bytes, in place; *got says how many there were. */
static inline const uint8_t *fuzz_take_bytes(struct fuzz_input *in, size_t len, size_t *got)
{
	const uint8_t *p = in->p;

	*got = len < in->n ? len : in->n;
	in->p += *got;
	in->n -= *got;
	return p;
}

/* The VMM reads images and manifests by path: the input as a file that
 * regular_file_open accepts (a memfd is a regular file), reused for every
 * input so that nothing accumulates. Returns its /proc path. */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	if (fd < 0) {
		fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
		perror("fuzz input file");
		abort();
	}
	return path;
}

#endif
