// SPDX-License-Identifier: MIT
/*
 * A minimal target context (32-bit). Its note asks for PAE paging and
 * CR4.PGE, so after the switch the CPU runs with other page tables, another
 * paging mode, another GDT and IDT: all loaded by one VM exit.
 */
#include <pmswitch/image.h>
#include <pmswitch/x86.h>

PMSW_IMAGE_NOTE(PMSW_NOTE_F_PAE, X86_CR4_PGE, 0);

long pmsw_entry(const struct pmsw_services *svc)
{
	static const char msg[] = "hello from the target context (PAE)\n";

	svc->write(msg, sizeof(msg) - 1);
	return 0;
}
