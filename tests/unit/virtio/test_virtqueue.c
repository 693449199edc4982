// SPDX-License-Identifier: MIT
/* Split virtqueue, device side: well-formed chains and hostile ones. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "hw/guest_mem.h"
#include "virtio/virtqueue.h"

#define RAM     (1u << 20)
#define QSZ     8u
#define DESC    0x1000u
#define AVAIL   0x2000u
#define USED    0x3000u
#define DATA    0x10000u

static struct guest_mem mem;
static struct virtqueue vq;

static void setup(void)
{
	cr_assert_eq(guest_mem_alloc(&mem, RAM), 0);
	cr_assert_eq(virtqueue_init(&vq, &mem, QSZ, DESC, AVAIL, USED), 0, "%s", vq.error);
}

static void teardown(void)
{
	virtqueue_release(&vq);
	guest_mem_free(&mem);
}

TestSuite(virtqueue, .init = setup, .fini = teardown);

static struct virtq_desc *desc(uint32_t base, unsigned int i)
{
	return (struct virtq_desc *)(mem.host + base) + i;
}

static void set_desc(unsigned int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	*desc(DESC, i) = (struct virtq_desc){ .addr = addr, .len = len,
					      .flags = flags, .next = next };
}

static struct virtq_avail *avail(void) { return (struct virtq_avail *)(mem.host + AVAIL); }
static struct virtq_used *used(void)   { return (struct virtq_used *)(mem.host + USED); }

/* What a driver does to offer a chain: ring entry first, then the index. */
static void offer(uint16_t head)
{
	avail()->ring[avail()->idx % QSZ] = head;
	avail()->idx++;
}

/* Pop must fail, leave the entry unconsumed, and say why. */
static void expect_error(const char *needle)
{
	struct virtq_chain c;
	uint16_t before = vq.last_avail;

	cr_assert_eq(virtqueue_pop(&vq, &c), -EINVAL);
	cr_assert(strstr(vq.error, needle), "reason \"%s\" lacks \"%s\"", vq.error, needle);
	cr_assert_eq(vq.last_avail, before);
}

Test(virtqueue, empty_ring_pops_nothing)
{
	struct virtq_chain c;

	cr_assert_eq(virtqueue_pop(&vq, &c), 0);
}

Test(virtqueue, readable_then_writable_chain)
{
	struct virtq_chain c;

	memcpy(mem.host + DATA, "hello", 5);
	set_desc(3, DATA, 3, VIRTQ_DESC_F_NEXT, 5);
	set_desc(5, DATA + 3, 2, VIRTQ_DESC_F_NEXT, 0);
	set_desc(0, DATA + 0x100, 64, VIRTQ_DESC_F_WRITE, 0);
	offer(3);

	cr_assert_eq(virtqueue_pop(&vq, &c), 1, "%s", vq.error);
	cr_assert_eq(c.head, 3);
	cr_assert_eq(c.count, 3);
	cr_assert_eq(c.readable, 2);
	cr_assert_eq(c.read_len, 5);
	cr_assert_eq(c.write_len, 64);
	cr_assert_eq(c.buf[0].host, mem.host + DATA);
	cr_assert_eq(c.buf[1].gpa, DATA + 3);
	cr_assert_eq(c.buf[2].len, 64);
	cr_assert_eq(virtqueue_pop(&vq, &c), 0);

	cr_assert_eq(virtqueue_push(&vq, 3, 17), 0);
	cr_assert_eq(used()->idx, 1);
	cr_assert_eq(used()->ring[0].id, 3);
	cr_assert_eq(used()->ring[0].len, 17);
}

Test(virtqueue, zero_length_buffer_is_fine)
{
	struct virtq_chain c;

	set_desc(0, DATA, 0, 0, 0);
	offer(0);
	cr_assert_eq(virtqueue_pop(&vq, &c), 1, "%s", vq.error);
	cr_assert_eq(c.read_len, 0);
}

Test(virtqueue, chain_of_queue_size_is_not_a_loop)
{
	struct virtq_chain c;

	for (unsigned int i = 0; i < QSZ; i++)
		set_desc(i, DATA, 1, i + 1 < QSZ ? VIRTQ_DESC_F_NEXT : 0, i + 1);
	offer(0);
	cr_assert_eq(virtqueue_pop(&vq, &c), 1, "%s", vq.error);
	cr_assert_eq(c.count, QSZ);
}

Test(virtqueue, indexes_wrap_at_16_bits)
{
	struct virtq_chain c;

	vq.last_avail = 65534;
	vq.used_idx = 65534;
	avail()->idx = 65534;
	set_desc(0, DATA, 1, 0, 0);
	set_desc(1, DATA, 1, 0, 0);
	set_desc(2, DATA, 1, 0, 0);
	offer(0);
	offer(1);
	offer(2);
	cr_assert_eq(avail()->idx, 1);
	for (unsigned int i = 0; i < 3; i++) {
		cr_assert_eq(virtqueue_pop(&vq, &c), 1, "%s", vq.error);
		cr_assert_eq(c.head, i);
		cr_assert_eq(virtqueue_push(&vq, c.head, 0), 0);
	}
	cr_assert_eq(virtqueue_pop(&vq, &c), 0);
	cr_assert_eq(used()->idx, 1);
	cr_assert_eq(used()->ring[(65535u) % QSZ].id, 1);
}

Test(virtqueue, descriptor_loop)
{
	set_desc(0, DATA, 1, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, DATA, 1, VIRTQ_DESC_F_NEXT, 0);
	offer(0);
	expect_error("loop");
}

Test(virtqueue, descriptor_points_to_itself)
{
	set_desc(4, DATA, 1, VIRTQ_DESC_F_NEXT, 4);
	offer(4);
	expect_error("loop");
}

Test(virtqueue, address_outside_ram)
{
	set_desc(0, RAM, 1, 0, 0);
	offer(0);
	expect_error("descriptor 0: address 0x100000 length 1 past guest RAM");
}

Test(virtqueue, length_past_ram)
{
	set_desc(0, DATA, 1, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, RAM - 100, 4096, VIRTQ_DESC_F_WRITE, 0);
	offer(0);
	expect_error("descriptor 1: address 0xfff9c length 4096 past guest RAM");
}

Test(virtqueue, address_plus_length_overflows)
{
	set_desc(2, UINT64_MAX - 10, 100, 0, 0);
	offer(2);
	expect_error("wraps");
}

Test(virtqueue, address_far_beyond_ram)
{
	set_desc(2, 0x100000000ull, 16, 0, 0);
	offer(2);
	expect_error("past guest RAM");
}

Test(virtqueue, bad_head_index)
{
	offer(QSZ);
	expect_error("head 8 out of range");
}

Test(virtqueue, bad_next_index)
{
	set_desc(0, DATA, 1, VIRTQ_DESC_F_NEXT, 0xffff);
	offer(0);
	expect_error("next index 65535 out of range");
}

Test(virtqueue, avail_index_jumps_past_queue_size)
{
	avail()->idx = QSZ + 1;
	expect_error("ahead");
}

Test(virtqueue, avail_index_moves_backwards)
{
	avail()->idx = 0xffff;
	expect_error("ahead");
}

Test(virtqueue, avail_index_exactly_queue_size_ahead_is_fine)
{
	struct virtq_chain c;

	for (unsigned int i = 0; i < QSZ; i++) {
		set_desc(i, DATA, 1, 0, 0);
		offer(i);
	}
	for (unsigned int i = 0; i < QSZ; i++)
		cr_assert_eq(virtqueue_pop(&vq, &c), 1, "%s", vq.error);
}

Test(virtqueue, indirect_without_negotiation)
{
	set_desc(0, DATA, 16, VIRTQ_DESC_F_INDIRECT, 0);
	offer(0);
	expect_error("INDIRECT");
}

Test(virtqueue, readable_after_writable)
{
	set_desc(0, DATA, 4, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, DATA, 4, 0, 0);
	offer(0);
	expect_error("descriptor 1: device-readable after a device-writable");
}

Test(virtqueue, total_length_overflows_32_bits)
{
	/* 4097 descriptors of 1 MiB each: more than 2^32 - 1 bytes in all. */
	const uint32_t n = 8192, chain = 4097;

	virtqueue_release(&vq);
	cr_assert_eq(virtqueue_init(&vq, &mem, n, 0x20000, 0x60000, 0x70000), 0, "%s", vq.error);
	for (uint32_t i = 0; i < chain; i++)
		*desc(0x20000, i) = (struct virtq_desc){ .addr = 0, .len = RAM,
			.flags = i + 1 < chain ? VIRTQ_DESC_F_NEXT : 0, .next = i + 1 };
	((struct virtq_avail *)(mem.host + 0x60000))->ring[0] = 0;
	((struct virtq_avail *)(mem.host + 0x60000))->idx = 1;
	expect_error("total length");
}

Test(virtqueue, push_rejects_bad_head)
{
	cr_assert_eq(virtqueue_push(&vq, QSZ, 0), -EINVAL);
	cr_assert_eq(used()->idx, 0);
}

Test(virtqueue, pop_after_release)
{
	struct virtq_chain c;

	virtqueue_release(&vq);
	cr_assert_eq(virtqueue_pop(&vq, &c), -EINVAL);
	cr_assert_eq(virtqueue_push(&vq, 0, 0), -EINVAL);
	virtqueue_release(&vq);         /* twice is harmless */
}

/* ---- ring placement ------------------------------------------------- */

static void expect_init_error(uint32_t size, uint64_t d, uint64_t a, uint64_t u,
			      const char *needle)
{
	struct virtqueue q;

	cr_assert_eq(virtqueue_init(&q, &mem, size, d, a, u), -EINVAL);
	cr_assert(strstr(q.error, needle), "reason \"%s\" lacks \"%s\"", q.error, needle);
	cr_assert_null(q.bufs);
}

Test(virtqueue, size_not_power_of_two)
{
	expect_init_error(0, DESC, AVAIL, USED, "power of 2");
	expect_init_error(3, DESC, AVAIL, USED, "power of 2");
	expect_init_error(24, DESC, AVAIL, USED, "power of 2");
	expect_init_error(65536, DESC, AVAIL, USED, "power of 2");
}

Test(virtqueue, rings_misaligned)
{
	expect_init_error(QSZ, DESC + 8, AVAIL, USED, "descriptor table at 0x1008 is not 16-byte aligned");
	expect_init_error(QSZ, DESC, AVAIL + 1, USED, "available ring at 0x2001 is not 2-byte aligned");
	expect_init_error(QSZ, DESC, AVAIL, USED + 2, "used ring at 0x3002 is not 4-byte aligned");
}

Test(virtqueue, rings_past_ram)
{
	/* Each starts inside RAM but its last bytes do not fit. */
	expect_init_error(QSZ, RAM - 16 * QSZ + 16, AVAIL, USED, "descriptor table");
	expect_init_error(QSZ, DESC, RAM - 6 - 2 * QSZ + 2, USED, "available ring");
	expect_init_error(QSZ, DESC, AVAIL, RAM - 8 * QSZ - 4,
			  "used ring at 0xfffbc (0x46 bytes) lies past");
	expect_init_error(QSZ, DESC, AVAIL, 0xfffffffffffffff0ull, "past guest RAM");
	expect_init_error(QSZ, 0x100000000ull + DESC, AVAIL, USED, "past guest RAM");
}

Test(virtqueue, rings_ending_exactly_at_end_of_ram)
{
	struct virtqueue q;

	cr_assert_eq(virtqueue_init(&q, &mem, QSZ, RAM - 16 * QSZ, AVAIL, USED), 0, "%s", q.error);
	virtqueue_release(&q);
	cr_assert_eq(virtqueue_init(&q, &mem, QSZ, DESC, RAM - 6 - 2 * QSZ, USED), 0, "%s", q.error);
	virtqueue_release(&q);
	cr_assert_eq(virtqueue_init(&q, &mem, QSZ, DESC, AVAIL, RAM - 8 - 8 * QSZ), 0, "%s", q.error);
	virtqueue_release(&q);
}
