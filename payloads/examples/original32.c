// SPDX-License-Identifier: MIT
/*
 * A minimal original context (32-bit protected mode, 2-level paging). It runs
 * first, says hello through the services table, and returns: returning
 * requests the switch to the target. Build:
 *   gcc -m32 -ffreestanding -nostdlib -static -fno-pic -no-pie -fno-stack-protector \
 *       -O2 -I include -T payloads/examples/image.ld original32.c -o original32.elf
 */
#include <pmswitch/image.h>

long pmsw_entry(const struct pmsw_services *svc)
{
	static const char msg[] = "hello from the original context\n";

	svc->write(msg, sizeof(msg) - 1);
	return 0;
}
