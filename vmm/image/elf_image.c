// SPDX-License-Identifier: MIT
/*
 * Context image loader. The file header is checked first (elf_header.c),
 * from the file's first bytes; libelf then converts program headers of
 * either class to GElf. The bounds checks are done here, before libelf is
 * asked for a table, so that a refusal names the field at fault instead of
 * a generic libelf error. Everything the context builder later reads
 * (segment bytes, sizes, entry, note) is checked once, here.
 */
#include "image/elf_image.h"

#include <endian.h>
#include <errno.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pmswitch/layout.h>

#include "image/elf_header.h"
#include "image/regular_file.h"

#define X64 "0x%" PRIx64

struct loader {
	struct elf_image *img;
	uint64_t ram_size;
	char *err;
	size_t errlen;
	int payload;    /* a built-in payload: must lie inside the switcher area */
	unsigned int phdrs, loads;      /* PT_PHDR and PT_LOAD entries so far */
};

__attribute__((format(printf, 2, 3)))
static int fail(struct loader *l, const char *fmt, ...)
{
	va_list ap;

	if (l->err && l->errlen) {
		va_start(ap, fmt);
		vsnprintf(l->err, l->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static uint64_t page_down(uint64_t v)
{
	return v & ~(uint64_t)(PMSW_PAGE_SIZE - 1);
}

/* Callers have checked that v + PMSW_PAGE_SIZE cannot wrap. */
static uint64_t page_up(uint64_t v)
{
	return page_down(v + PMSW_PAGE_SIZE - 1);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

/* True when [off, off + len) lies inside the file; overflow-safe. */
static int in_file(const struct elf_image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

/*
 * Notes of other owners are skipped; only the pmswitch one is read. The
 * padding follows the segment's alignment (8 for .note.gnu.property).
 */
static int parse_notes(struct loader *l, unsigned int idx, const GElf_Phdr *ph)
{
	const uint8_t *p = l->img->data + ph->p_offset;
	uint64_t len = ph->p_filesz, off = 0, a = ph->p_align == 8 ? 8 : 4;

	while (off < len) {
		uint64_t name_off, desc_off;
		uint32_t namesz, descsz, type;

		if (len - off < 12)
			return fail(l, "segment %u: truncated note header at offset " X64, idx, off);
		namesz = rd32(p + off);
		descsz = rd32(p + off + 4);
		type = rd32(p + off + 8);
		name_off = off + 12;
		desc_off = align_up(name_off + namesz, a);
		if (namesz > len - name_off || desc_off > len || descsz > len - desc_off)
			return fail(l, "segment %u: truncated note at offset " X64, idx, off);
		off = align_up(desc_off + descsz, a);

		if (namesz != sizeof(PMSW_NOTE_NAME) || type != PMSW_NOTE_TYPE_CONTEXT ||
		    memcmp(p + name_off, PMSW_NOTE_NAME, namesz))
			continue;
		if (l->img->has_note)
			return fail(l, "more than one pmswitch note");
		if (descsz < sizeof(struct pmsw_image_note))
			return fail(l, "pmswitch note too short (%u bytes, need %zu)", descsz,
				    sizeof(struct pmsw_image_note));
		l->img->note.version = rd32(p + desc_off);
		l->img->note.flags = rd32(p + desc_off + 4);
		l->img->note.cr4_set = rd32(p + desc_off + 8);
		l->img->note.stack_size = rd32(p + desc_off + 12);
		l->img->has_note = 1;
	}
	return 0;
}

static int check_note(struct loader *l)
{
	const struct pmsw_image_note *n = &l->img->note;

	if (!l->img->has_note)
		return 0;
	if (n->version != PMSW_NOTE_VERSION)
		return fail(l, "pmswitch note version %u, expected %u", n->version,
			    PMSW_NOTE_VERSION);
	if (n->flags & ~PMSW_NOTE_F_PAE)
		return fail(l, "pmswitch note has unknown flags 0x%x", n->flags & ~PMSW_NOTE_F_PAE);
	if ((n->flags & PMSW_NOTE_F_PAE) && l->img->width != 32)
		return fail(l, "pmswitch note asks for PAE paging in a 64-bit image");
	if (n->cr4_set & ~PMSW_NOTE_CR4_ALLOWED)
		return fail(l, "pmswitch note asks for CR4 bits 0x%x (allowed: 0x%x)",
			    n->cr4_set & ~PMSW_NOTE_CR4_ALLOWED, PMSW_NOTE_CR4_ALLOWED);
	if (n->stack_size % PMSW_PAGE_SIZE)
		return fail(l, "pmswitch note stack size 0x%x is not a page multiple",
			    n->stack_size);
	if (n->stack_size > PMSW_STACK_MAX)
		return fail(l, "pmswitch note stack size 0x%x exceeds 0x%x", n->stack_size,
			    PMSW_STACK_MAX);
	return 0;
}

/* A 64-bit segment lies in one canonical half; a 32-bit one below 4 GiB.
 * Both 32-bit modes share one limit, so the note (maybe not read yet) is moot. */
static int check_reach(struct loader *l, unsigned int idx, uint64_t va, uint64_t last)
{
	if (l->img->width == 32 && last >= PMSW_VA_LIMIT_32)
		return fail(l, "segment %u (" X64 "-" X64 ") lies beyond the 32-bit limit " X64,
			    idx, va, last + 1, (uint64_t)PMSW_VA_LIMIT_32);
	if (l->img->width == 64 && last >= PMSW_VA_LIMIT_64 && va < PMSW_VA_UPPER_64)
		return fail(l, "segment %u (" X64 "-" X64 ") reaches into the non-canonical "
			    "hole " X64 "-" X64, idx, va, last + 1, (uint64_t)PMSW_VA_LIMIT_64,
			    (uint64_t)PMSW_VA_UPPER_64);
	return 0;
}

/* Page 0 and the switcher window stay the VMM's; a payload lives in its area. */
static int check_reserved(struct loader *l, unsigned int idx, uint64_t va, uint64_t last)
{
	if (va < PMSW_PAGE_SIZE)
		return fail(l, "segment %u maps page 0 (the null page stays unmapped)", idx);
	if (l->payload) {
		if (va < PMSW_SWITCHER_VA || last >= PMSW_SWITCHER_VA + PMSW_SWITCHER_MAX)
			return fail(l, "segment %u (" X64 "-" X64 ") lies outside the switcher "
				    "area (0x%x-0x%x)", idx, va, last + 1, PMSW_SWITCHER_VA,
				    PMSW_SWITCHER_VA + PMSW_SWITCHER_MAX);
	} else if (va < PMSW_WINDOW_VA + PMSW_WINDOW_SIZE && last >= PMSW_WINDOW_VA) {
		return fail(l, "segment %u (" X64 "-" X64 ") collides with the switcher window "
			    "(0x%x-0x%x)", idx, va, last + 1, PMSW_WINDOW_VA,
			    PMSW_WINDOW_VA + PMSW_WINDOW_SIZE);
	}
	return 0;
}

static int check_load(struct loader *l, unsigned int idx, const GElf_Phdr *ph)
{
	uint64_t va = ph->p_vaddr, last = va + ph->p_memsz - 1;
	struct elf_segment *s;

	if (ph->p_align > 1 && (ph->p_align & (ph->p_align - 1)))
		return fail(l, "segment %u: alignment " X64 " is not a power of two", idx,
			    (uint64_t)ph->p_align);
	/* An empty PT_LOAD (linkers emit them for empty .data/.bss) maps
	 * nothing, so its address and alignment do not matter. */
	if (ph->p_memsz == 0)
		return 0;
	if (ph->p_align > 1 && (va - ph->p_offset) & (ph->p_align - 1))
		return fail(l, "segment %u: vaddr " X64 " and offset " X64 " differ modulo "
			    "alignment " X64, idx, va, (uint64_t)ph->p_offset,
			    (uint64_t)ph->p_align);
	/* gABI: loadable segment entries are sorted on p_vaddr. */
	if (l->img->nseg && va < l->img->seg[l->img->nseg - 1].vaddr)
		return fail(l, "segment %u: vaddr " X64 " below segment %u's " X64 " (PT_LOAD "
			    "entries must ascend)", idx, va,
			    l->img->seg[l->img->nseg - 1].index, l->img->seg[l->img->nseg - 1].vaddr);
	/* The last byte, not the end: the upper half's last page ends at 2^64. */
	if (last < va)
		return fail(l, "segment %u: vaddr " X64 " + size " X64 " overflows", idx, va,
			    (uint64_t)ph->p_memsz);
	if (check_reach(l, idx, va, last) || check_reserved(l, idx, va, last))
		return -1;
	if (l->img->nseg == ELF_IMAGE_MAX_SEGMENTS)
		return fail(l, "more than %d loadable segments", ELF_IMAGE_MAX_SEGMENTS);

	s = &l->img->seg[l->img->nseg++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->filesz = ph->p_filesz;
	s->offset = ph->p_offset;
	s->perm = ph->p_flags & (PF_W | PF_X);
	s->index = idx;
	return 0;
}

/* gABI: PT_PHDR, if any, comes once, before every PT_LOAD, and is the table. */
static int check_phdr(struct loader *l, unsigned int idx, const GElf_Phdr *ph,
		      const GElf_Ehdr *eh)
{
	uint64_t size = (uint64_t)eh->e_phnum * eh->e_phentsize;

	if (l->phdrs++)
		return fail(l, "segment %u: a second PT_PHDR", idx);
	if (l->loads)
		return fail(l, "segment %u: PT_PHDR after a loadable segment", idx);
	if (ph->p_offset != eh->e_phoff || ph->p_filesz != size)
		return fail(l, "segment %u: PT_PHDR at " X64 "+" X64 ", but the program header "
			    "table is at " X64 "+" X64, idx, (uint64_t)ph->p_offset,
			    (uint64_t)ph->p_filesz, (uint64_t)eh->e_phoff, size);
	return 0;
}

static int check_phdrs(struct loader *l, Elf *elf, const GElf_Ehdr *eh)
{
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		GElf_Phdr ph;
		int r = 0;

		if (!gelf_getphdr(elf, (int)i, &ph))
			return fail(l, "program header %u: %s", i, elf_errmsg(-1));
		if (ph.p_type == PT_LOAD && ph.p_filesz > ph.p_memsz)
			return fail(l, "segment %u: file size " X64 " exceeds memory size " X64, i,
				    (uint64_t)ph.p_filesz, (uint64_t)ph.p_memsz);
		/* Whatever its type, a segment's file bytes must be the file's. */
		if (!in_file(l->img, ph.p_offset, ph.p_filesz))
			return fail(l, "segment %u: %sbytes " X64 "+" X64 " past end of file", i,
				    ph.p_type == PT_NOTE ? "note " : "", (uint64_t)ph.p_offset,
				    (uint64_t)ph.p_filesz);
		switch (ph.p_type) {
		case PT_INTERP:
		case PT_DYNAMIC:
			return fail(l, "dynamically linked (%s), need a static executable",
				    ph.p_type == PT_INTERP ? "PT_INTERP" : "PT_DYNAMIC");
		case PT_PHDR:
			r = check_phdr(l, i, &ph, eh);
			break;
		case PT_LOAD:
			l->loads++;
			r = check_load(l, i, &ph);
			break;
		case PT_NOTE:
			r = parse_notes(l, i, &ph);
			break;
		default:
			break;  /* PT_GNU_STACK, PT_GNU_PROPERTY, ...: no meaning here */
		}
		if (r)
			return r;
	}
	return 0;
}

/* Each page gets one permission, so segments may not even share a page.
 * Last bytes, not ends, so that a segment may end at 2^64. */
static int check_overlap(struct loader *l)
{
	const struct elf_image *img = l->img;

	for (unsigned int j = 1; j < img->nseg; j++) {
		const struct elf_segment *b = &img->seg[j];

		for (unsigned int i = 0; i < j; i++) {
			const struct elf_segment *a = &img->seg[i];
			uint64_t lo = a->vaddr > b->vaddr ? a->vaddr : b->vaddr;
			uint64_t a_last = a->vaddr + a->memsz - 1, b_last = b->vaddr + b->memsz - 1;
			uint64_t hi = a_last < b_last ? a_last : b_last;

			if (lo <= hi)
				return fail(l, "segment %u overlaps segment %u (" X64 "-" X64 ")",
					    b->index, a->index, lo, hi + 1);
			if (page_down(lo) == page_down(hi))
				return fail(l, "segment %u shares page " X64 " with segment %u",
					    b->index, page_down(lo), a->index);
		}
	}
	return 0;
}

static int check_fit(struct loader *l)
{
	uint64_t need = elf_image_ram_need(l->img), avail = 0;

	if (l->payload)
		return 0;       /* bounded by the switcher area already */
	if (l->ram_size > PMSW_IMAGE_GPA)
		avail = l->ram_size - PMSW_IMAGE_GPA;
	if (need > avail)
		return fail(l, "image needs " X64 " bytes of guest RAM with its stack, " X64
			    " available", need, avail);
	return 0;
}

static int check_entry(struct loader *l)
{
	const struct elf_image *img = l->img;

	for (unsigned int i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (img->entry - s->vaddr >= s->memsz)
			continue;
		if (!(s->perm & PF_X))
			return fail(l, "entry point " X64 " is in non-executable segment %u",
				    img->entry, s->index);
		return 0;
	}
	return fail(l, "entry point " X64 " is outside every loadable segment", img->entry);
}

/* Takes ownership of data (malloc'd) whatever the outcome. */
static int load_owned(struct elf_image *img, uint8_t *data, size_t len, uint64_t ram_size,
		      int payload, char *err, size_t errlen)
{
	struct loader l = { img, ram_size, err, errlen, payload, 0, 0 };
	struct elf_header h;
	Elf *elf = NULL;
	int r;

	memset(img, 0, sizeof(*img));
	img->data = data;
	img->size = len;
	r = elf_header_check(&h, data, len < ELF_HEADER_MAX ? len : ELF_HEADER_MAX, len, err,
			     errlen);
	if (!r && !(elf = elf_memory((char *)data, len)))
		r = fail(&l, "malformed ELF file: %s", elf_errmsg(-1));
	if (!r) {
		img->width = h.width;
		img->entry = h.eh.e_entry;
		r = check_phdrs(&l, elf, &h.eh);
	}
	if (elf)
		elf_end(elf);
	if (!r && img->nseg == 0)
		r = fail(&l, "no loadable (PT_LOAD) segment");
	if (!r)
		r = check_note(&l);
	if (!r)
		r = check_overlap(&l);
	if (!r)
		r = check_entry(&l);
	if (!r)
		r = check_fit(&l);
	if (r)
		elf_image_free(img);
	return r;
}

int elf_image_load_mem(struct elf_image *img, const void *buf, size_t len, uint64_t ram_size,
		       char *err, size_t errlen)
{
	struct loader l = { img, ram_size, err, errlen, 0, 0, 0 };
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy) {
		memset(img, 0, sizeof(*img));
		return fail(&l, "out of memory");
	}
	memcpy(copy, buf, len);
	return load_owned(img, copy, len, ram_size, 0, err, errlen);
}

/* The most a file may hold: a context image no more than the guest RAM
 * images may use, a payload no more than the switcher area and its symbols. */
static uint64_t file_limit(const struct loader *l)
{
	uint64_t avail = l->ram_size > PMSW_IMAGE_GPA ? l->ram_size - PMSW_IMAGE_GPA : 0;

	if (l->payload)
		return ELF_IMAGE_MAX_PAYLOAD_FILE;
	return avail < ELF_IMAGE_MAX_FILE ? avail : ELF_IMAGE_MAX_FILE;
}

/*
 * The header is read and checked first, and the file's size bounded, so
 * that a file that is no image, or too big to be one, is refused before
 * the rest of it is read. Then load_owned checks the whole.
 */
static int read_checked(struct loader *l, int fd, const struct stat *st, uint8_t **data,
			size_t *len)
{
	uint8_t hdr[ELF_HEADER_MAX];
	struct elf_header h;
	uint64_t size = (uint64_t)st->st_size, limit = file_limit(l);
	ssize_t n = regular_file_pread(fd, hdr, sizeof(hdr), 0);

	if (n < 0)
		return fail(l, "read error: %s", strerror(errno));
	if (elf_header_check(&h, hdr, (size_t)n, size, l->err, l->errlen))
		return -1;
	if (size > limit)
		return fail(l, "file too large (" X64 " bytes, more than the " X64 " bytes %s)",
			    size, limit, l->payload ? "a payload may have" :
			    "of guest RAM available to images");
	*data = malloc(size ? size : 1);
	if (!*data)
		return fail(l, "out of memory");
	/* A file that shrinks meanwhile is read as it is now; one that grows, up to its size. */
	n = regular_file_pread(fd, *data, size, 0);
	if (n < 0) {
		free(*data);
		*data = NULL;
		return fail(l, "read error: %s", strerror(errno));
	}
	*len = (size_t)n;
	return 0;
}

static int load_file(struct elf_image *img, const char *path, uint64_t ram_size, int payload,
		     char *err, size_t errlen)
{
	struct loader l = { img, ram_size, err, errlen, payload, 0, 0 };
	uint8_t *data = NULL;
	size_t len = 0;
	struct stat st;
	int fd, r;

	memset(img, 0, sizeof(*img));
	fd = regular_file_open(path, &st);
	if (fd == REGULAR_FILE_OTHER)
		return fail(&l, "not a regular file");
	if (fd < 0)
		return fail(&l, "cannot open: %s", strerror(errno));
	r = read_checked(&l, fd, &st, &data, &len);
	close(fd);
	if (r)
		return r;
	return load_owned(img, data, len, ram_size, payload, err, errlen);
}

void elf_image_free(struct elf_image *img)
{
	free(img->data);
	memset(img, 0, sizeof(*img));
}

uint64_t elf_image_stack_size(const struct elf_image *img)
{
	return img->has_note && img->note.stack_size ? img->note.stack_size : PMSW_STACK_DEFAULT;
}

uint64_t elf_image_ram_need(const struct elf_image *img)
{
	uint64_t need = elf_image_stack_size(img);

	for (unsigned int i = 0; i < img->nseg; i++) {
		uint64_t va, len;

		elf_segment_pages(&img->seg[i], &va, &len);
		need += len;
	}
	return need;
}

enum pmsw_paging elf_image_paging(const struct elf_image *img)
{
	if (img->width == 64)
		return PMSW_PAGING_4LEVEL;
	return img->has_note && (img->note.flags & PMSW_NOTE_F_PAE) ? PMSW_PAGING_PAE
								    : PMSW_PAGING_2LEVEL;
}

int elf_image_load_file(struct elf_image *img, const char *path, uint64_t ram_size,
			char *err, size_t errlen)
{
	return load_file(img, path, ram_size, 0, err, errlen);
}

int elf_image_load_payload(struct elf_image *img, const char *path, char *err, size_t errlen)
{
	return load_file(img, path, 0, 1, err, errlen);
}

void elf_segment_pages(const struct elf_segment *s, uint64_t *va, uint64_t *len)
{
	*va = page_down(s->vaddr);
	*len = page_up(s->vaddr + s->memsz) - *va;
}
