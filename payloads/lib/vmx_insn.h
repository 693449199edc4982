/* SPDX-License-Identifier: MIT */
/*
 * VMX instructions for 32- and 64-bit payloads. Each returns 0 on VMsucceed,
 * VMX_FAIL_INVALID (CF=1) or VMX_FAIL_VALID (ZF=1; see VM_INSTRUCTION_ERROR).
 * 64-bit VMCS fields take two VMWRITEs in 32-bit mode (SDM 24.11.2).
 */
#ifndef PAYLOAD_VMX_INSN_H
#define PAYLOAD_VMX_INSN_H

#include <stdint.h>

#define VMX_FAIL_INVALID 1
#define VMX_FAIL_VALID   2

#define VMX_STATUS(cf, zf) ((cf) ? VMX_FAIL_INVALID : (zf) ? VMX_FAIL_VALID : 0)

static inline int vmxon(const uint64_t *pa)
{
	uint8_t cf, zf;

	__asm__ volatile("vmxon %2; setc %0; setz %1" : "=q"(cf), "=q"(zf) : "m"(*pa) : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

static inline int vmxoff(void)
{
	uint8_t cf, zf;

	__asm__ volatile("vmxoff; setc %0; setz %1" : "=q"(cf), "=q"(zf) : : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

static inline int vmclear(const uint64_t *pa)
{
	uint8_t cf, zf;

	__asm__ volatile("vmclear %2; setc %0; setz %1" : "=q"(cf), "=q"(zf) : "m"(*pa) : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

static inline int vmptrld(const uint64_t *pa)
{
	uint8_t cf, zf;

	__asm__ volatile("vmptrld %2; setc %0; setz %1" : "=q"(cf), "=q"(zf) : "m"(*pa) : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

static inline int vmwrite_nat(unsigned long field, unsigned long value)
{
	uint8_t cf, zf;

	__asm__ volatile("vmwrite %3, %2; setc %0; setz %1"
			 : "=q"(cf), "=q"(zf) : "r"(field), "rm"(value) : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

static inline int vmread_nat(unsigned long field, unsigned long *value)
{
	uint8_t cf, zf;

	__asm__ volatile("vmread %3, %2; setc %0; setz %1"
			 : "=q"(cf), "=q"(zf), "=rm"(*value) : "r"(field) : "cc", "memory");
	return VMX_STATUS(cf, zf);
}

static inline int vmwrite64(unsigned long field, uint64_t value)
{
#ifdef __x86_64__
	return vmwrite_nat(field, value);
#else
	int r = vmwrite_nat(field, (uint32_t)value);

	return r ? r : vmwrite_nat(field + 1, (uint32_t)(value >> 32));
#endif
}

#endif
