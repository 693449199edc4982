/* SPDX-License-Identifier: MIT */
/*
 * The landing port: the payload's first instruction in the target after a
 * switch writes a byte to PMSW_PORT_LANDING. The run pauses right there, so
 * the VMM reads the vCPU itself before the switcher touches anything.
 */
#ifndef VMM_HW_LANDING_PORT_H
#define VMM_HW_LANDING_PORT_H

#include "hw/bus.h"

struct landing_port {
	struct bus_device dev;          /* goes on the port I/O bus */
	unsigned int hits;              /* landings signalled so far */
};

void landing_port_init(struct landing_port *p);

#endif
