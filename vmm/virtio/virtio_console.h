/* SPDX-License-Identifier: MIT */
/*
 * virtio-console (virtio 1.2 section 5.3) over virtio-mmio: one port, no
 * MULTIPORT, emergency write. Bytes the guest transmits go to a sink.
 */
#ifndef VMM_VIRTIO_CONSOLE_H
#define VMM_VIRTIO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "hw/guest_mem.h"
#include "hw/bus.h"

#define VIRTIO_CONSOLE_QUEUE_NUM_MAX 256u

struct virtio_console_sink {
	void *ctx;
	/* Bytes of one device-readable transmitq buffer (hostile content). */
	void (*tx)(void *ctx, const uint8_t *buf, size_t len);
	/* One character written to emerg_wr; may come before DRIVER_OK. */
	void (*emerg)(void *ctx, uint8_t ch);
	/* The guest broke the protocol: the device needs a reset and stays
	 * silent until then. Called once per failure. */
	void (*broken)(void *ctx, const char *reason);
};

struct virtio_console;

/* NULL on allocation failure. The sink is copied; any callback may be NULL. */
struct virtio_console *virtio_console_create(const struct guest_mem *mem, uint64_t mmio_base,
					     const struct virtio_console_sink *sink);
/* The registers to put on the MMIO bus (PMSW_MMIO_SLOT_SIZE bytes). */
struct bus_device *virtio_console_device(struct virtio_console *c);
void virtio_console_destroy(struct virtio_console *c);

#endif
