/* SPDX-License-Identifier: MIT */
/*
 * Device side of a split virtqueue (virtio 1.2 section 2.7).
 *
 * Everything the guest wrote is hostile: ring placement, indexes, descriptor
 * chains and buffer addresses are all checked, and the first violation
 * leaves a one-line reason in vq->error. VIRTIO_F_INDIRECT_DESC and
 * VIRTIO_F_EVENT_IDX are never offered, so neither is handled here.
 */
#ifndef VMM_VIRTQUEUE_H
#define VMM_VIRTQUEUE_H

#include <stdint.h>

#include <pmswitch/virtio.h>

#include "hw/guest_mem.h"

#define VIRTQ_ERROR_MAX 160

/* One validated buffer: [gpa, gpa + len) lies inside guest RAM. */
struct virtq_buf {
	uint64_t gpa;
	uint8_t *host;
	uint32_t len;
};

/* A popped descriptor chain. Device-readable buffers come first
 * (buf[0 .. readable)), then device-writable ones (buf[readable .. count)).
 * buf points into the queue's own storage: valid until the next pop. */
struct virtq_chain {
	uint16_t head;
	uint32_t count, readable;
	uint32_t read_len, write_len;
	const struct virtq_buf *buf;
};

struct virtqueue {
	const struct guest_mem *mem;
	uint32_t size;                  /* power of 2, <= VIRTQ_SIZE_MAX */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint16_t last_avail;            /* next avail->ring entry to consume */
	uint16_t used_idx;              /* what we last published in used->idx */
	struct virtq_buf *bufs;         /* room for the longest legal chain */
	char error[VIRTQ_ERROR_MAX];
};

/* Check the ring placement and size, map the rings and allocate room for
 * one chain. 0, -EINVAL with vq->error set, or -ENOMEM. Overwrites *vq:
 * release a queue set up earlier first. */
int virtqueue_init(struct virtqueue *vq, const struct guest_mem *mem, uint32_t size,
		   uint64_t desc_gpa, uint64_t avail_gpa, uint64_t used_gpa);
/* Free the chain storage; safe on a zeroed or already released queue. */
void virtqueue_release(struct virtqueue *vq);

/* 1: a whole chain was validated into *chain; 0: nothing available;
 * -EINVAL: the guest broke the rules, reason in vq->error. */
int virtqueue_pop(struct virtqueue *vq, struct virtq_chain *chain);
/* Return a chain to the driver with len bytes written into it. */
int virtqueue_push(struct virtqueue *vq, uint16_t head, uint32_t len);

#endif
