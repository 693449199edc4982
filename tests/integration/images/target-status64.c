// SPDX-License-Identifier: MIT
/* A target that returns 42: the run must exit 1 and report the value. */
#include <pmswitch/image.h>

long pmsw_entry(const struct pmsw_services *svc)
{
	(void)svc;
	return 42;
}
