// SPDX-License-Identifier: MIT
/*
 * A minimal target context (64-bit). Its note asks for CR4.PGE, so the target
 * differs from the original in CR4 as well as in CR3, GDT and IDT. Its return
 * value is the run's result: 0 means success.
 */
#include <pmswitch/image.h>
#include <pmswitch/x86.h>

PMSW_IMAGE_NOTE(0, X86_CR4_PGE, 0);

long pmsw_entry(const struct pmsw_services *svc)
{
	static const char msg[] = "hello from the target context\n";

	svc->write(msg, sizeof(msg) - 1);
	return 0;
}
