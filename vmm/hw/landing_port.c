// SPDX-License-Identifier: MIT
#include "hw/landing_port.h"

#include <string.h>

#include <pmswitch/layout.h>

static void landing_port_write(struct bus_device *dev, uint64_t offset, const void *data,
			       uint32_t len)
{
	struct landing_port *p = dev->priv;

	(void)data;
	if (len != 1) {
		bus_stop_device_error(dev->bus, "guest wrote I/O port 0x%x (size %u)",
				      (unsigned int)(dev->base + offset), len);
		return;
	}
	p->hits++;
	bus_pause(dev->bus);
}

static const struct bus_device_ops landing_port_ops = {
	.name = "landing-port",
	.read = bus_read_refused,
	.write = landing_port_write,
};

void landing_port_init(struct landing_port *p)
{
	memset(p, 0, sizeof(*p));
	p->dev.ops = &landing_port_ops;
	p->dev.base = PMSW_PORT_LANDING;
	p->dev.size = 1;
	p->dev.priv = p;
}
