// SPDX-License-Identifier: MIT
#include "hw/exit_port.h"

#include <string.h>

#include <pmswitch/layout.h>

static void exit_port_write(struct bus_device *dev, uint64_t offset, const void *data,
			    uint32_t len)
{
	struct exit_port *p = dev->priv;

	if (offset || len != 4) {
		bus_stop_device_error(dev->bus, "guest wrote I/O port 0x%x (size %u)",
				      (unsigned int)(dev->base + offset), len);
		return;
	}
	memcpy(&p->status, data, 4);
	p->written = true;
	bus_stop_guest_exit(dev->bus);
}

static const struct bus_device_ops exit_port_ops = {
	.name = "exit-port",
	.read = bus_read_refused,
	.write = exit_port_write,
};

void exit_port_init(struct exit_port *p)
{
	memset(p, 0, sizeof(*p));
	p->dev.ops = &exit_port_ops;
	p->dev.base = PMSW_PORT_EXIT;
	p->dev.size = 4;
	p->dev.priv = p;
}
