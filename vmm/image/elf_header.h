/* SPDX-License-Identifier: MIT */
/*
 * The ELF file header of a context image or payload, checked from the
 * file's first bytes and its size alone: a file that is not an x86 ELF
 * executable is refused before the rest of it is read.
 */
#ifndef VMM_ELF_HEADER_H
#define VMM_ELF_HEADER_H

#include <gelf.h>
#include <stddef.h>
#include <stdint.h>

/* The bytes the check reads: an ELF64 header, the larger one. */
#define ELF_HEADER_MAX  sizeof(Elf64_Ehdr)

struct elf_header {
	int width;              /* 32 (ELFCLASS32) or 64 (ELFCLASS64) */
	GElf_Ehdr eh;           /* in host byte order, of either class */
};

/*
 * buf holds the first len bytes of a file of file_size bytes (len is the
 * smaller of file_size and ELF_HEADER_MAX). Checks every field the ELF
 * specification and the x86 psABIs fix (identification, version, sizes,
 * flags), that the file is an x86 executable of the class's machine, and
 * that the program and section header tables lie inside the file.
 * Returns 0, or -1 with one short line in err (no file name, no newline).
 */
int elf_header_check(struct elf_header *h, const uint8_t *buf, size_t len, uint64_t file_size,
		     char *err, size_t errlen);

#endif
