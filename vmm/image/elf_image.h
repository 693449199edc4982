/* SPDX-License-Identifier: MIT */
/*
 * Context images: static x86 ELF executables, validated so that the context
 * builder can trust every field it reads (doc/architecture.md, "Context images").
 */
#ifndef VMM_ELF_IMAGE_H
#define VMM_ELF_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <pmswitch/bootinfo.h>
#include <pmswitch/image.h>

#define ELF_IMAGE_MAX_SEGMENTS  16
/* elf_image_load_file refuses more, and more than the guest RAM above
 * PMSW_IMAGE_GPA, before reading the file; a payload file may hold the
 * switcher area and its symbols. */
#define ELF_IMAGE_MAX_FILE      (256u << 20)
#define ELF_IMAGE_MAX_PAYLOAD_FILE (16u << 20)

struct elf_segment {
	uint64_t vaddr, memsz, filesz, offset;  /* offset: into elf_image.data */
	unsigned int perm;      /* PF_W | PF_X of p_flags; always readable */
	unsigned int index;     /* program header number, for messages */
};

struct elf_image {
	int width;              /* 32 (ELFCLASS32, EM_386) or 64 (ELFCLASS64, EM_X86_64) */
	uint64_t entry;
	unsigned int nseg;      /* PT_LOAD segments with memsz > 0, in file order */
	struct elf_segment seg[ELF_IMAGE_MAX_SEGMENTS];
	int has_note;           /* the image carries a valid pmswitch note */
	struct pmsw_image_note note;    /* zero when has_note is 0 */
	uint8_t *data;          /* the whole file, owned */
	size_t size;
};

/*
 * Validate an image and fill *img. ram_size is the guest RAM the image must
 * fit in above PMSW_IMAGE_GPA, with its stack. Returns 0, or -1 with one short
 * line in err (no file name, no newline) and *img left empty.
 */
int elf_image_load_mem(struct elf_image *img, const void *buf, size_t len, uint64_t ram_size,
		       char *err, size_t errlen);
/* The same from a file, which must be a regular file (regular_file.h): its
 * header is checked and its size bounded before the rest of it is read. */
int elf_image_load_file(struct elf_image *img, const char *path, uint64_t ram_size,
			char *err, size_t errlen);
/* A built-in payload: the same checks, but its segments must lie inside the
 * switcher area [PMSW_SWITCHER_VA, +PMSW_SWITCHER_MAX) instead of outside the
 * window. */
int elf_image_load_payload(struct elf_image *img, const char *path, char *err, size_t errlen);
void elf_image_free(struct elf_image *img);
/* The whole pages a segment occupies: [*va, *va + *len). */
void elf_segment_pages(const struct elf_segment *s, uint64_t *va, uint64_t *len);

/* The image's choices, with the defaults for images without a note. */
uint64_t elf_image_stack_size(const struct elf_image *img);
/* Bytes of guest RAM its segments' pages and its stack take (a loaded
 * image's need fits in 2^47 + PMSW_STACK_MAX: sums of two cannot wrap). */
uint64_t elf_image_ram_need(const struct elf_image *img);
enum pmsw_paging elf_image_paging(const struct elf_image *img);

#endif
