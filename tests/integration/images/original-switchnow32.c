// SPDX-License-Identifier: MIT
/* An original that requests the switch through the services table rather
 * than by returning; the code after switch_now() must never run. */
#include <pmswitch/image.h>

long pmsw_entry(const struct pmsw_services *svc)
{
	svc->write("switching now\n", 14);
	svc->switch_now();
	svc->write("NOT REACHED\n", 12);
	return 1;
}
