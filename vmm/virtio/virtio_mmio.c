// SPDX-License-Identifier: MIT
/*
 * virtio-mmio version 2 transport (virtio 1.2 section 4.2.2).
 *
 * Policy: the driver is our own payload, so a protocol violation is a bug
 * worth seeing. Registers written in the wrong device status, bad queue
 * parameters, status bits skipped or cleared, and notifications before
 * DRIVER_OK all put the device in DEVICE_NEEDS_RESET with a reason.
 * Accesses the spec leaves undefined (wrong width, unaligned, unknown or
 * write-only registers) are ignored and read as 0, as real hardware would.
 */
#include "virtio/virtio_mmio.h"

#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pmswitch/layout.h>

#define VIRTIO_STATUS_KNOWN (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | \
			     VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FEATURES_OK | \
			     VIRTIO_STATUS_DEVICE_NEEDS_RESET | VIRTIO_STATUS_FAILED)
#define VIRTIO_MMIO_CONFIG_MAX (PMSW_MMIO_SLOT_SIZE - VIRTIO_MMIO_CONFIG)

static void vfail(struct virtio_mmio *vm, const char *fmt, va_list ap)
{
	char reason[256];

	if (vm->failed)
		return;
	vm->failed = true;
	vm->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	/* 2.1.2: a live driver learns of it through a config change. */
	if (vm->status & VIRTIO_STATUS_DRIVER_OK)
		vm->interrupt_status |= VIRTIO_MMIO_INT_CONFIG;

	vsnprintf(reason, sizeof(reason), fmt, ap);
	if (vm->broken)
		vm->broken(vm->broken_ctx, reason);
}

void virtio_mmio_fail(struct virtio_mmio *vm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(vm, fmt, ap);
	va_end(ap);
}

/* virtio_mmio_fail for the register handlers: returns -EINVAL. */
__attribute__((format(printf, 2, 3)))
static int bad(struct virtio_mmio *vm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(vm, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void virtio_mmio_signal(struct virtio_mmio *vm, uint32_t bits)
{
	vm->interrupt_status |= bits;
}

void virtio_mmio_config_changed(struct virtio_mmio *vm)
{
	vm->config_generation++;
	vm->interrupt_status |= VIRTIO_MMIO_INT_CONFIG;
}

struct virtqueue *virtio_mmio_queue(struct virtio_mmio *vm, uint32_t q)
{
	if (vm->failed || q >= vm->ops->num_queues || !vm->queue[q].ready)
		return NULL;
	return &vm->queue[q].vq;
}

static void virtio_mmio_reset(struct virtio_mmio *vm)
{
	for (uint32_t i = 0; i < VIRTIO_MMIO_QUEUES_MAX; i++) {
		virtqueue_release(&vm->queue[i].vq);
		memset(&vm->queue[i], 0, sizeof(vm->queue[i]));
	}
	vm->status = 0;
	vm->failed = false;
	vm->device_features_sel = vm->driver_features_sel = 0;
	vm->driver_features = 0;
	vm->queue_sel = 0;
	vm->interrupt_status = 0;
	if (vm->ops->reset)
		vm->ops->reset(vm);
}

/* 3.1.1 step 5: the device accepts only features it offered, and a
 * version 2 transport only drivers that accepted VIRTIO_F_VERSION_1. */
static bool features_acceptable(const struct virtio_mmio *vm)
{
	return !(vm->driver_features & ~vm->ops->features) &&
	       (vm->driver_features & (1ull << VIRTIO_F_VERSION_1));
}

/* Status only gains bits, in the order of 3.1.1; 0 resets. */
static int status_write(struct virtio_mmio *vm, uint32_t v)
{
	uint32_t old = vm->status & ~VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	uint32_t added;

	if (v == 0) {
		virtio_mmio_reset(vm);
		return 0;
	}
	if (vm->failed) {
		/* Only giving up is still meaningful. */
		vm->status |= v & VIRTIO_STATUS_FAILED;
		return 0;
	}
	v &= ~VIRTIO_STATUS_DEVICE_NEEDS_RESET;   /* the device's bit, not the driver's */
	if (v & ~VIRTIO_STATUS_KNOWN)
		return bad(vm, "Status 0x%x sets reserved bits", v);
	if (old & ~v)
		return bad(vm, "Status 0x%x clears bits of 0x%x (only 0 resets)",
			    v, old);
	added = v & ~old;
	if ((added & VIRTIO_STATUS_DRIVER) && !(v & VIRTIO_STATUS_ACKNOWLEDGE))
		return bad(vm, "Status DRIVER without ACKNOWLEDGE");
	if (added & VIRTIO_STATUS_FEATURES_OK) {
		if (!(v & VIRTIO_STATUS_DRIVER))
			return bad(vm, "Status FEATURES_OK without DRIVER");
		/* Refusal is part of negotiation, not an error: the driver
		 * re-reads Status, finds FEATURES_OK clear and gives up. */
		if (!features_acceptable(vm))
			v &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	if ((added & VIRTIO_STATUS_DRIVER_OK) && !(v & VIRTIO_STATUS_FEATURES_OK))
		return bad(vm, "Status DRIVER_OK without FEATURES_OK");
	vm->status = v;
	return 0;
}

/* The selected queue, if its configuration may be written now (3.1.1
 * step 7: after FEATURES_OK, before DRIVER_OK, while the queue is off). */
static struct virtio_mmio_queue *queue_for_setup(struct virtio_mmio *vm, const char *reg)
{
	struct virtio_mmio_queue *q;

	if ((vm->status & (VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)) !=
	    VIRTIO_STATUS_FEATURES_OK) {
		virtio_mmio_fail(vm, "%s written in Status 0x%x (needs FEATURES_OK, "
				 "not DRIVER_OK)", reg, vm->status);
		return NULL;
	}
	if (vm->queue_sel >= vm->ops->num_queues) {
		virtio_mmio_fail(vm, "%s written for queue %u, which does not exist",
				 reg, vm->queue_sel);
		return NULL;
	}
	q = &vm->queue[vm->queue_sel];
	if (q->ready) {
		virtio_mmio_fail(vm, "%s written for queue %u while it is ready",
				 reg, vm->queue_sel);
		return NULL;
	}
	return q;
}

static void set_low(uint64_t *r, uint32_t v)  { *r = (*r & ~0xffffffffull) | v; }
static void set_high(uint64_t *r, uint32_t v) { *r = (*r & 0xffffffffull) | (uint64_t)v << 32; }

static int queue_ready_write(struct virtio_mmio *vm, uint32_t v)
{
	struct virtio_mmio_queue *q;
	int r;

	if (v == 0) {
		/* Always allowed: drivers switch queues off after a reset. */
		if (vm->queue_sel < vm->ops->num_queues) {
			q = &vm->queue[vm->queue_sel];
			virtqueue_release(&q->vq);
			q->ready = false;
		}
		return 0;
	}
	if (v != 1)
		return bad(vm, "QueueReady 0x%x (only 0 or 1)", v);
	q = queue_for_setup(vm, "QueueReady");
	if (!q)
		return -EINVAL;
	if (q->num == 0)
		return bad(vm, "queue %u made ready without QueueNum", vm->queue_sel);
	r = virtqueue_init(&q->vq, vm->mem, q->num, q->desc, q->driver, q->device);
	if (r)
		return bad(vm, "queue %u: %s", vm->queue_sel, q->vq.error);
	q->ready = true;
	return 0;
}

static int queue_notify_write(struct virtio_mmio *vm, uint32_t v)
{
	if (vm->failed || (vm->status & VIRTIO_STATUS_FAILED))
		return 0;
	if (!(vm->status & VIRTIO_STATUS_DRIVER_OK))
		return bad(vm, "QueueNotify %u before DRIVER_OK", v);
	if (v >= vm->ops->num_queues || !vm->queue[v].ready)
		return bad(vm, "QueueNotify for queue %u, which is not ready", v);
	vm->ops->notify(vm, v);
	return 0;
}

static int reg_write(struct virtio_mmio *vm, uint64_t off, uint32_t v)
{
	struct virtio_mmio_queue *q;

	if (vm->failed && off != VIRTIO_MMIO_STATUS && off != VIRTIO_MMIO_INTERRUPT_ACK)
		return 0;       /* stopped until reset */

	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		vm->device_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		vm->driver_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if ((vm->status & (VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK)) !=
		    VIRTIO_STATUS_DRIVER)
			return bad(vm, "DriverFeatures written in Status 0x%x "
				    "(needs DRIVER, not FEATURES_OK)", vm->status);
		if (vm->driver_features_sel == 0)
			set_low(&vm->driver_features, v);
		else if (vm->driver_features_sel == 1)
			set_high(&vm->driver_features, v);
		else if (v)     /* nothing is offered above bit 63 */
			return bad(vm, "DriverFeatures word %u = 0x%x: "
				    "features never offered",
				    vm->driver_features_sel, v);
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		vm->queue_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
		q = queue_for_setup(vm, "QueueNum");
		if (!q)
			return -EINVAL;
		if (v == 0 || v > vm->ops->queue_num_max || (v & (v - 1)))
			return bad(vm, "QueueNum %u for queue %u: not a power of 2 "
				    "in 1..%u", v, vm->queue_sel,
				    vm->ops->queue_num_max);
		q->num = v;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: {
		uint64_t *addr;

		q = queue_for_setup(vm, "a queue address register");
		if (!q)
			return -EINVAL;
		addr = off < VIRTIO_MMIO_QUEUE_DRIVER_LOW ? &q->desc :
		       off < VIRTIO_MMIO_QUEUE_DEVICE_LOW ? &q->driver : &q->device;
		if (off & 4)
			set_high(addr, v);
		else
			set_low(addr, v);
		break;
	}
	case VIRTIO_MMIO_QUEUE_READY:
		return queue_ready_write(vm, v);
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		return queue_notify_write(vm, v);
	case VIRTIO_MMIO_INTERRUPT_ACK:
		vm->interrupt_status &= ~v;
		break;
	case VIRTIO_MMIO_STATUS:
		return status_write(vm, v);
	default:
		break;  /* read-only, SHM and QueueReset (not offered): ignored */
	}
	return 0;
}

static uint32_t reg_read(struct virtio_mmio *vm, uint64_t off)
{
	uint32_t qs = vm->queue_sel;

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION:
		return VIRTIO_MMIO_VERSION_2;
	case VIRTIO_MMIO_DEVICE_ID:
		return vm->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR_PMSWITCH;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (vm->device_features_sel > 1)
			return 0;
		return (uint32_t)(vm->ops->features >> (32 * vm->device_features_sel));
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return qs < vm->ops->num_queues ? vm->ops->queue_num_max : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return qs < vm->ops->num_queues ? vm->queue[qs].ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return vm->interrupt_status;
	case VIRTIO_MMIO_STATUS:
		return vm->status;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		return 0xffffffffu;     /* 4.2.2: no such shared memory region */
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return vm->config_generation;
	default:
		return 0;               /* write-only or reserved */
	}
}

/* 4.2.2.2: config fields are accessed at their natural width and alignment;
 * 64-bit fields as two 32-bit halves. */
static bool config_access_ok(const struct virtio_mmio *vm, uint64_t off, uint32_t len)
{
	return (len == 1 || len == 2 || len == 4) && off % len == 0 &&
	       off < vm->ops->config_size && len <= vm->ops->config_size - off;
}

static void virtio_mmio_read(struct bus_device *dev, uint64_t offset, void *data, uint32_t len)
{
	struct virtio_mmio *vm = dev->priv;
	uint32_t v;

	memset(data, 0, len);
	if (offset >= VIRTIO_MMIO_CONFIG) {
		if (config_access_ok(vm, offset - VIRTIO_MMIO_CONFIG, len))
			vm->ops->config_read(vm, (uint32_t)(offset - VIRTIO_MMIO_CONFIG),
					     data, len);
		return;
	}
	/* 4.2.2.2: control registers are 32 bits wide and aligned only. */
	if (len != 4 || offset % 4)
		return;
	v = htole32(reg_read(vm, offset));
	memcpy(data, &v, 4);
}

static void virtio_mmio_write(struct bus_device *dev, uint64_t offset, const void *data,
			      uint32_t len)
{
	struct virtio_mmio *vm = dev->priv;
	uint32_t v;

	if (offset >= VIRTIO_MMIO_CONFIG) {
		if (config_access_ok(vm, offset - VIRTIO_MMIO_CONFIG, len))
			vm->ops->config_write(vm, (uint32_t)(offset - VIRTIO_MMIO_CONFIG),
					      data, len);
		return;
	}
	if (len != 4 || offset % 4)
		return;
	memcpy(&v, data, 4);
	reg_write(vm, offset, le32toh(v));
}

static const struct bus_device_ops virtio_mmio_ops = {
	.name = "virtio-mmio",
	.read = virtio_mmio_read,
	.write = virtio_mmio_write,
};

int virtio_mmio_init(struct virtio_mmio *vm, const struct guest_mem *mem, uint64_t base,
		     const struct virtio_dev_ops *ops, void *dev,
		     void (*broken)(void *ctx, const char *reason), void *broken_ctx)
{
	uint32_t qmax = ops->queue_num_max;

	if (!(ops->features & (1ull << VIRTIO_F_VERSION_1)) ||
	    ops->num_queues > VIRTIO_MMIO_QUEUES_MAX || !ops->notify ||
	    qmax == 0 || qmax > VIRTQ_SIZE_MAX || (qmax & (qmax - 1)) ||
	    ops->config_size > VIRTIO_MMIO_CONFIG_MAX ||
	    (ops->config_size && (!ops->config_read || !ops->config_write)))
		return -EINVAL;

	memset(vm, 0, sizeof(*vm));
	vm->mmio.ops = &virtio_mmio_ops;
	vm->mmio.base = base;
	vm->mmio.size = PMSW_MMIO_SLOT_SIZE;
	vm->mmio.priv = vm;
	vm->mem = mem;
	vm->ops = ops;
	vm->dev = dev;
	vm->broken = broken;
	vm->broken_ctx = broken_ctx;
	return 0;
}

void virtio_mmio_exit(struct virtio_mmio *vm)
{
	for (uint32_t i = 0; i < VIRTIO_MMIO_QUEUES_MAX; i++)
		virtqueue_release(&vm->queue[i].vq);
}
