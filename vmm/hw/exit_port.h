/* SPDX-License-Identifier: MIT */
/*
 * The exit port (like QEMU's isa-debug-exit): a 32-bit write of a
 * PMSW_GUEST_* status to PMSW_PORT_EXIT ends the run. Any other access to
 * it is a guest error.
 */
#ifndef VMM_HW_EXIT_PORT_H
#define VMM_HW_EXIT_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"

struct exit_port {
	struct bus_device dev;          /* goes on the port I/O bus */
	bool written;
	uint32_t status;                /* PMSW_GUEST_*, once written */
};

void exit_port_init(struct exit_port *p);

#endif
