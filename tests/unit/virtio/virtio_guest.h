/* SPDX-License-Identifier: MIT */
/* What the virtio unit tests do as a guest driver would: 32-bit register
 * accesses through a device's MMIO ops, and placing a queue (virtio 1.2
 * §4.2.3.2). Shared by the transport and the console tests. */
#ifndef TESTS_VIRTIO_GUEST_H
#define TESTS_VIRTIO_GUEST_H

#include <pmswitch/virtio.h>

#include "hw/bus.h"

#define S_ACK   VIRTIO_STATUS_ACKNOWLEDGE
#define S_DRV   VIRTIO_STATUS_DRIVER
#define S_FOK   VIRTIO_STATUS_FEATURES_OK
#define S_DOK   VIRTIO_STATUS_DRIVER_OK
#define S_NR    VIRTIO_STATUS_DEVICE_NEEDS_RESET

/* A read the device leaves unfilled shows as 0xdeadbeef. */
static inline uint32_t guest_rd(struct bus_device *d, uint64_t off)
{
	uint32_t v = 0xdeadbeef;

	d->ops->read(d, off, &v, 4);
	return v;
}

static inline void guest_wr(struct bus_device *d, uint64_t off, uint32_t v)
{
	d->ops->write(d, off, &v, 4);
}

static inline void guest_wr64(struct bus_device *d, uint64_t lo, uint64_t v)
{
	guest_wr(d, lo, (uint32_t)v);
	guest_wr(d, lo + 4, (uint32_t)(v >> 32));
}

static inline void guest_setup_queue(struct bus_device *d, uint32_t q, uint32_t num,
				     uint64_t desc, uint64_t drv, uint64_t devr)
{
	guest_wr(d, VIRTIO_MMIO_QUEUE_SEL, q);
	guest_wr(d, VIRTIO_MMIO_QUEUE_NUM, num);
	guest_wr64(d, VIRTIO_MMIO_QUEUE_DESC_LOW, desc);
	guest_wr64(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, drv);
	guest_wr64(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, devr);
	guest_wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
}

#endif
