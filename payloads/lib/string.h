/* SPDX-License-Identifier: MIT */
#ifndef PAYLOAD_STRING_H
#define PAYLOAD_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);

#endif
