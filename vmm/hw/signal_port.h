/* SPDX-License-Identifier: MIT */
/*
 * A signal port: a byte the payload writes to mark a point of the switch
 * (PMSW_PORT_SWITCH_START where its path begins, PMSW_PORT_LANDING at the
 * first instruction in the target). The run pauses right there, so that the
 * VMM reads the vCPU itself before anything else runs.
 */
#ifndef VMM_HW_SIGNAL_PORT_H
#define VMM_HW_SIGNAL_PORT_H

#include <stdint.h>

#include "hw/bus.h"

struct signal_port {
	struct bus_device dev;          /* goes on the port I/O bus */
	unsigned int hits;              /* signals so far */
};

void signal_port_init(struct signal_port *p, uint16_t port);

#endif
