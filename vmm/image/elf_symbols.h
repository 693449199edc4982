/* SPDX-License-Identifier: MIT */
/* Symbols of a loaded ELF image (the built-in payloads keep theirs). */
#ifndef VMM_IMAGE_ELF_SYMBOLS_H
#define VMM_IMAGE_ELF_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "image/elf_image.h"

/* The value of the defined symbol name (.symtab), 0; -1 if there is none. */
int elf_image_symbol(const struct elf_image *img, const char *name, uint64_t *value);
/* "symbol+0xoffset" for the closest code symbol at or below va, or "?". */
void elf_image_symbolize(const struct elf_image *img, uint64_t va, char *buf, size_t len);

#endif
