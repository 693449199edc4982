// SPDX-License-Identifier: MIT
#include "hw/signal_port.h"

#include <string.h>

static void signal_port_write(struct bus_device *dev, uint64_t offset, const void *data,
			      uint32_t len)
{
	struct signal_port *p = dev->priv;

	(void)data;
	if (len != 1) {
		bus_stop_device_error(dev->bus, "guest wrote I/O port 0x%x (size %u)",
				      (unsigned int)(dev->base + offset), len);
		return;
	}
	p->hits++;
	bus_pause(dev->bus);
}

static const struct bus_device_ops signal_port_ops = {
	.name = "signal-port",
	.read = bus_read_refused,
	.write = signal_port_write,
};

void signal_port_init(struct signal_port *p, uint16_t port)
{
	memset(p, 0, sizeof(*p));
	p->dev.ops = &signal_port_ops;
	p->dev.base = port;
	p->dev.size = 1;
	p->dev.priv = p;
}
