// SPDX-License-Identifier: MIT
/* A payload's symbols (.symtab), read with libelf from the image's bytes:
 * by name for the landing instruction, by address to name a probe's rows. */
#include "image/elf_symbols.h"

#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Calls fn for each defined symbol of .symtab until it returns non-zero. */
static int for_each_symbol(const struct elf_image *img,
			   int (*fn)(void *ctx, const char *name, const GElf_Sym *sym), void *ctx)
{
	Elf *elf = elf_memory((char *)img->data, img->size);
	Elf_Scn *scn = NULL;
	int r = 0;

	while (elf && !r && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize ||
		    !(d = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; !r && i < d->d_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *s;

			if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
				continue;
			s = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (s && *s)
				r = fn(ctx, s, &sym);
		}
	}
	if (elf)
		elf_end(elf);
	return r;
}

struct symbol_query {
	const char *name;
	uint64_t va, best;
	const char *best_name;
	char *buf;
	size_t len;
};

static int match_name(void *ctx, const char *name, const GElf_Sym *sym)
{
	struct symbol_query *q = ctx;

	if (strcmp(name, q->name))
		return 0;
	q->best = sym->st_value;
	return 1;
}

int elf_image_symbol(const struct elf_image *img, const char *name, uint64_t *value)
{
	struct symbol_query q = { .name = name };

	if (!for_each_symbol(img, match_name, &q))
		return -1;
	*value = q.best;
	return 0;
}

/* The closest code symbol at or below va; written out at once, since the
 * names live only while the ELF handle does. */
static int nearest(void *ctx, const char *name, const GElf_Sym *sym)
{
	struct symbol_query *q = ctx;
	int type = GELF_ST_TYPE(sym->st_info);

	if ((type == STT_FUNC || type == STT_NOTYPE) && sym->st_value <= q->va &&
	    (!q->best_name || sym->st_value > q->best)) {
		q->best = sym->st_value;
		q->best_name = name;
		snprintf(q->buf, q->len, "%s+0x%" PRIx64, name, q->va - sym->st_value);
	}
	return 0;
}

void elf_image_symbolize(const struct elf_image *img, uint64_t va, char *buf, size_t len)
{
	struct symbol_query q = { .va = va, .buf = buf, .len = len };

	snprintf(buf, len, "?");
	for_each_symbol(img, nearest, &q);
}
