// SPDX-License-Identifier: MIT
/*
 * A minimal original context (64-bit, IA-32e, 4-level paging). It runs first,
 * says hello through the services table, and returns: returning requests the
 * switch to the target. Build:
 *   gcc -m64 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector \
 *       -O2 -I include -T payloads/examples/image.ld original64.c -o original64.elf
 */
#include <pmswitch/image.h>

long pmsw_entry(const struct pmsw_services *svc)
{
	static const char msg[] = "hello from the original context\n";

	svc->write(msg, sizeof(msg) - 1);
	return 0;
}
