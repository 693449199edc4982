// SPDX-License-Identifier: MIT
/*
 * Split virtqueue, device side (virtio 1.2 section 2.7).
 *
 * The driver may change the rings while we read them, so every index is
 * read exactly once into a local, validated there, and only the local is
 * used afterwards. A whole chain is validated (and its buffers recorded)
 * before the caller sees any of it, so a bad chain never half-delivers.
 */
#include "virtio/virtqueue.h"

#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 2, 3)))
static int vq_fail(struct virtqueue *vq, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vq->error, sizeof(vq->error), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Map one ring part after checking its alignment (2.7, table "Virtqueue
 * Part Alignment Size") and that all of it lies in guest RAM. */
static void *vq_map_part(struct virtqueue *vq, const char *what, uint64_t gpa,
			 uint64_t len, uint64_t align)
{
	void *p;

	if (gpa % align) {
		vq_fail(vq, "%s at 0x%" PRIx64 " is not %" PRIu64 "-byte aligned",
			what, gpa, align);
		return NULL;
	}
	p = guest_mem_ptr(vq->mem, gpa, len);
	if (!p)
		vq_fail(vq, "%s at 0x%" PRIx64 " (0x%" PRIx64 " bytes) lies past guest RAM",
			what, gpa, len);
	return p;
}

int virtqueue_init(struct virtqueue *vq, const struct guest_mem *mem, uint32_t size,
		   uint64_t desc_gpa, uint64_t avail_gpa, uint64_t used_gpa)
{
	uint64_t n = size;

	memset(vq, 0, sizeof(*vq));
	vq->mem = mem;
	if (size == 0 || size > VIRTQ_SIZE_MAX || (size & (size - 1)))
		return vq_fail(vq, "queue size %" PRIu32 " is not a power of 2 in 1..%u",
			       size, VIRTQ_SIZE_MAX);
	vq->size = size;

	/* Sizes per 2.7: the avail and used rings end with the event words,
	 * which count even though VIRTIO_F_EVENT_IDX is not negotiated. */
	vq->desc = vq_map_part(vq, "descriptor table", desc_gpa,
			       16 * n, VIRTQ_DESC_ALIGN);
	if (!vq->desc)
		return -EINVAL;
	vq->avail = vq_map_part(vq, "available ring", avail_gpa,
				6 + 2 * n, VIRTQ_AVAIL_ALIGN);
	if (!vq->avail)
		return -EINVAL;
	vq->used = vq_map_part(vq, "used ring", used_gpa,
			       6 + 8 * n, VIRTQ_USED_ALIGN);
	if (!vq->used)
		return -EINVAL;

	vq->bufs = calloc(size, sizeof(*vq->bufs));
	if (!vq->bufs) {
		vq_fail(vq, "out of memory for a %" PRIu32 "-entry queue", size);
		return -ENOMEM;
	}
	return 0;
}

void virtqueue_release(struct virtqueue *vq)
{
	free(vq->bufs);
	vq->bufs = NULL;
	vq->desc = NULL;
	vq->avail = NULL;
	vq->used = NULL;
	vq->size = 0;
}

/* One copy of a descriptor; volatile so each field is read exactly once. */
static struct virtq_desc vq_read_desc(const struct virtqueue *vq, uint32_t i)
{
	const volatile struct virtq_desc *s = &vq->desc[i];
	struct virtq_desc d;

	d.addr = le64toh(s->addr);
	d.len = le32toh(s->len);
	d.flags = le16toh(s->flags);
	d.next = le16toh(s->next);
	return d;
}

/* Walk the chain starting at head (already < size) into vq->bufs. */
static int vq_walk_chain(struct virtqueue *vq, uint16_t head, struct virtq_chain *c)
{
	uint64_t total_read = 0, total_write = 0;
	uint32_t i = head, count = 0, readable = 0;

	for (;;) {
		struct virtq_desc d;
		struct virtq_buf *b;
		uint8_t *host;

		/* A chain can hold each descriptor at most once (2.7.5.2);
		 * a longer one must loop back on itself. */
		if (count == vq->size)
			return vq_fail(vq, "chain at head %u: longer than the queue size %" PRIu32
				       " (descriptor loop)", head, vq->size);
		d = vq_read_desc(vq, i);
		if (d.flags & VIRTQ_DESC_F_INDIRECT)
			return vq_fail(vq, "descriptor %" PRIu32 ": INDIRECT flag but "
				       "VIRTIO_F_INDIRECT_DESC was not negotiated", i);
		if (d.addr + d.len < d.addr)
			return vq_fail(vq, "descriptor %" PRIu32 ": address 0x%" PRIx64
				       " length %" PRIu32 " wraps around", i, d.addr, d.len);
		host = guest_mem_ptr(vq->mem, d.addr, d.len);
		if (!host)
			return vq_fail(vq, "descriptor %" PRIu32 ": address 0x%" PRIx64
				       " length %" PRIu32 " past guest RAM", i, d.addr, d.len);
		if (d.flags & VIRTQ_DESC_F_WRITE) {
			total_write += d.len;
		} else {
			/* 2.7.4.2: readable descriptors precede writable ones. */
			if (count != readable)
				return vq_fail(vq, "descriptor %" PRIu32 ": device-readable "
					       "after a device-writable one", i);
			total_read += d.len;
			readable++;
		}
		if (total_read + total_write > UINT32_MAX)
			return vq_fail(vq, "chain at head %u: total length past 2^32 - 1", head);

		b = &vq->bufs[count++];
		b->gpa = d.addr;
		b->host = host;
		b->len = d.len;

		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			break;
		if (d.next >= vq->size)
			return vq_fail(vq, "descriptor %" PRIu32 ": next index %u out of range"
				       " (queue size %" PRIu32 ")", i, d.next, vq->size);
		i = d.next;
	}

	c->head = head;
	c->count = count;
	c->readable = readable;
	c->read_len = (uint32_t)total_read;
	c->write_len = (uint32_t)total_write;
	c->buf = vq->bufs;
	return 1;
}

int virtqueue_pop(struct virtqueue *vq, struct virtq_chain *chain)
{
	uint16_t avail_idx, pending, head;
	int r;

	if (!vq->bufs)
		return vq_fail(vq, "queue is not set up");

	/* Read the index once, then order the ring and descriptor reads
	 * after it (the driver publishes idx last, 2.7.13). */
	avail_idx = le16toh(__atomic_load_n(&vq->avail->idx, __ATOMIC_RELAXED));
	__atomic_thread_fence(__ATOMIC_ACQUIRE);

	pending = (uint16_t)(avail_idx - vq->last_avail);
	if (pending == 0)
		return 0;
	if (pending > vq->size)
		return vq_fail(vq, "available index %u is %u entries ahead of %u"
			       " (queue size %" PRIu32 ")", avail_idx, pending,
			       vq->last_avail, vq->size);

	head = le16toh(__atomic_load_n(&vq->avail->ring[vq->last_avail & (vq->size - 1)],
				       __ATOMIC_RELAXED));
	if (head >= vq->size)
		return vq_fail(vq, "available ring entry %u: head %u out of range"
			       " (queue size %" PRIu32 ")", vq->last_avail, head, vq->size);

	r = vq_walk_chain(vq, head, chain);
	if (r > 0)
		vq->last_avail++;
	return r;
}

int virtqueue_push(struct virtqueue *vq, uint16_t head, uint32_t len)
{
	volatile struct virtq_used_elem *e;

	if (!vq->bufs || head >= vq->size)
		return -EINVAL;
	e = &vq->used->ring[vq->used_idx & (vq->size - 1)];
	e->id = htole32(head);
	e->len = htole32(len);
	vq->used_idx++;
	/* The element must be visible before the index that publishes it. */
	__atomic_store_n(&vq->used->idx, htole16(vq->used_idx), __ATOMIC_RELEASE);
	return 0;
}
