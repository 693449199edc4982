// SPDX-License-Identifier: MIT
/*
 * A kernel-style target: linked at 0xffffffff80000000 with -mcmodel=kernel,
 * as a Linux kernel is. Its entry moves to a stack of its own in the upper
 * half, then checks that it runs there: RIP, a write and read of its data,
 * and RSP. Returns 0 when they are; 1, 2, 3 name the first that is not.
 */
#include <stdint.h>

#include <pmswitch/image.h>
#include <pmswitch/layout.h>

#define KERNEL_BASE     0xffffffff80000000ull

long kernel_main(const struct pmsw_services *svc);

static uint8_t kernel_stack[0x2000] __attribute__((aligned(16), used));
static volatile uint64_t seen = 1;      /* .data: written and read back */

/* The entry switches stacks before any C runs on the switcher's one;
 * kernel_main returns here, and RBP brings the caller's stack back. */
__asm__(".section .text.pmsw_entry, \"ax\", @progbits\n"
	".globl pmsw_entry\n"
	"pmsw_entry:\n"
	"	push %rbp\n"
	"	mov %rsp, %rbp\n"
	"	lea kernel_stack + 0x2000(%rip), %rsp\n"
	"	call kernel_main\n"
	"	mov %rbp, %rsp\n"
	"	pop %rbp\n"
	"	ret\n"
	".text\n");

long kernel_main(const struct pmsw_services *svc)
{
	static const char msg[] = "hello from the upper half\n";
	volatile uint8_t on_stack = 0;

	uint64_t rip;

	__asm__ volatile("lea 0(%%rip), %0" : "=r"(rip));
	if (rip < KERNEL_BASE)
		return 1;
	seen = (uintptr_t)&seen;
	if (seen != (uintptr_t)&seen || seen < KERNEL_BASE)
		return 2;
	if ((uintptr_t)&on_stack < PMSW_VA_UPPER_64)
		return 3;
	svc->write(msg, sizeof(msg) - 1);
	return 0;
}
