// SPDX-License-Identifier: MIT
/*
 * The few libc functions the compiler may emit calls to in freestanding code.
 * memcpy and memset are string instructions, words then bytes: where the
 * hypervisor emulates the guest instruction by instruction (kvm_pvm, which
 * runs pmswitch natively here), a byte loop cost four emulated instructions
 * per byte, most of a run's CPU time; REP MOVS/STOS is decoded once.
 */
#include <stddef.h>

#include "mem.h"

#ifdef __x86_64__
#define MOVS_WORDS "rep movsq"
#define STOS_WORDS "rep stosq"
#else
#define MOVS_WORDS "rep movsl"
#define STOS_WORDS "rep stosl"
#endif

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t words = n / sizeof(long), bytes = n % sizeof(long);

	__asm__ volatile(MOVS_WORDS : "+D"(d), "+S"(src), "+c"(words) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(bytes) : : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	unsigned long v = (unsigned char)c * (~0ul / 0xff);     /* c in every byte */
	size_t words = n / sizeof(long), bytes = n % sizeof(long);

	__asm__ volatile(STOS_WORDS : "+D"(d), "+c"(words) : "a"(v) : "memory");
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(bytes) : "a"(v) : "memory");
	return dst;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
