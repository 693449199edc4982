// SPDX-License-Identifier: MIT
/*
 * ELF file header checks on raw bytes. The identification is read byte by
 * byte; the rest is converted by libelf (elfN_xlatetom) from the file's
 * layout and byte order, so that no field is read at the wrong offset.
 */
#include "image/elf_header.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define X64 "0x%" PRIx64

struct header_check {
	struct elf_header *h;
	uint64_t file_size;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct header_check *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* True when [off, off + len) lies inside the file; overflow-safe. */
static int in_file(const struct header_check *c, uint64_t off, uint64_t len)
{
	return off <= c->file_size && len <= c->file_size - off;
}

static const char *machine_name(unsigned int m)
{
	switch (m) {
	case EM_386:            return "i386";
	case EM_X86_64:         return "x86-64";
	case EM_IAMCU:          return "Intel MCU";
	case EM_ARM:            return "ARM";
	case EM_AARCH64:        return "AArch64";
	case EM_RISCV:          return "RISC-V";
	case EM_PPC:            return "PowerPC";
	case EM_PPC64:          return "PowerPC64";
	case EM_MIPS:           return "MIPS";
	case EM_S390:           return "S/390";
	case EM_SPARCV9:        return "SPARC V9";
	default:                return "unknown";
	}
}

static const char *type_name(unsigned int t)
{
	switch (t) {
	case ET_NONE:   return "ET_NONE";
	case ET_REL:    return "ET_REL, an object file";
	case ET_EXEC:   return "ET_EXEC";
	case ET_DYN:    return "ET_DYN, position-independent or shared";
	case ET_CORE:   return "ET_CORE, a core dump";
	default:        return "unknown";
	}
}

static size_t ehdr_size(int width)
{
	return width == 32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
}

static size_t phdr_size(int width)
{
	return width == 32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
}

/* e_ident, byte by byte: what every other field's layout depends on. */
static int check_ident(struct header_check *c, const uint8_t *id, size_t len)
{
	if (len < EI_NIDENT)
		return fail(c, "truncated ELF header (%" PRIu64 " bytes)", c->file_size);
	if (memcmp(id, ELFMAG, SELFMAG))
		return fail(c, "not an ELF file (bad magic)");
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
		return fail(c, "unknown ELF class %u", id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		return fail(c, "%s ELF file, x86 is little-endian",
			    id[EI_DATA] == ELFDATA2MSB ? "big-endian" : "unknown byte order in");
	if (id[EI_VERSION] != EV_CURRENT)
		return fail(c, "unknown ELF version %u", id[EI_VERSION]);
	/* x86 executables are System V ABI; other OS ABIs give fields other meanings. */
	if (id[EI_OSABI] != ELFOSABI_NONE)
		return fail(c, "OS ABI %u, need 0 (ELFOSABI_NONE, System V)", id[EI_OSABI]);
	if (id[EI_ABIVERSION] != 0)
		return fail(c, "ABI version %u, need 0", id[EI_ABIVERSION]);
	for (unsigned int i = EI_PAD; i < EI_NIDENT; i++)
		if (id[i])
			return fail(c, "e_ident padding byte %u is 0x%x, must be 0", i, id[i]);
	c->h->width = id[EI_CLASS] == ELFCLASS32 ? 32 : 64;
	if (c->file_size < ehdr_size(c->h->width) || len < ehdr_size(c->h->width))
		return fail(c, "truncated ELF header (%" PRIu64 " bytes)", c->file_size);
	return 0;
}

/* The header in the file's layout and byte order, as GElf_Ehdr. */
static int decode(struct header_check *c, const uint8_t *buf)
{
	Elf_Data src = { .d_buf = (void *)buf, .d_type = ELF_T_EHDR, .d_version = EV_CURRENT };
	Elf_Data dst = src;
	Elf32_Ehdr e32;
	GElf_Ehdr *eh = &c->h->eh;

	src.d_size = dst.d_size = ehdr_size(c->h->width);
	if (c->h->width == 64) {
		dst.d_buf = eh;
		if (!elf64_xlatetom(&dst, &src, ELFDATA2LSB))
			return fail(c, "malformed ELF header: %s", elf_errmsg(-1));
		return 0;
	}
	dst.d_buf = &e32;
	if (!elf32_xlatetom(&dst, &src, ELFDATA2LSB))
		return fail(c, "malformed ELF header: %s", elf_errmsg(-1));
	memcpy(eh->e_ident, e32.e_ident, EI_NIDENT);
	eh->e_type = e32.e_type;
	eh->e_machine = e32.e_machine;
	eh->e_version = e32.e_version;
	eh->e_entry = e32.e_entry;
	eh->e_phoff = e32.e_phoff;
	eh->e_shoff = e32.e_shoff;
	eh->e_flags = e32.e_flags;
	eh->e_ehsize = e32.e_ehsize;
	eh->e_phentsize = e32.e_phentsize;
	eh->e_phnum = e32.e_phnum;
	eh->e_shentsize = e32.e_shentsize;
	eh->e_shnum = e32.e_shnum;
	eh->e_shstrndx = e32.e_shstrndx;
	return 0;
}

static size_t shdr_size(int width)
{
	return width == 32 ? sizeof(Elf32_Shdr) : sizeof(Elf64_Shdr);
}

static int check_ehdr(struct header_check *c)
{
	const GElf_Ehdr *eh = &c->h->eh;
	int width = c->h->width;
	unsigned int want = width == 32 ? EM_386 : EM_X86_64;

	if (eh->e_machine != EM_386 && eh->e_machine != EM_X86_64)
		return fail(c, "machine %u (%s) is not x86", eh->e_machine,
			    machine_name(eh->e_machine));
	if (eh->e_machine != want)
		return fail(c, "machine %u (%s) in an ELFCLASS%d file", eh->e_machine,
			    machine_name(eh->e_machine), width);
	if (eh->e_version != EV_CURRENT)
		return fail(c, "unknown ELF version %u", eh->e_version);
	if (eh->e_type != ET_EXEC)
		return fail(c, "ELF type %u (%s), need ET_EXEC", eh->e_type,
			    type_name(eh->e_type));
	if (eh->e_ehsize != ehdr_size(width))
		return fail(c, "ELF header size %u, expected %zu", eh->e_ehsize, ehdr_size(width));
	/* Neither the i386 nor the x86-64 psABI defines a flag. */
	if (eh->e_flags)
		return fail(c, "ELF flags 0x%x, x86 defines none", eh->e_flags);
	return 0;
}

static int check_phdr_table(struct header_check *c)
{
	const GElf_Ehdr *eh = &c->h->eh;
	size_t size = phdr_size(c->h->width);

	if (eh->e_phnum == PN_XNUM)
		return fail(c, "extended program header numbering is not supported");
	if (eh->e_phentsize != size)
		return fail(c, "program header entry size %u, expected %zu", eh->e_phentsize, size);
	if (eh->e_phnum && eh->e_phoff < eh->e_ehsize)
		return fail(c, "program header table (offset " X64 ") overlaps the ELF header",
			    (uint64_t)eh->e_phoff);
	/* e_phnum and e_phentsize are 16-bit: their product cannot wrap. */
	if (!in_file(c, eh->e_phoff, (uint64_t)eh->e_phnum * eh->e_phentsize))
		return fail(c, "program header table (offset " X64 ", %u entries) past end of file",
			    (uint64_t)eh->e_phoff, eh->e_phnum);
	return 0;
}

/* Not used here, but libelf reads it (the payloads' symbols): checked the same way. */
static int check_shdr_table(struct header_check *c)
{
	const GElf_Ehdr *eh = &c->h->eh;
	size_t size = shdr_size(c->h->width);
	/* e_shnum 0 with a table: the count is in section 0 (at least that entry). */
	unsigned int n = eh->e_shnum ? eh->e_shnum : 1;

	if (!eh->e_shoff) {
		if (eh->e_shnum || eh->e_shstrndx != SHN_UNDEF)
			return fail(c, "no section header table, but %u sections and names in "
				    "section %u", eh->e_shnum, eh->e_shstrndx);
		return 0;
	}
	if (eh->e_shentsize != size)
		return fail(c, "section header entry size %u, expected %zu", eh->e_shentsize, size);
	if (eh->e_shoff < eh->e_ehsize)
		return fail(c, "section header table (offset " X64 ") overlaps the ELF header",
			    (uint64_t)eh->e_shoff);
	if (!in_file(c, eh->e_shoff, (uint64_t)n * size))
		return fail(c, "section header table (offset " X64 ", %u entries) past end of file",
			    (uint64_t)eh->e_shoff, eh->e_shnum);
	if (eh->e_shnum && eh->e_shstrndx != SHN_XINDEX && eh->e_shstrndx >= eh->e_shnum)
		return fail(c, "section names in section %u of %u", eh->e_shstrndx, eh->e_shnum);
	return 0;
}

int elf_header_check(struct elf_header *h, const uint8_t *buf, size_t len, uint64_t file_size,
		     char *err, size_t errlen)
{
	struct header_check c = { h, file_size, err, errlen };

	memset(h, 0, sizeof(*h));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(&c, "libelf: %s", elf_errmsg(-1));
	if (check_ident(&c, buf, len) || decode(&c, buf) || check_ehdr(&c) ||
	    check_phdr_table(&c) || check_shdr_table(&c))
		return -1;
	return 0;
}
