// SPDX-License-Identifier: MIT
#include "hw/mmio.h"

#include <errno.h>
#include <string.h>

int mmio_bus_register(struct mmio_bus *bus, struct mmio_device *dev)
{
	if (bus->count == MMIO_BUS_MAX_DEVICES)
		return -ENOSPC;
	bus->dev[bus->count++] = dev;
	return 0;
}

static struct mmio_device *mmio_bus_find(struct mmio_bus *bus, uint64_t addr, uint32_t len)
{
	for (unsigned int i = 0; i < bus->count; i++) {
		struct mmio_device *d = bus->dev[i];

		if (addr >= d->base && addr - d->base < d->size &&
		    len <= d->size - (addr - d->base))
			return d;
	}
	return NULL;
}

bool mmio_bus_access(struct mmio_bus *bus, uint64_t addr, void *data,
		     uint32_t len, bool is_write)
{
	struct mmio_device *d = mmio_bus_find(bus, addr, len);

	if (!d || len == 0 || len > 8) {
		if (!is_write)
			memset(data, 0xff, len > 8 ? 8 : len);
		return false;
	}
	if (is_write)
		d->ops->write(d, addr - d->base, data, len);
	else
		d->ops->read(d, addr - d->base, data, len);
	return true;
}
