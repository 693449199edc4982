/* SPDX-License-Identifier: MIT */
/* The libc memory and string functions payloads use (mem.c). Not named
 * string.h, so it is never mistaken for, or shadows, the system header. */
#ifndef PAYLOAD_MEM_H
#define PAYLOAD_MEM_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);

#endif
