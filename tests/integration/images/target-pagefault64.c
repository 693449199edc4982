// SPDX-License-Identifier: MIT
/* A target that touches an unmapped page: the run must fail with #PF (14)
 * and report CR2. */
#include <pmswitch/image.h>

#define UNMAPPED 0x0dead000ul

long pmsw_entry(const struct pmsw_services *svc)
{
	svc->write("about to fault\n", 15);
	return *(volatile long *)UNMAPPED;
}
