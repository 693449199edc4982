// SPDX-License-Identifier: MIT
/*
 * virtio-console driver over virtio-mmio v2 (virtio 1.2 §3.1.1, §4.2.3,
 * §5.3): one transmit queue with a single descriptor. The device handles a
 * notify synchronously and the VMM has no interrupt controller, so we poll
 * used->idx after each notify.
 */
#include <stdint.h>

#include <pmswitch/layout.h>
#include <pmswitch/virtio.h>

#include "console.h"
#include "cpu.h"
#include "mem.h"

#define TXQ_SIZE 4
#define TX_BUF   1024

static struct {
	struct virtq_desc desc[TXQ_SIZE];
	struct virtq_avail avail;
	uint16_t avail_ring[TXQ_SIZE + 1];
	uint8_t pad[4096 - 16 * TXQ_SIZE - 4 - 2 * (TXQ_SIZE + 1)];
	struct virtq_used used;
	struct virtq_used_elem used_ring[TXQ_SIZE];
	uint16_t avail_event;
} txq __attribute__((aligned(4096)));

static uint8_t tx_buf[TX_BUF] __attribute__((aligned(16)));
static unsigned long regs;
static int ready;
static uint16_t avail_idx;

static uint32_t reg_read(unsigned int off) { return mmio_read32(regs + off); }
static void reg_write(unsigned int off, uint32_t v) { mmio_write32(regs + off, v); }

static uint64_t pa(const void *p)
{
	return PMSW_SWITCHER_VA_TO_PA((uintptr_t)p);
}

static void reg_write64(unsigned int lo, uint64_t v)
{
	reg_write(lo, (uint32_t)v);
	reg_write(lo + 4, (uint32_t)(v >> 32));
}

void console_emerg_write(const char *s)
{
	if (!regs)
		return;
	while (*s)
		reg_write(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, (uint8_t)*s++);
}

int console_init(unsigned long mmio_va)
{
	uint32_t status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

	regs = mmio_va;
	if (reg_read(VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC ||
	    reg_read(VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_VERSION_2 ||
	    reg_read(VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_CONSOLE)
		return -1;
	reg_write(VIRTIO_MMIO_STATUS, 0);
	reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	reg_write(VIRTIO_MMIO_STATUS, status);

	reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	if (!(reg_read(VIRTIO_MMIO_DEVICE_FEATURES) & (1u << (VIRTIO_F_VERSION_1 - 32))))
		goto fail;
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 1u << VIRTIO_CONSOLE_F_EMERG_WRITE);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
	status |= VIRTIO_STATUS_FEATURES_OK;
	reg_write(VIRTIO_MMIO_STATUS, status);
	if (!(reg_read(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		goto fail;

	reg_write(VIRTIO_MMIO_QUEUE_SEL, VIRTIO_CONSOLE_TX_QUEUE);
	if (reg_read(VIRTIO_MMIO_QUEUE_READY) || reg_read(VIRTIO_MMIO_QUEUE_NUM_MAX) < TXQ_SIZE)
		goto fail;
	memset(&txq, 0, sizeof(txq));
	avail_idx = 0;
	reg_write(VIRTIO_MMIO_QUEUE_NUM, TXQ_SIZE);
	reg_write64(VIRTIO_MMIO_QUEUE_DESC_LOW, pa(txq.desc));
	reg_write64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, pa(&txq.avail));
	reg_write64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, pa(&txq.used));
	reg_write(VIRTIO_MMIO_QUEUE_READY, 1);

	status |= VIRTIO_STATUS_DRIVER_OK;
	reg_write(VIRTIO_MMIO_STATUS, status);
	ready = 1;
	return 0;
fail:
	reg_write(VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_FAILED);
	return -1;
}

int console_write(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!ready) {
		for (size_t i = 0; i < len; i++)
			reg_write(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, p[i]);
		return regs ? 0 : -1;
	}
	while (len) {
		size_t n = len < TX_BUF ? len : TX_BUF;
		uint16_t slot = avail_idx % TXQ_SIZE;

		memcpy(tx_buf, p, n);
		txq.desc[slot].addr = pa(tx_buf);
		txq.desc[slot].len = (uint32_t)n;
		txq.desc[slot].flags = 0;
		txq.avail_ring[slot] = slot;
		barrier();
		txq.avail.idx = ++avail_idx;
		barrier();
		reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
		/* The device consumes the buffer during the notify exit. */
		if (*(volatile uint16_t *)&txq.used.idx != avail_idx ||
		    (reg_read(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET)) {
			ready = 0;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}
