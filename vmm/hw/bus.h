/* SPDX-License-Identifier: MIT */
/*
 * The guest's buses: MMIO and port I/O, each a list of devices found by
 * address (kvmtool style: a device is a small ops table). A device may end
 * the run: the guest asked to stop (the exit port), or it broke a device's
 * rules; the vCPU loop stops after the access that did it.
 */
#ifndef VMM_HW_BUS_H
#define VMM_HW_BUS_H

#include <stdbool.h>
#include <stdint.h>

struct bus;
struct bus_device;

struct bus_device_ops {
	const char *name;
	/* offset is relative to the device base; len is 1, 2, 4 or 8.
	 * Reads must fill all len bytes. */
	void (*read)(struct bus_device *dev, uint64_t offset, void *data, uint32_t len);
	void (*write)(struct bus_device *dev, uint64_t offset, const void *data, uint32_t len);
};

struct bus_device {
	const struct bus_device_ops *ops;
	uint64_t base, size;
	void *priv;
	struct bus *bus;                /* set when registered */
};

enum bus_space { BUS_MMIO, BUS_PIO, BUS_SPACES };

#define BUS_MAX_DEVICES 8

enum bus_stop {
	BUS_RUNNING,
	BUS_STOP_GUEST_EXIT,            /* the guest ended the run */
	BUS_STOP_DEVICE_ERROR,          /* a device found the guest misbehaving */
	BUS_PAUSE,                      /* the VMM looks at the vCPU, then resumes */
};

struct bus {
	struct bus_device *dev[BUS_SPACES][BUS_MAX_DEVICES];
	unsigned int count[BUS_SPACES];
	enum bus_stop stop;
	char why[256];                  /* BUS_STOP_DEVICE_ERROR: one line */
};

int bus_register(struct bus *bus, enum bus_space space, struct bus_device *dev);
/* false when no device claims [addr, addr + len); reads then return all ones. */
bool bus_access(struct bus *bus, enum bus_space space, uint64_t addr, void *data,
		uint32_t len, bool is_write);
/* The read op of a write-only port: all ones, and a guest error. */
void bus_read_refused(struct bus_device *dev, uint64_t offset, void *data, uint32_t len);
/* For devices: end the run. The first reason to stop is kept. */
void bus_stop_guest_exit(struct bus *bus);
void bus_pause(struct bus *bus);
/* After a pause: running again. */
void bus_resume(struct bus *bus);
__attribute__((format(printf, 2, 3)))
void bus_stop_device_error(struct bus *bus, const char *fmt, ...);

#endif
