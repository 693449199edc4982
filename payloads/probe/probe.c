// SPDX-License-Identifier: MIT
/*
 * The probe: proves a guest runs, says in which CPU mode, and what CPUID
 * and IA32_FEATURE_CONTROL tell it about VMX/SVM. `pmswitch check` runs it.
 */
#include <pmswitch/bootinfo.h>
#include <pmswitch/layout.h>
#include <pmswitch/x86.h>

#include "console.h"
#include "cpu.h"
#include "report.h"
#include "mem.h"

static uint32_t cpu_mode(unsigned long cr0, unsigned long cr4, uint64_t efer)
{
	if (!(cr0 & X86_CR0_PE))
		return PMSW_MODE_REAL;
	if (!(cr0 & X86_CR0_PG))
		return PMSW_MODE_PROT32;
	if (efer & X86_EFER_LMA)
		return PMSW_MODE_LONG64;
	return (cr4 & X86_CR4_PAE) ? PMSW_MODE_PAE32 : PMSW_MODE_PROT32_PAGED;
}

void payload_main(void);
void payload_main(void)
{
	const struct pmsw_bootinfo *bi = (const void *)(uintptr_t)PMSW_BOOTINFO_VA;
	struct pmsw_ev_probe p;
	uint32_t r[4];

	if (bi->magic != PMSW_BOOTINFO_MAGIC || console_init((unsigned long)bi->console_va))
		report_exit(PMSW_GUEST_NO_CONSOLE);

	memset(&p, 0, sizeof(p));
	cpuid(0, 0, r);
	memcpy(p.vendor, &r[1], 4);
	memcpy(p.vendor + 4, &r[3], 4);
	memcpy(p.vendor + 8, &r[2], 4);
	cpuid(1, 0, r);
	p.cpuid1_ecx = r[2];
	cpuid(0x80000000u, 0, r);
	if (r[0] >= 0x80000001u) {
		cpuid(0x80000001u, 0, r);
		p.cpuid_ext_ecx = r[2];
	}
	p.cr0 = READ_CR(0);
	p.cr4 = READ_CR(4);
	p.efer = rdmsr(MSR_EFER);
	if (p.cpuid1_ecx & CPUID_1_ECX_VMX)
		p.feature_control = rdmsr(MSR_IA32_FEATURE_CONTROL);
	p.mode = cpu_mode((unsigned long)p.cr0, (unsigned long)p.cr4, p.efer);
	report_emit(PMSW_EV_PROBE, PMSW_CTX_NONE, &p, sizeof(p));
	report_exit(PMSW_GUEST_DONE);
}
