// SPDX-License-Identifier: MIT
/*
 * ELF context image loader. Images are built in memory from a model (64-bit
 * header fields, written out as ELF32 or ELF64); each bad case is a list of
 * edits to the good image and the substring its error must contain.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pmswitch/layout.h>

#include "image/elf_image.h"

#define RAM             (64ull << 20)
#define FILE_SIZE       0x2800u
#define MAX_PH          24
#define NOTE_OFF        0x600u  /* PT_NOTE 4: GNU build-id, then pmswitch */
#define NOTE_PMSW       0x624u  /* the pmswitch note header */
#define NOTE_DESC       (NOTE_PMSW + 24)
#define NOTE_LEN        0x4cu
#define PROP_OFF        0x800u  /* PT_NOTE 5: 8-byte aligned GNU property notes */
#define PROP_LEN        0x38u
#define ERRLEN          256

/* Program headers of the good image, by index. */
enum { PH_PHDR, PH_HDRS, PH_TEXT, PH_DATA, PH_NOTE, PH_PROP, PH_STACK, PH_GNUPROP, PH_COUNT };

struct model {
	int width;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PH];
	unsigned int nph;
	uint8_t file[FILE_SIZE];
	size_t size;
};

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* One note at off, padded to a; returns the offset after it. */
static uint32_t put_note(uint8_t *file, uint32_t off, const char *name, uint32_t type,
			 const void *desc, uint32_t descsz, uint32_t a)
{
	uint32_t namesz = (uint32_t)strlen(name) + 1, d;

	put32(file + off, namesz);
	put32(file + off + 4, descsz);
	put32(file + off + 8, type);
	memcpy(file + off + 12, name, namesz);
	d = (off + 12 + namesz + a - 1) & ~(a - 1);
	memcpy(file + d, desc, descsz);
	return (d + descsz + a - 1) & ~(a - 1);
}

static void add_ph(struct model *m, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		   uint64_t filesz, uint64_t memsz, uint64_t align)
{
	m->ph[m->nph++] = (Elf64_Phdr){ .p_type = type, .p_flags = flags, .p_offset = off,
		.p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz,
		.p_align = align };
}

static uint64_t phoff(int width)
{
	return width == 32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
}

/*
 * Headers and notes in the first (read-only) PT_LOAD, as linkers lay them
 * out; text; data with bss; the GNU extras a toolchain adds on its own.
 */
static void model_init(struct model *m, int width, int with_note)
{
	const uint8_t build_id[20] = { 0xde, 0xad, 0xbe, 0xef };
	const struct pmsw_image_note note = { PMSW_NOTE_VERSION, 0, 0, 0 };
	const uint32_t prop[3] = { 0xc0000002, 4, 3 };  /* x86 feature: IBT|SHSTK */
	uint32_t end;

	memset(m, 0, sizeof(*m));
	m->width = width;
	m->size = FILE_SIZE;
	memcpy(m->eh.e_ident, ELFMAG, SELFMAG);
	m->eh.e_ident[EI_CLASS] = width == 32 ? ELFCLASS32 : ELFCLASS64;
	m->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	m->eh.e_ident[EI_VERSION] = EV_CURRENT;
	m->eh.e_type = ET_EXEC;
	m->eh.e_machine = width == 32 ? EM_386 : EM_X86_64;
	m->eh.e_version = EV_CURRENT;
	m->eh.e_entry = 0x401000;
	m->eh.e_phoff = phoff(width);
	m->eh.e_ehsize = (uint16_t)phoff(width);
	m->eh.e_phentsize = width == 32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);

	end = put_note(m->file, NOTE_OFF, "GNU", NT_GNU_BUILD_ID, build_id, sizeof(build_id), 4);
	cr_assert_eq(end, NOTE_PMSW);
	if (with_note)
		end = put_note(m->file, end, PMSW_NOTE_NAME, PMSW_NOTE_TYPE_CONTEXT, &note,
			       sizeof(note), 4);
	/* descsz 12 pads to 16 here: the second note sits at 32, not 28. */
	put_note(m->file, put_note(m->file, PROP_OFF, "GNU", NT_GNU_PROPERTY_TYPE_0, prop,
				   sizeof(prop), 8), "GNU", 0x1234, prop, 4, 8);
	for (uint32_t i = 0x1000; i < FILE_SIZE; i++)
		m->file[i] = (uint8_t)(i * 7);

	add_ph(m, PT_PHDR, PF_R, phoff(width), 0x400000 + phoff(width),
	       MAX_PH * m->eh.e_phentsize, MAX_PH * m->eh.e_phentsize, 8);
	add_ph(m, PT_LOAD, PF_R, 0, 0x400000, 0x1000, 0x1000, 0x1000);
	add_ph(m, PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x1000, 0x1000, 0x1000);
	add_ph(m, PT_LOAD, PF_R | PF_W, 0x2000, 0x402000, 0x800, 0x3000, 0x1000);
	add_ph(m, PT_NOTE, PF_R, NOTE_OFF, 0x400000 + NOTE_OFF, end - NOTE_OFF, end - NOTE_OFF, 4);
	add_ph(m, PT_NOTE, PF_R, PROP_OFF, 0x400000 + PROP_OFF, PROP_LEN, PROP_LEN, 8);
	add_ph(m, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
	add_ph(m, PT_GNU_PROPERTY, PF_R, PROP_OFF, 0x400000 + PROP_OFF, PROP_LEN, PROP_LEN, 8);
	m->eh.e_phnum = (uint16_t)m->nph;
}

/* Writes the headers into m->file in the model's class. */
static void model_write(struct model *m)
{
	uint8_t *p = m->file + phoff(m->width);

	if (m->width == 64) {
		memcpy(m->file, &m->eh, sizeof(m->eh));
		memcpy(p, m->ph, m->nph * sizeof(Elf64_Phdr));
		return;
	}
	Elf32_Ehdr e = { .e_type = m->eh.e_type, .e_machine = m->eh.e_machine,
		.e_version = m->eh.e_version, .e_entry = (Elf32_Addr)m->eh.e_entry,
		.e_phoff = (Elf32_Off)m->eh.e_phoff, .e_ehsize = m->eh.e_ehsize,
		.e_phentsize = m->eh.e_phentsize, .e_phnum = m->eh.e_phnum };

	memcpy(e.e_ident, m->eh.e_ident, EI_NIDENT);
	memcpy(m->file, &e, sizeof(e));
	for (unsigned int i = 0; i < m->nph; i++) {
		const Elf64_Phdr *s = &m->ph[i];
		Elf32_Phdr d = { s->p_type, (Elf32_Off)s->p_offset, (Elf32_Addr)s->p_vaddr,
			(Elf32_Addr)s->p_paddr, (Elf32_Word)s->p_filesz, (Elf32_Word)s->p_memsz,
			s->p_flags, (Elf32_Word)s->p_align };

		memcpy(p + i * sizeof(d), &d, sizeof(d));
	}
}

/* ---- edits: a bad image is the good one with up to four changes --------- */
enum field {
	END, E_TYPE, E_MACHINE, E_VERSION, E_ENTRY, E_PHOFF, E_PHNUM, E_PHENTSIZE,
	P_TYPE, P_OFFSET, P_VADDR, P_FILESZ, P_MEMSZ, P_ALIGN,
	RAW8, RAW32, SIZE,      /* after writing: idx is a file offset */
};

struct edit {
	enum field f;
	unsigned int idx;
	uint64_t val;
};

static void apply(struct model *m, const struct edit *e)
{
	Elf64_Phdr *ph = &m->ph[e->idx % MAX_PH];

	switch (e->f) {
	case E_TYPE:      m->eh.e_type = (uint16_t)e->val; break;
	case E_MACHINE:   m->eh.e_machine = (uint16_t)e->val; break;
	case E_VERSION:   m->eh.e_version = (uint32_t)e->val; break;
	case E_ENTRY:     m->eh.e_entry = e->val; break;
	case E_PHOFF:     m->eh.e_phoff = e->val; break;
	case E_PHNUM:     m->eh.e_phnum = (uint16_t)e->val; break;
	case E_PHENTSIZE: m->eh.e_phentsize = (uint16_t)e->val; break;
	case P_TYPE:      ph->p_type = (uint32_t)e->val; break;
	case P_OFFSET:    ph->p_offset = e->val; break;
	case P_VADDR:     ph->p_vaddr = e->val; break;
	case P_FILESZ:    ph->p_filesz = e->val; break;
	case P_MEMSZ:     ph->p_memsz = e->val; break;
	case P_ALIGN:     ph->p_align = e->val; break;
	case RAW8:        m->file[e->idx] = (uint8_t)e->val; break;
	case RAW32:       put32(m->file + e->idx, (uint32_t)e->val); break;
	case SIZE:        m->size = e->val; break;
	case END:         break;
	}
}

static void model_build(struct model *m, int width, const struct edit *edits)
{
	model_init(m, width, 1);
	for (const struct edit *e = edits; e->f != END; e++)
		if (e->f < RAW8)
			apply(m, e);
	model_write(m);
	for (const struct edit *e = edits; e->f != END; e++)
		if (e->f >= RAW8)
			apply(m, e);
}

/* No pointers: criterion hands the parameters to its workers by value. */
struct bad_case {
	char name[40];
	int width;              /* 32, 64, or 0 for both */
	struct edit edit[5];
	char expect[96];
};

static struct bad_case bad_cases[] = {
	{ "empty file", 0, { { SIZE, 0, 0 } }, "truncated ELF header (0 bytes)" },
	{ "truncated ident", 0, { { SIZE, 0, 10 } }, "truncated ELF header" },
	{ "truncated header", 0, { { SIZE, 0, 40 } }, "truncated ELF header (40 bytes)" },
	{ "wrong magic", 0, { { RAW8, 1, 'X' } }, "bad magic" },
	{ "unknown class", 0, { { RAW8, EI_CLASS, 3 } }, "unknown ELF class 3" },
	{ "big-endian", 0, { { RAW8, EI_DATA, ELFDATA2MSB } }, "big-endian" },
	{ "ident version", 0, { { RAW8, EI_VERSION, 2 } }, "unknown ELF version 2" },
	{ "e_version", 0, { { E_VERSION, 0, 0 } }, "unknown ELF version 0" },
	{ "ARM machine", 0, { { E_MACHINE, 0, EM_ARM } }, "machine 40 (ARM) is not x86" },
	{ "i386 in ELF64", 64, { { E_MACHINE, 0, EM_386 } }, "machine 3 (i386) in an ELFCLASS64" },
	{ "x32", 32, { { E_MACHINE, 0, EM_X86_64 } }, "machine 62 (x86-64) in an ELFCLASS32" },
	{ "ET_DYN", 0, { { E_TYPE, 0, ET_DYN } }, "ELF type 3 (ET_DYN" },
	{ "ET_REL", 0, { { E_TYPE, 0, ET_REL } }, "ELF type 1 (ET_REL" },
	{ "PT_INTERP", 0, { { P_TYPE, PH_STACK, PT_INTERP } }, "dynamically linked (PT_INTERP)" },
	{ "PT_DYNAMIC", 0, { { P_TYPE, PH_STACK, PT_DYNAMIC } }, "dynamically linked (PT_DYNAMIC)" },
	{ "phoff past end", 0, { { E_PHOFF, 0, 0x10000 } }, "program header table (offset 0x10000" },
	{ "phoff wraps", 0, { { E_PHOFF, 0, ~0ull - 0x3f } }, "program header table" },
	{ "phnum * phentsize past end", 0, { { E_PHNUM, 0, 0xfffe } }, "65534 entries) past end" },
	{ "phentsize", 0, { { E_PHENTSIZE, 0, 40 } }, "program header entry size 40" },
	{ "PN_XNUM", 0, { { E_PHNUM, 0, PN_XNUM } }, "extended program header numbering" },
	{ "filesz > memsz", 0, { { P_FILESZ, PH_TEXT, 0x2000 } },
	  "segment 2: file size 0x2000 exceeds memory size 0x1000" },
	{ "offset + filesz past end", 0, { { P_OFFSET, PH_DATA, 0x2400 } },
	  "segment 3: bytes 0x2400+0x800 past end of file" },
	{ "offset wraps", 0, { { P_OFFSET, PH_DATA, ~0ull - 0x7ff } }, "past end of file" },
	{ "alignment not a power of two", 0, { { P_ALIGN, PH_TEXT, 0x3000 } },
	  "alignment 0x3000 is not a power of two" },
	{ "vaddr/offset misaligned", 0, { { P_VADDR, PH_TEXT, 0x401010 } },
	  "segment 2: vaddr 0x401010 and offset 0x1000 differ modulo alignment 0x1000" },
	{ "overlapping segments", 0, { { P_VADDR, PH_DATA, 0x401800 }, { P_ALIGN, PH_DATA, 0 } },
	  "segment 3 overlaps segment 2 (0x401800-0x402000)" },
	{ "same-page segments", 0, { { P_MEMSZ, PH_TEXT, 0x800 }, { P_FILESZ, PH_TEXT, 0x800 },
				     { P_VADDR, PH_DATA, 0x401800 }, { P_ALIGN, PH_DATA, 1 } },
	  "segment 3 shares page 0x401000 with segment 2" },
	{ "in switcher window", 0, { { P_VADDR, PH_DATA, PMSW_WINDOW_VA + 0x200000 } },
	  "collides with the switcher window" },
	{ "straddles window start", 0, { { P_VADDR, PH_DATA, PMSW_WINDOW_VA - 0x1000 } },
	  "collides with the switcher window" },
	{ "straddles window end", 0, { { P_VADDR, PH_DATA, PMSW_WINDOW_VA + PMSW_WINDOW_SIZE - 0x1000 } },
	  "collides with the switcher window" },
	{ "page 0", 0, { { P_VADDR, PH_HDRS, 0 } }, "segment 1 maps page 0" },
	{ "page 0, unaligned", 0, { { P_VADDR, PH_HDRS, 0x800 }, { P_ALIGN, PH_HDRS, 0 } },
	  "maps page 0" },
	{ "vaddr + memsz overflows", 64, { { P_VADDR, PH_DATA, ~0ull - 0xfff } },
	  "segment 3: vaddr 0xfffffffffffff000 + size 0x3000 overflows" },
	{ "past 4 GiB", 32, { { P_VADDR, PH_DATA, 0xfffff000 } },
	  "segment 3 (0xfffff000-0x100002000) lies beyond the 32-bit limit 0x100000000" },
	{ "at 2^47", 64, { { P_VADDR, PH_DATA, 1ull << 47 } }, "beyond the 64-bit limit" },
	{ "straddles 2^47", 64, { { P_VADDR, PH_DATA, (1ull << 47) - 0x1000 } },
	  "beyond the 64-bit limit 0x800000000000" },
	{ "upper canonical half", 64, { { P_VADDR, PH_DATA, 0xffff800000000000ull } },
	  "beyond the 64-bit limit" },
	{ "too big for RAM", 0, { { P_MEMSZ, PH_DATA, RAM } },
	  "image needs 0x4006000 bytes of guest RAM with its stack, 0x3000000 available" },
	{ "entry outside segments", 0, { { E_ENTRY, 0, 0x500000 } },
	  "entry point 0x500000 is outside every loadable segment" },
	{ "entry in bss past segments", 0, { { E_ENTRY, 0, 0x405000 } }, "outside every" },
	{ "entry in data", 0, { { E_ENTRY, 0, 0x402000 } },
	  "entry point 0x402000 is in non-executable segment 3" },
	{ "entry in headers", 0, { { E_ENTRY, 0, 0x400000 } }, "non-executable segment 1" },
	{ "no PT_LOAD", 0, { { P_TYPE, PH_HDRS, PT_NULL }, { P_TYPE, PH_TEXT, PT_NULL },
			     { P_TYPE, PH_DATA, PT_NULL } }, "no loadable (PT_LOAD) segment" },
	{ "note version", 0, { { RAW32, NOTE_DESC, 2 } }, "pmswitch note version 2, expected 1" },
	{ "note unknown flag", 0, { { RAW32, NOTE_DESC + 4, 1u << 5 } }, "unknown flags 0x20" },
	{ "note PAE in 64-bit", 64, { { RAW32, NOTE_DESC + 4, PMSW_NOTE_F_PAE } },
	  "PAE paging in a 64-bit image" },
	{ "note CR4.VMXE", 0, { { RAW32, NOTE_DESC + 8, (1u << 13) | (1u << 7) } },
	  "CR4 bits 0x2000" },
	{ "note stack unaligned", 0, { { RAW32, NOTE_DESC + 12, 0x1800 } },
	  "stack size 0x1800 is not a page multiple" },
	{ "note stack too big", 0, { { RAW32, NOTE_DESC + 12, 2 * PMSW_STACK_MAX } },
	  "stack size 0x200000 exceeds 0x100000" },
	{ "note truncated", 0, { { P_FILESZ, PH_NOTE, NOTE_LEN - 8 } },
	  "segment 4: truncated note at offset 0x24" },
	{ "note header truncated", 0, { { P_FILESZ, PH_NOTE, 0x24 + 8 } },
	  "truncated note header at offset 0x24" },
	{ "note namesz huge", 0, { { RAW32, NOTE_PMSW, 0xffffffff } }, "truncated note" },
	{ "note descsz huge", 0, { { RAW32, NOTE_PMSW + 4, 0xfffffffc } }, "truncated note" },
	{ "note too short", 0, { { RAW32, NOTE_PMSW + 4, 8 } },
	  "pmswitch note too short (8 bytes, need 16)" },
	{ "property note misparsed", 0, { { RAW32, PROP_OFF + 32, 0x100 } }, "segment 5: truncated" },
	{ "note past end of file", 0, { { P_OFFSET, PH_NOTE, FILE_SIZE - 8 } },
	  "segment 4: note bytes" },
};

ParameterizedTestParameters(elf_image, bad)
{
	return cr_make_param_array(struct bad_case, bad_cases, PMSW_ARRAY_SIZE(bad_cases));
}

static int load_mem(const struct model *m, uint64_t ram, struct elf_image *img, char *err)
{
	return elf_image_load_mem(img, m->file, m->size, ram, err, ERRLEN);
}

/* Through a temporary file, as a context image or as the built-in payload. */
static int load_temp(const struct model *m, int payload, struct elf_image *img, char *err)
{
	char path[] = "/tmp/pmswitch-test-XXXXXX";
	int fd = mkstemp(path), r;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, m->file, m->size), (ssize_t)m->size);
	close(fd);
	r = payload ? elf_image_load_payload(img, path, err, ERRLEN)
		    : elf_image_load_file(img, path, RAM, err, ERRLEN);
	unlink(path);
	return r;
}

ParameterizedTest(struct bad_case *c, elf_image, bad)
{
	for (int width = 32; width <= 64; width += 32) {
		struct model m;
		struct elf_image img;
		char err[ERRLEN] = "", ferr[ERRLEN] = "";

		if (c->width && c->width != width)
			continue;
		model_build(&m, width, c->edit);
		cr_assert_eq(load_mem(&m, RAM, &img, err), -1, "%s (%d-bit): accepted", c->name,
			     width);
		cr_expect(strstr(err, c->expect), "%s (%d-bit): error \"%s\", expected \"%s\"",
			  c->name, width, err, c->expect);
		cr_expect_null(strchr(err, '\n'), "%s: error is one line", c->name);
		cr_expect_null(img.data);
		cr_expect_eq(img.nseg, 0);
		/* The path variant must say the same. */
		cr_expect_eq(load_temp(&m, 0, &img, ferr), -1, "%s: loaded from a file", c->name);
		cr_expect_str_eq(ferr, err, "%s: file error differs", c->name);
		cr_expect_null(img.data);
	}
}

/* ---- good images -------------------------------------------------------- */
static void check_layout(const struct elf_image *img, int width)
{
	cr_expect_eq(img->width, width);
	cr_expect_eq(img->entry, 0x401000);
	cr_assert_eq(img->nseg, 3);
	cr_expect_eq(img->seg[0].vaddr, 0x400000);
	cr_expect_eq(img->seg[0].offset, 0);
	cr_expect_eq(img->seg[0].perm, 0);
	cr_expect_eq(img->seg[0].index, PH_HDRS);
	cr_expect_eq(img->seg[1].perm, PF_X);
	cr_expect_eq(img->seg[1].index, PH_TEXT);
	cr_expect_eq(img->seg[2].perm, PF_W);
	cr_expect_eq(img->seg[2].filesz, 0x800);
	cr_expect_eq(img->seg[2].memsz, 0x3000);
	cr_expect_eq(img->size, FILE_SIZE);
	cr_expect_eq(img->data[0x2001], (uint8_t)(0x2001 * 7), "segment bytes are the file's");
}

/* With and without the note, from memory and from a file. */
Test(elf_image, good)
{
	for (int i = 0; i < 8; i++) {
		int width = i & 1 ? 64 : 32, with_note = !!(i & 2), via_file = !!(i & 4);
		struct model m;
		struct elf_image img;
		char err[ERRLEN] = "";

		model_init(&m, width, with_note);
		model_write(&m);
		cr_assert_eq(via_file ? load_temp(&m, 0, &img, err) : load_mem(&m, RAM, &img, err),
			     0, "%d-bit, note %d: %s", width, with_note, err);
		check_layout(&img, width);
		cr_expect_eq(img.has_note, with_note);
		cr_expect_eq(img.note.version, with_note ? PMSW_NOTE_VERSION : 0);
		cr_expect_eq(elf_image_stack_size(&img), PMSW_STACK_DEFAULT, "0 means default");
		cr_expect_eq(elf_image_paging(&img),
			     width == 32 ? PMSW_PAGING_2LEVEL : PMSW_PAGING_4LEVEL);
		elf_image_free(&img);
		cr_expect_null(img.data);
	}
}

Test(elf_image, note_choices)
{
	const uint32_t cr4 = PMSW_NOTE_CR4_ALLOWED;
	struct edit e[] = { { RAW32, NOTE_DESC + 4, PMSW_NOTE_F_PAE }, { RAW32, NOTE_DESC + 8, cr4 },
			    { RAW32, NOTE_DESC + 12, PMSW_STACK_MAX }, { END, 0, 0 } };
	struct model m;
	struct elf_image img;
	char err[ERRLEN];

	model_build(&m, 32, e);
	cr_assert_eq(load_mem(&m, RAM, &img, err), 0, "%s", err);
	cr_expect_eq(img.note.flags, PMSW_NOTE_F_PAE);
	cr_expect_eq(img.note.cr4_set, cr4);
	cr_expect_eq(elf_image_stack_size(&img), PMSW_STACK_MAX);
	cr_expect_eq(elf_image_paging(&img), PMSW_PAGING_PAE);
	elf_image_free(&img);
}

/* Accepted variations; limits are exclusive ends, a segment may end on one. */
Test(elf_image, edges_accepted)
{
	static const struct { int width, nseg, has_note; struct edit e[3]; } ok[] = {
		{ 32, 3, 1, { { P_VADDR, PH_DATA, 0xffffd000 } } },
		{ 64, 3, 1, { { P_VADDR, PH_DATA, (1ull << 47) - 0x3000 } } },
		{ 0, 3, 1, { { P_VADDR, PH_DATA, PMSW_WINDOW_VA + PMSW_WINDOW_SIZE } } },
		{ 0, 3, 1, { { P_VADDR, PH_DATA, PMSW_WINDOW_VA - 0x3000 } } },
		{ 0, 3, 1, { { P_VADDR, PH_HDRS, 0x1000 }, { P_ALIGN, PH_HDRS, 0 } } },
		{ 0, 2, 1, { { P_MEMSZ, PH_DATA, 0 }, { P_FILESZ, PH_DATA, 0 } } },  /* skipped */
		{ 0, 3, 1, { { E_ENTRY, 0, 0x401fff } } },
		/* A pmswitch note of another type is not ours to read. */
		{ 0, 3, 0, { { RAW32, NOTE_PMSW + 8, 2 }, { RAW32, NOTE_DESC, 99 } } },
	};

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(ok); i++) {
		for (int width = 32; width <= 64; width += 32) {
			struct model m;
			struct elf_image img;
			char err[ERRLEN] = "";

			if (ok[i].width && ok[i].width != width)
				continue;
			model_build(&m, width, ok[i].e);
			cr_expect_eq(load_mem(&m, RAM, &img, err), 0, "case %zu (%d-bit): %s", i,
				     width, err);
			cr_expect_eq(img.nseg, ok[i].nseg, "case %zu", i);
			cr_expect_eq(img.has_note, ok[i].has_note, "case %zu", i);
			elf_image_free(&img);
		}
	}
}

Test(elf_image, two_pmswitch_notes)
{
	struct model m;
	struct elf_image img;
	char err[ERRLEN];

	model_init(&m, 64, 1);
	m.ph[PH_PROP] = m.ph[PH_NOTE];          /* the same note, seen twice */
	model_write(&m);
	cr_assert_eq(load_mem(&m, RAM, &img, err), -1);
	cr_expect_str_eq(err, "more than one pmswitch note");
}

/* Segments (1 + 1 + 3 pages) and the stack, exactly. */
Test(elf_image, ram_fit_is_exact)
{
	uint64_t need = 5 * PMSW_PAGE_SIZE + PMSW_STACK_DEFAULT;
	struct model m;
	struct elf_image img;
	char err[ERRLEN];

	model_init(&m, 32, 0);
	model_write(&m);
	cr_expect_eq(load_mem(&m, PMSW_IMAGE_GPA + need, &img, err), 0, "%s", err);
	elf_image_free(&img);
	cr_expect_eq(load_mem(&m, PMSW_IMAGE_GPA + need - 1, &img, err), -1);
	cr_expect(strstr(err, "bytes of guest RAM"), "%s", err);
	cr_expect_eq(load_mem(&m, PMSW_IMAGE_GPA / 2, &img, err), -1);
	cr_expect(strstr(err, ", 0x0 available"), "%s", err);
}

Test(elf_image, segment_limit)
{
	struct model m;
	struct elf_image img;
	char err[ERRLEN];

	for (unsigned int n = 16; n <= 17; n++) {
		model_init(&m, 64, 0);
		for (unsigned int i = 3; i < n; i++)    /* PH_HDRS, PH_TEXT, PH_DATA, then these */
			add_ph(&m, PT_LOAD, PF_R, 0x1000, 0x500000 + i * 0x1000, 0x100, 0x100, 0x1000);
		m.eh.e_phnum = (uint16_t)m.nph;
		model_write(&m);
		if (n == 16) {
			cr_expect_eq(load_mem(&m, RAM, &img, err), 0, "%s", err);
			cr_expect_eq(img.nseg, 16);
			elf_image_free(&img);
		} else {
			cr_expect_eq(load_mem(&m, RAM, &img, err), -1);
			cr_expect_str_eq(err, "more than 16 loadable segments");
		}
	}
}

/* The built-in payload must lie inside the switcher area, not outside the window. */
Test(elf_image, payload)
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
Test(elf_image, header_and_size_before_the_rest)
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
	snprintf(want, sizeof(want), "file too large (%lld bytes, more than the 0x%llx bytes of "
		 "guest RAM available to images)", (long long)big, RAM - PMSW_IMAGE_GPA);
	cr_expect_str_eq(err, want);
	cr_expect_eq(elf_image_load_payload(&img, path, err, sizeof(err)), -1);
	cr_expect(strstr(err, "more than the 0x1000000 bytes a payload may have"), "%s", err);
	unlink(path);
	cr_expect_lt(max_rss_kib() - rss, 32 << 10, "peak RSS grew by %ld KiB",
		     max_rss_kib() - rss);
}

/* A FIFO without a writer: opening it to read would wait forever. */
Test(elf_image, fifo_is_not_waited_on, .timeout = 10)
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

Test(elf_image, file_errors)
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
