// SPDX-License-Identifier: MIT
#include "cpu_tables.h"

#include <pmswitch/vmx.h>

void cpu_tables_read(struct cpu_tables *t)
{
	__asm__ volatile("sgdt %0; sidt %1" : "=m"(t->gdtr), "=m"(t->idtr));
	__asm__ volatile("mov %%cs, %0; mov %%ss, %1; mov %%ds, %2; mov %%es, %3"
			 : "=r"(t->cs), "=r"(t->ss), "=r"(t->ds), "=r"(t->es));
	__asm__ volatile("mov %%fs, %0; mov %%gs, %1; str %2"
			 : "=r"(t->fs), "=r"(t->gs), "=r"(t->tr));
}

uint32_t cpu_seg_ar(uint16_t sel)
{
	unsigned long ar;

	if (!sel)
		return VMX_AR_UNUSABLE;
	__asm__ volatile("lar %1, %0" : "=r"(ar) : "rm"((unsigned long)sel));
	return (uint32_t)(ar >> 8) & 0xf0ff;
}

uint32_t cpu_seg_limit(uint16_t sel)
{
	unsigned long lim;

	__asm__ volatile("lsl %1, %0" : "=r"(lim) : "rm"((unsigned long)sel));
	return (uint32_t)lim;
}

uint64_t cpu_tss_base(uint64_t gdt, uint16_t sel)
{
	const uint32_t *d = (const uint32_t *)(uintptr_t)(gdt + (sel & ~7u));
	uint64_t base = (d[0] >> 16) | ((d[1] & 0xff) << 16) | (d[1] & 0xff000000u);

#ifdef __x86_64__
	base |= (uint64_t)d[2] << 32;
#endif
	return base;
}
