// SPDX-License-Identifier: MIT
/*
 * virtio-console (virtio 1.2 section 5.3): port 0 only, receiveq 0 and
 * transmitq 1, VIRTIO_CONSOLE_F_EMERG_WRITE.
 *
 * The VMM has no interrupt controller, so no interrupt is ever injected:
 * InterruptStatus is kept up to date and the driver polls used->idx.
 * Transmit buffers are consumed synchronously inside the QueueNotify exit,
 * so a buffer is used (and reusable) as soon as the notify write returns.
 */
#include "virtio/virtio_console.h"

#include <stdlib.h>
#include <string.h>

#include <pmswitch/virtio.h>

#include "virtio/virtio_mmio.h"

#define VIRTIO_CONSOLE_CONFIG_SIZE 12u  /* cols, rows, max_nr_ports, emerg_wr */

struct virtio_console {
	struct virtio_mmio vm;
	struct virtio_console_sink sink;
};

static void console_transmit(struct virtio_console *c, struct virtqueue *vq)
{
	struct virtq_chain chain;
	uint32_t done = 0;
	int r = 0;

	/* At most one queue's worth per notify: the driver may refill the
	 * ring behind us, and a notify must not turn into an endless loop. */
	while (done < vq->size && (r = virtqueue_pop(vq, &chain)) > 0) {
		/* Only device-readable buffers carry output; writable ones in a
		 * transmitq hold nothing for us and are returned untouched. */
		for (uint32_t i = 0; i < chain.readable; i++)
			if (c->sink.tx && chain.buf[i].len)
				c->sink.tx(c->sink.ctx, chain.buf[i].host, chain.buf[i].len);
		virtqueue_push(vq, chain.head, 0);
		done++;
	}
	if (done)
		virtio_mmio_signal(&c->vm, VIRTIO_MMIO_INT_VRING);
	if (r < 0)
		virtio_mmio_fail(&c->vm, "transmitq: %s", vq->error);
}

static void console_notify(struct virtio_mmio *vm, uint32_t queue)
{
	struct virtio_console *c = vm->dev;
	struct virtqueue *vq = virtio_mmio_queue(vm, queue);

	/* receiveq: there is no input yet, its buffers simply stay queued. */
	if (queue == VIRTIO_CONSOLE_TX_QUEUE && vq)
		console_transmit(c, vq);
}

/* cols and rows need VIRTIO_CONSOLE_F_SIZE, max_nr_ports needs MULTIPORT,
 * emerg_wr is write-only: with what we offer, every field reads as 0. */
static void console_config_read(struct virtio_mmio *vm, uint32_t offset, void *data,
				uint32_t len)
{
	memset(data, 0, len);
}

static void console_config_write(struct virtio_mmio *vm, uint32_t offset, const void *data,
				 uint32_t len)
{
	struct virtio_console *c = vm->dev;
	uint8_t ch;

	/* 5.3.4: emerg_wr is a 32-bit field written whole; the character is
	 * its low byte (little-endian, so the first byte). Works in any
	 * device status, as emergency output must. */
	if (offset != VIRTIO_CONSOLE_CONFIG_EMERG_WR || len != 4)
		return;
	ch = ((const uint8_t *)data)[0];
	if (c->sink.emerg)
		c->sink.emerg(c->sink.ctx, ch);
}

static const struct virtio_dev_ops console_ops = {
	.device_id = VIRTIO_ID_CONSOLE,
	.features = (1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_CONSOLE_F_EMERG_WRITE),
	.num_queues = 2,
	.queue_num_max = VIRTIO_CONSOLE_QUEUE_NUM_MAX,
	.config_size = VIRTIO_CONSOLE_CONFIG_SIZE,
	.config_read = console_config_read,
	.config_write = console_config_write,
	.notify = console_notify,
	.reset = NULL,          /* no device state beyond the transport's */
};

struct virtio_console *virtio_console_create(const struct guest_mem *mem, uint64_t mmio_base,
					     const struct virtio_console_sink *sink)
{
	struct virtio_console *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (sink)
		c->sink = *sink;
	if (virtio_mmio_init(&c->vm, mem, mmio_base, &console_ops, c,
			     c->sink.broken, c->sink.ctx)) {
		free(c);
		return NULL;
	}
	return c;
}

struct bus_device *virtio_console_device(struct virtio_console *c)
{
	return &c->vm.mmio;
}

void virtio_console_destroy(struct virtio_console *c)
{
	if (!c)
		return;
	virtio_mmio_exit(&c->vm);
	free(c);
}
