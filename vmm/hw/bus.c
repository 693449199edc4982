// SPDX-License-Identifier: MIT
#include "hw/bus.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int bus_register(struct bus *bus, enum bus_space space, struct bus_device *dev)
{
	if (bus->count[space] == BUS_MAX_DEVICES)
		return -ENOSPC;
	dev->bus = bus;
	bus->dev[space][bus->count[space]++] = dev;
	return 0;
}

static struct bus_device *bus_find(struct bus *bus, enum bus_space space, uint64_t addr,
				   uint32_t len)
{
	for (unsigned int i = 0; i < bus->count[space]; i++) {
		struct bus_device *d = bus->dev[space][i];

		if (addr >= d->base && addr - d->base < d->size &&
		    len <= d->size - (addr - d->base))
			return d;
	}
	return NULL;
}

bool bus_access(struct bus *bus, enum bus_space space, uint64_t addr, void *data,
		uint32_t len, bool is_write)
{
	struct bus_device *d = bus_find(bus, space, addr, len);

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

void bus_read_refused(struct bus_device *dev, uint64_t offset, void *data, uint32_t len)
{
	memset(data, 0xff, len);
	bus_stop_device_error(dev->bus, "guest read I/O port 0x%x (size %u)",
			      (unsigned int)(dev->base + offset), len);
}

void bus_stop_guest_exit(struct bus *bus)
{
	if (bus->stop == BUS_RUNNING)
		bus->stop = BUS_STOP_GUEST_EXIT;
}

void bus_pause(struct bus *bus)
{
	if (bus->stop == BUS_RUNNING)
		bus->stop = BUS_PAUSE;
}

void bus_resume(struct bus *bus)
{
	if (bus->stop == BUS_PAUSE)
		bus->stop = BUS_RUNNING;
}

void bus_stop_device_error(struct bus *bus, const char *fmt, ...)
{
	va_list ap;

	if (bus->stop != BUS_RUNNING)
		return;
	bus->stop = BUS_STOP_DEVICE_ERROR;
	va_start(ap, fmt);
	vsnprintf(bus->why, sizeof(bus->why), fmt, ap);
	va_end(ap);
}
