/* SPDX-License-Identifier: MIT */
/* Width-agnostic x86 helpers for payloads (unsigned long is the native width). */
#ifndef PAYLOAD_CPU_H
#define PAYLOAD_CPU_H

#include <stdint.h>

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

#define READ_CR(n) ({ unsigned long v_; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v_)); v_; })
#define WRITE_CR(n, v) __asm__ volatile("mov %0, %%cr" #n : : "r"((unsigned long)(v)) : "memory")

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

#ifdef __x86_64__
#define SP_REG "rsp"
#else
#define SP_REG "esp"
#endif

static inline void barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

/* x86 is TSO; the device only needs the compiler not to reorder. */
#define mmio_read32(a)     (*(volatile uint32_t *)(a))
#define mmio_write32(a, v) (*(volatile uint32_t *)(a) = (v))

static inline __attribute__((noreturn)) void cpu_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif
