// SPDX-License-Identifier: MIT
/*
 * ELF context image loader. Images are built in memory from a model
 * (elf_model.h); each bad case is a list of edits to the good image and the
 * substring its error must contain, one row per broken field.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <elf.h>
#include <string.h>

#include <pmswitch/layout.h>

#include "elf_model.h"
#include "image/elf_image.h"

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
	{ "OS ABI", 0, { { RAW8, EI_OSABI, ELFOSABI_GNU } },
	  "OS ABI 3, need 0 (ELFOSABI_NONE, System V)" },
	{ "ABI version", 0, { { RAW8, EI_ABIVERSION, 1 } }, "ABI version 1, need 0" },
	{ "ident padding", 0, { { RAW8, EI_PAD, 0x7f } }, "e_ident padding byte 9 is 0x7f, must be 0" },
	{ "ident last byte", 0, { { RAW8, EI_NIDENT - 1, 1 } }, "e_ident padding byte 15 is 0x1" },
	{ "e_ehsize", 0, { { E_EHSIZE, 0, 48 } }, "ELF header size 48, expected " },
	{ "ELF32 e_ehsize in ELF64", 64, { { E_EHSIZE, 0, sizeof(Elf32_Ehdr) } },
	  "ELF header size 52, expected 64" },
	{ "e_flags", 0, { { E_FLAGS, 0, 0x100 } }, "ELF flags 0x100, x86 defines none" },
	{ "phentsize, no program headers", 0, { { E_PHNUM, 0, 0 }, { E_PHENTSIZE, 0, 0 } },
	  "program header entry size 0, expected " },
	{ "ELF32 phentsize in ELF64", 64, { { E_PHENTSIZE, 0, sizeof(Elf32_Phdr) } },
	  "program header entry size 32, expected 56" },
	{ "phoff in the ELF header", 0, { { E_PHOFF, 0, 0x10 } },
	  "program header table (offset 0x10) overlaps the ELF header" },
	{ "shnum without a table", 0, { { E_SHNUM, 0, 3 } },
	  "no section header table, but 3 sections and names in section 0" },
	{ "shstrndx without a table", 0, { { E_SHSTRNDX, 0, 1 } },
	  "no section header table, but 0 sections and names in section 1" },
	{ "shentsize", 0, { { E_SHOFF, 0, 0x1000 }, { E_SHNUM, 0, 2 }, { E_SHENTSIZE, 0, 10 } },
	  "section header entry size 10, expected " },
	{ "shoff past end", 64, { { E_SHOFF, 0, FILE_SIZE - 0x40 }, { E_SHNUM, 0, 2 },
				  { E_SHENTSIZE, 0, sizeof(Elf64_Shdr) } },
	  "section header table (offset 0x27c0, 2 entries) past end of file" },
	{ "shoff past end", 32, { { E_SHOFF, 0, FILE_SIZE - 0x28 }, { E_SHNUM, 0, 2 },
				  { E_SHENTSIZE, 0, sizeof(Elf32_Shdr) } },
	  "section header table (offset 0x27d8, 2 entries) past end of file" },
	{ "shoff in the ELF header", 64, { { E_SHOFF, 0, 8 }, { E_SHNUM, 0, 1 },
					   { E_SHENTSIZE, 0, sizeof(Elf64_Shdr) } },
	  "section header table (offset 0x8) overlaps the ELF header" },
	{ "shstrndx past shnum", 64, { { E_SHOFF, 0, 0x2000 }, { E_SHNUM, 0, 2 },
				       { E_SHENTSIZE, 0, sizeof(Elf64_Shdr) }, { E_SHSTRNDX, 0, 2 } },
	  "section names in section 2 of 2" },
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
	{ "note segment past end", 0, { { P_OFFSET, PH_GNUPROP, FILE_SIZE } },
	  "segment 7: bytes 0x2800+0x38 past end of file" },
	{ "PT_LOAD out of order", 0, { { P_VADDR, PH_DATA, 0x300000 } },
	  "segment 3: vaddr 0x300000 below segment 2's 0x401000 (PT_LOAD entries must ascend)" },
	{ "second PT_PHDR", 0, { { P_TYPE, PH_STACK, PT_PHDR } }, "segment 6: a second PT_PHDR" },
	{ "PT_PHDR after PT_LOAD", 0, { { P_TYPE, PH_PHDR, PT_NULL }, { P_TYPE, PH_STACK, PT_PHDR } },
	  "segment 6: PT_PHDR after a loadable segment" },
	{ "PT_PHDR size", 0, { { P_FILESZ, PH_PHDR, 0x20 } },
	  "but the program header table is at " },
	{ "PT_PHDR offset", 0, { { P_OFFSET, PH_PHDR, 0x100 } }, "segment 0: PT_PHDR at 0x100+" },
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
		{ 0, 3, 1, { { P_TYPE, PH_PHDR, PT_NULL } } },     /* no PT_PHDR: static images */
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

/*
 * Where segments may lie: a 32-bit one below 4 GiB; a 64-bit one in either
 * canonical half, up to the very last byte, never in or across the hole
 * between them. The data segment (3 pages) moves, or the whole image.
 */
struct reach_case {
	const char *name;
	int width;
	struct edit e[5];
	const char *expect;     /* NULL: accepted */
};

#define KERNEL_VA       0xffffffff80000000ull
#define KERNEL_VA_48    (KERNEL_VA & 0xffffffffffffull)         /* bits 63:48 clear */
#define HOLE            "reaches into the non-canonical hole 0x800000000000-0xffff800000000000"

static const struct reach_case reach_cases[] = {
	{ "32-bit ends at 4 GiB", 32, { { P_VADDR, PH_DATA, 0xffffd000 } }, NULL },
	{ "32-bit past 4 GiB", 32, { { P_VADDR, PH_DATA, 0xffffe000 } },
	  "segment 3 (0xffffe000-0x100001000) lies beyond the 32-bit limit 0x100000000" },
	{ "lower half ends", 64, { { P_VADDR, PH_DATA, (1ull << 47) - 0x3000 } }, NULL },
	{ "upper half begins", 64, { { P_VADDR, PH_DATA, PMSW_VA_UPPER_64 } }, NULL },
	{ "ends at 2^64", 64, { { P_VADDR, PH_DATA, ~0ull - 0x2fff } }, NULL },
	{ "kernel image", 64, { { P_VADDR, PH_HDRS, KERNEL_VA }, { P_VADDR, PH_TEXT, KERNEL_VA + 0x1000 },
				{ P_VADDR, PH_DATA, KERNEL_VA + 0x2000 },
				{ E_ENTRY, 0, KERNEL_VA + 0x1000 } }, NULL },
	{ "at 2^47", 64, { { P_VADDR, PH_DATA, 1ull << 47 } },
	  "segment 3 (0x800000000000-0x800000003000) " HOLE },
	{ "crosses into the hole", 64, { { P_VADDR, PH_DATA, (1ull << 47) - 0x1000 } },
	  "segment 3 (0x7ffffffff000-0x800000002000) " HOLE },
	{ "crosses out of the hole", 64, { { P_VADDR, PH_DATA, PMSW_VA_UPPER_64 - 0x1000 } },
	  "segment 3 (0xffff7ffffffff000-0xffff800000002000) " HOLE },
	{ "spans the hole", 64, { { P_VADDR, PH_DATA, (1ull << 47) - 0x1000 },
				  { P_MEMSZ, PH_DATA, PMSW_VA_UPPER_64 - (1ull << 47) + 0x2000 } },
	  "segment 3 (0x7ffffffff000-0xffff800000001000) " HOLE },
	{ "not sign-extended", 64, { { P_VADDR, PH_HDRS, KERNEL_VA_48 },
				     { P_VADDR, PH_TEXT, KERNEL_VA_48 + 0x1000 },
				     { P_VADDR, PH_DATA, KERNEL_VA_48 + 0x2000 } },
	  "segment 1 (0xffff80000000-0xffff80001000) " HOLE },
	{ "past 2^64", 64, { { P_VADDR, PH_DATA, ~0ull - 0x1fff } },
	  "segment 3: vaddr 0xffffffffffffe000 + size 0x3000 overflows" },
};

Test(elf_image, address_reach)
{
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(reach_cases); i++) {
		const struct reach_case *c = &reach_cases[i];
		struct model m;
		struct elf_image img;
		char err[ERRLEN] = "";
		int r;

		model_build(&m, c->width, c->e);
		r = load_mem(&m, RAM, &img, err);
		if (c->expect) {
			cr_expect_eq(r, -1, "%s: accepted", c->name);
			cr_expect(strstr(err, c->expect), "%s: error \"%s\", expected \"%s\"",
				  c->name, err, c->expect);
			cr_expect_null(strchr(err, '\n'), "%s: error is one line", c->name);
			continue;
		}
		cr_expect_eq(r, 0, "%s: %s", c->name, err);
		cr_expect_eq(img.nseg, 3, "%s", c->name);
		elf_image_free(&img);
	}
}

/* A segment ending at 2^64 spans its pages and needs its RAM, wrap-free. */
Test(elf_image, top_segment_pages)
{
	struct edit e[] = { { P_VADDR, PH_DATA, ~0ull - 0x2fff }, { END, 0, 0 } };
	struct model m;
	struct elf_image img;
	uint64_t va, len;
	char err[ERRLEN];

	model_build(&m, 64, e);
	cr_assert_eq(load_mem(&m, RAM, &img, err), 0, "%s", err);
	elf_segment_pages(&img.seg[2], &va, &len);
	cr_expect_eq(va, ~0ull - 0x2fff);
	cr_expect_eq(len, 0x3000);
	cr_expect_eq(elf_image_ram_need(&img), 5 * PMSW_PAGE_SIZE + PMSW_STACK_DEFAULT);
	elf_image_free(&img);
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
