// SPDX-License-Identifier: MIT
/*
 * An original context in 32-bit protected mode with PAE paging (its note
 * asks for it). With vmx-entry it switches to a target of any width or
 * paging mode, such as a 2-level one or the 64-bit target64: a VM
 * entry loads the whole guest state of the target, the paging mode included.
 */
#include <pmswitch/image.h>

PMSW_IMAGE_NOTE(PMSW_NOTE_F_PAE, 0, 0);

long pmsw_entry(const struct pmsw_services *svc)
{
	static const char msg[] = "hello from the original context (PAE)\n";

	svc->write(msg, sizeof(msg) - 1);
	return 0;
}
