/* SPDX-License-Identifier: MIT */
/* The MMIO bus: devices are small ops tables, found by address (kvmtool style). */
#ifndef VMM_MMIO_H
#define VMM_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct mmio_device;

struct mmio_device_ops {
	const char *name;
	/* offset is relative to the device base; len is 1, 2, 4 or 8.
	 * Reads must fill all len bytes. */
	void (*read)(struct mmio_device *dev, uint64_t offset, void *data, uint32_t len);
	void (*write)(struct mmio_device *dev, uint64_t offset, const void *data, uint32_t len);
};

struct mmio_device {
	const struct mmio_device_ops *ops;
	uint64_t base, size;
	void *priv;
};

#define MMIO_BUS_MAX_DEVICES 8

struct mmio_bus {
	struct mmio_device *dev[MMIO_BUS_MAX_DEVICES];
	unsigned int count;
};

int mmio_bus_register(struct mmio_bus *bus, struct mmio_device *dev);
/* false when no device claims [addr, addr + len); reads then return all ones. */
bool mmio_bus_access(struct mmio_bus *bus, uint64_t addr, void *data,
		     uint32_t len, bool is_write);

#endif
