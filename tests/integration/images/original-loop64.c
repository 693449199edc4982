// SPDX-License-Identifier: MIT
/* An original that never ends: the run must stop at --timeout (exit 4). */
#include <pmswitch/image.h>

long pmsw_entry(const struct pmsw_services *svc)
{
	(void)svc;
	for (;;)
		__asm__ volatile("pause");
}
