/* SPDX-License-Identifier: MIT */
/*
 * A good context image as a model (64-bit header fields, written out as
 * ELF32 or ELF64), and edits that break it, for the image loader's tests.
 */
#ifndef TESTS_ELF_MODEL_H
#define TESTS_ELF_MODEL_H

#include <criterion/criterion.h>
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

static inline void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* One note at off, padded to a; returns the offset after it. */
static inline uint32_t put_note(uint8_t *file, uint32_t off, const char *name, uint32_t type,
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

static inline void add_ph(struct model *m, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		   uint64_t filesz, uint64_t memsz, uint64_t align)
{
	m->ph[m->nph++] = (Elf64_Phdr){ .p_type = type, .p_flags = flags, .p_offset = off,
		.p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz,
		.p_align = align };
}

static inline uint64_t phoff(int width)
{
	return width == 32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
}

/*
 * Headers and notes in the first (read-only) PT_LOAD, as linkers lay them
 * out; text; data with bss; the GNU extras a toolchain adds on its own.
 */
static inline void model_init(struct model *m, int width, int with_note)
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

	/* Sizes 0: model_write makes it the table's, as e_phnum has it then. */
	add_ph(m, PT_PHDR, PF_R, phoff(width), 0x400000 + phoff(width), 0, 0, 8);
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
static inline void model_write(struct model *m)
{
	uint8_t *p = m->file + phoff(m->width);
	Elf64_Phdr *phdr = &m->ph[PH_PHDR];

	if (phdr->p_type == PT_PHDR && !phdr->p_filesz)
		phdr->p_filesz = (uint64_t)m->eh.e_phnum * m->eh.e_phentsize;
	if (phdr->p_type == PT_PHDR && !phdr->p_memsz)
		phdr->p_memsz = (uint64_t)m->eh.e_phnum * m->eh.e_phentsize;
	if (m->width == 64) {
		memcpy(m->file, &m->eh, sizeof(m->eh));
		memcpy(p, m->ph, m->nph * sizeof(Elf64_Phdr));
		return;
	}
	Elf32_Ehdr e = { .e_type = m->eh.e_type, .e_machine = m->eh.e_machine,
		.e_version = m->eh.e_version, .e_entry = (Elf32_Addr)m->eh.e_entry,
		.e_phoff = (Elf32_Off)m->eh.e_phoff, .e_shoff = (Elf32_Off)m->eh.e_shoff,
		.e_flags = m->eh.e_flags, .e_ehsize = m->eh.e_ehsize,
		.e_phentsize = m->eh.e_phentsize, .e_phnum = m->eh.e_phnum,
		.e_shentsize = m->eh.e_shentsize, .e_shnum = m->eh.e_shnum,
		.e_shstrndx = m->eh.e_shstrndx };

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
	E_EHSIZE, E_FLAGS, E_SHOFF, E_SHNUM, E_SHENTSIZE, E_SHSTRNDX, P_TYPE, P_OFFSET, P_VADDR, P_FILESZ, P_MEMSZ, P_ALIGN,
	RAW8, RAW32, SIZE,      /* after writing: idx is a file offset */
};

struct edit {
	enum field f;
	unsigned int idx;
	uint64_t val;
};

static inline void apply(struct model *m, const struct edit *e)
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
	case E_EHSIZE:    m->eh.e_ehsize = (uint16_t)e->val; break;
	case E_FLAGS:     m->eh.e_flags = (uint32_t)e->val; break;
	case E_SHOFF:     m->eh.e_shoff = e->val; break;
	case E_SHNUM:     m->eh.e_shnum = (uint16_t)e->val; break;
	case E_SHENTSIZE: m->eh.e_shentsize = (uint16_t)e->val; break;
	case E_SHSTRNDX:  m->eh.e_shstrndx = (uint16_t)e->val; break;
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

static inline void model_build(struct model *m, int width, const struct edit *edits)
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

static inline int load_mem(const struct model *m, uint64_t ram, struct elf_image *img, char *err)
{
	return elf_image_load_mem(img, m->file, m->size, ram, err, ERRLEN);
}

/* Through a temporary file, as a context image or as the built-in payload. */
static inline int load_temp(const struct model *m, int payload, struct elf_image *img, char *err)
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

#endif
