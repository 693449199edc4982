/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio version 2 transport (virtio 1.2 section 4.2.2), as an
 * mmio_device. A device type (the console) plugs in with a small ops table;
 * the transport owns the registers, the status state machine, feature
 * negotiation and the queues' placement. A guest that breaks the rules puts
 * the transport in DEVICE_NEEDS_RESET: queue processing stops until the
 * driver resets it, and the reason is reported once.
 */
#ifndef VMM_VIRTIO_MMIO_H
#define VMM_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include <pmswitch/virtio.h>

#include "hw/guest_mem.h"
#include "hw/bus.h"
#include "virtio/virtqueue.h"

#define VIRTIO_MMIO_VENDOR_PMSWITCH     0x57534d50u     /* "PMSW" */
#define VIRTIO_MMIO_QUEUES_MAX          2u

struct virtio_mmio;

/* What a device type provides. Callbacks get the transport; the device's
 * own state is vm->dev. */
struct virtio_dev_ops {
	uint32_t device_id;
	uint64_t features;              /* offered; must include VIRTIO_F_VERSION_1 */
	uint32_t num_queues;            /* <= VIRTIO_MMIO_QUEUES_MAX */
	uint32_t queue_num_max;         /* power of 2, <= VIRTQ_SIZE_MAX */
	uint32_t config_size;           /* bytes of device config space */
	/* Aligned 1-, 2- or 4-byte accesses inside config_size only (checked);
	 * any device status, even before DRIVER_OK. Reads fill data. */
	void (*config_read)(struct virtio_mmio *vm, uint32_t offset, void *data, uint32_t len);
	void (*config_write)(struct virtio_mmio *vm, uint32_t offset, const void *data,
			     uint32_t len);
	/* QueueNotify for a ready queue, after DRIVER_OK, while not broken. */
	void (*notify)(struct virtio_mmio *vm, uint32_t queue);
	/* The driver wrote 0 to Status: drop any device state. May be NULL. */
	void (*reset)(struct virtio_mmio *vm);
};

struct virtio_mmio_queue {
	uint32_t num;                   /* QueueNum; 0 until written */
	bool ready;
	uint64_t desc, driver, device;  /* descriptor table, avail ring, used ring */
	struct virtqueue vq;            /* mapped while ready */
};

struct virtio_mmio {
	struct bus_device mmio;        /* what goes on the bus; priv = this */
	const struct guest_mem *mem;
	const struct virtio_dev_ops *ops;
	void *dev;
	/* Called once per guest error with a one-line reason. */
	void (*broken)(void *ctx, const char *reason);
	void *broken_ctx;

	uint32_t status;
	bool failed;                    /* DEVICE_NEEDS_RESET set by us */
	uint32_t device_features_sel, driver_features_sel;
	uint64_t driver_features;
	uint32_t queue_sel;
	uint32_t interrupt_status;
	uint32_t config_generation;
	struct virtio_mmio_queue queue[VIRTIO_MMIO_QUEUES_MAX];
};

/* Set up the transport at base (size PMSW_MMIO_SLOT_SIZE). -EINVAL if ops
 * is inconsistent. broken may be NULL. */
int virtio_mmio_init(struct virtio_mmio *vm, const struct guest_mem *mem, uint64_t base,
		     const struct virtio_dev_ops *ops, void *dev,
		     void (*broken)(void *ctx, const char *reason), void *broken_ctx);
/* Free the queues' storage. */
void virtio_mmio_exit(struct virtio_mmio *vm);

/* The ready queue number q, or NULL. */
struct virtqueue *virtio_mmio_queue(struct virtio_mmio *vm, uint32_t q);
/* Set bits in InterruptStatus (VIRTIO_MMIO_INT_*). No interrupt is injected. */
void virtio_mmio_signal(struct virtio_mmio *vm, uint32_t bits);
/* The device's config space changed: new ConfigGeneration, INT_CONFIG. */
void virtio_mmio_config_changed(struct virtio_mmio *vm);
/* A guest error: set DEVICE_NEEDS_RESET, stop queue processing, and report
 * the reason (the first one only, until the driver resets the device). */
__attribute__((format(printf, 2, 3)))
void virtio_mmio_fail(struct virtio_mmio *vm, const char *fmt, ...);

#endif
