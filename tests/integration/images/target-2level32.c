// SPDX-License-Identifier: MIT
/* A 32-bit target with 2-level paging (no note): the same paging mode as the
 * 32-bit example original, which piecemeal needs. */
#include <pmswitch/image.h>

long pmsw_entry(const struct pmsw_services *svc)
{
	static const char msg[] = "hello from a 2-level target";

	svc->write(msg, sizeof(msg) - 1);
	return 0;
}
