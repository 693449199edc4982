// SPDX-License-Identifier: MIT
/*
 * virtio-console as a guest sees it: a driver sequence through the mmio ops,
 * rings written straight into guest memory, and hostile transmit chains.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pmswitch/virtio.h>

#include "hw/guest_mem.h"
#include "virtio/virtio_console.h"
#include "virtio_guest.h"

#define RAM     (1u << 20)
#define BASE    0xfe000000u
#define QSZ     16u
#define RXDESC  0x1000u
#define RXAVAIL 0x2000u
#define RXUSED  0x3000u
#define TXDESC  0x4000u
#define TXAVAIL 0x5000u
#define TXUSED  0x6000u
#define DATA    0x10000u

static struct guest_mem mem;
static struct virtio_console *con;
static struct bus_device *dev;
static struct {
	uint8_t out[256];
	size_t out_len;
	unsigned int tx_calls, tx_after_broken;
	char emerg[16];
	unsigned int emerg_len;
	unsigned int broken;
	char reason[256];
} sink;

static void on_tx(void *ctx, const uint8_t *buf, size_t len)
{
	cr_assert_eq(ctx, &sink);
	cr_assert_leq(sink.out_len + len, sizeof(sink.out));
	memcpy(sink.out + sink.out_len, buf, len);
	sink.out_len += len;
	sink.tx_calls++;
	if (sink.broken)
		sink.tx_after_broken++;
}

static void on_emerg(void *ctx, uint8_t ch)
{
	if (sink.emerg_len < sizeof(sink.emerg) - 1)
		sink.emerg[sink.emerg_len++] = (char)ch;
}

static void on_broken(void *ctx, const char *reason)
{
	sink.broken++;
	snprintf(sink.reason, sizeof(sink.reason), "%s", reason);
}

static void setup(void)
{
	const struct virtio_console_sink s = {
		.ctx = &sink, .tx = on_tx, .emerg = on_emerg, .broken = on_broken,
	};

	memset(&sink, 0, sizeof(sink));
	cr_assert_eq(guest_mem_alloc(&mem, RAM), 0);
	con = virtio_console_create(&mem, BASE, &s);
	cr_assert_not_null(con);
	dev = virtio_console_device(con);
}

static void teardown(void)
{
	virtio_console_destroy(con);
	guest_mem_free(&mem);
}

TestSuite(virtio_console, .init = setup, .fini = teardown);

/* ---- a tiny driver ---------------------------------------------------- */

static uint32_t rd(uint64_t off)
{
	return guest_rd(dev, off);
}

static void wr(uint64_t off, uint32_t v)
{
	guest_wr(dev, off, v);
}

static void setup_queue(uint32_t q, uint32_t num, uint64_t d, uint64_t a, uint64_t u)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, q);
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	guest_setup_queue(dev, q, num, d, a, u);
}

/* 3.1.1 up to just before DRIVER_OK, with the transmitq placed at txdesc. */
static void driver_setup(uint32_t txnum, uint64_t txdesc)
{
	uint32_t st = S_ACK;

	memset(mem.host, 0, 0x10000);   /* rings start zeroed */
	wr(VIRTIO_MMIO_STATUS, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	cr_assert_eq(rd(VIRTIO_MMIO_VERSION), 2);
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
	wr(VIRTIO_MMIO_STATUS, st);
	wr(VIRTIO_MMIO_STATUS, st |= S_DRV);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	cr_assert(rd(VIRTIO_MMIO_DEVICE_FEATURES) & (1u << (VIRTIO_F_VERSION_1 - 32)));
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1u << VIRTIO_CONSOLE_F_EMERG_WRITE);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
	wr(VIRTIO_MMIO_STATUS, st |= S_FOK);
	cr_assert(rd(VIRTIO_MMIO_STATUS) & S_FOK);
	setup_queue(VIRTIO_CONSOLE_RX_QUEUE, QSZ, RXDESC, RXAVAIL, RXUSED);
	setup_queue(VIRTIO_CONSOLE_TX_QUEUE, txnum, txdesc, TXAVAIL, TXUSED);
}

static void driver_start(void)
{
	driver_setup(QSZ, TXDESC);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV | S_FOK | S_DOK);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRV | S_FOK | S_DOK);
	cr_assert_eq(sink.broken, 0, "%s", sink.reason);
}

static struct virtq_desc *txdesc(unsigned int i)
{
	return (struct virtq_desc *)(mem.host + TXDESC) + i;
}

static void set_desc(unsigned int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	*txdesc(i) = (struct virtq_desc){ .addr = addr, .len = len, .flags = flags, .next = next };
}

static struct virtq_avail *txavail(void) { return (struct virtq_avail *)(mem.host + TXAVAIL); }
static struct virtq_used *txused(void)   { return (struct virtq_used *)(mem.host + TXUSED); }

static void offer(uint16_t head)
{
	txavail()->ring[txavail()->idx % QSZ] = head;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	txavail()->idx++;
}

/* One readable buffer holding text, at descriptor i. */
static void send_text(unsigned int i, uint64_t at, const char *text)
{
	memcpy(mem.host + at, text, strlen(text));
	set_desc(i, at, (uint32_t)strlen(text), 0, 0);
	offer((uint16_t)i);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
}

/* ---- well-behaved driver ---------------------------------------------- */

Test(virtio_console, offers_console_features)
{
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_ID), 3);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES), 1u << VIRTIO_CONSOLE_F_EMERG_WRITE);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES), 1u << (VIRTIO_F_VERSION_1 - 32));
	for (uint32_t q = 0; q < 2; q++) {
		wr(VIRTIO_MMIO_QUEUE_SEL, q);
		cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_CONSOLE_QUEUE_NUM_MAX);
	}
	wr(VIRTIO_MMIO_QUEUE_SEL, 2);
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	/* No F_SIZE, no MULTIPORT: the config fields read as 0. */
	cr_assert_eq(rd(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_COLS), 0);
	cr_assert_eq(rd(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_MAX_PORTS), 0);
	cr_assert_eq(rd(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR), 0);
}

Test(virtio_console, multiport_is_refused)
{
	wr(VIRTIO_MMIO_STATUS, S_ACK);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1u << VIRTIO_CONSOLE_F_MULTIPORT);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV | S_FOK);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRV);
}

Test(virtio_console, hello_in_two_chained_buffers)
{
	driver_start();
	memcpy(mem.host + DATA, "hel", 3);
	memcpy(mem.host + DATA + 0x800, "lo", 2);
	set_desc(2, DATA, 3, VIRTQ_DESC_F_NEXT, 7);
	set_desc(7, DATA + 0x800, 2, 0, 0);
	offer(2);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);

	cr_assert_eq(sink.out_len, 5);
	cr_assert_eq(memcmp(sink.out, "hello", 5), 0);
	cr_assert_eq(sink.tx_calls, 2);
	cr_assert_eq(txused()->idx, 1);
	cr_assert_eq(txused()->ring[0].id, 2);
	cr_assert_eq(txused()->ring[0].len, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	cr_assert_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	cr_assert_eq(sink.broken, 0);
}

Test(virtio_console, several_chains_in_order_and_reuse)
{
	driver_start();
	memcpy(mem.host + DATA, "ab", 2);
	set_desc(0, DATA, 1, 0, 0);
	set_desc(1, DATA + 1, 1, 0, 0);
	offer(0);
	offer(1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	cr_assert_eq(txused()->idx, 2);
	/* Around the ring a few times, reusing descriptors as a driver does. */
	for (unsigned int i = 0; i < 3 * QSZ; i++)
		send_text(i % QSZ, DATA + 0x100, "c");
	cr_assert_eq(sink.out_len, 2 + 3 * QSZ);
	cr_assert_eq(memcmp(sink.out, "abccc", 5), 0);
	cr_assert_eq(txused()->idx, 2 + 3 * QSZ);
	cr_assert_eq(sink.broken, 0, "%s", sink.reason);
}

Test(virtio_console, writable_buffers_in_transmitq_are_skipped)
{
	driver_start();
	memcpy(mem.host + DATA, "out", 3);
	memset(mem.host + DATA + 0x100, 0x77, 16);
	set_desc(0, DATA, 3, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, DATA + 0x100, 16, VIRTQ_DESC_F_WRITE, 0);
	offer(0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	cr_assert_eq(sink.out_len, 3);
	cr_assert_eq(txused()->ring[0].len, 0);
	cr_assert_eq(mem.host[DATA + 0x100], 0x77);
}

Test(virtio_console, receiveq_keeps_its_buffers)
{
	struct virtq_desc *d = (struct virtq_desc *)(mem.host + RXDESC);
	struct virtq_avail *a = (struct virtq_avail *)(mem.host + RXAVAIL);
	struct virtq_used *u = (struct virtq_used *)(mem.host + RXUSED);

	driver_start();
	d[0] = (struct virtq_desc){ .addr = DATA, .len = 64, .flags = VIRTQ_DESC_F_WRITE };
	a->ring[0] = 0;
	a->idx = 1;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_RX_QUEUE);
	cr_assert_eq(u->idx, 0);
	cr_assert_eq(sink.tx_calls, 0);
	cr_assert_eq(sink.broken, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
}

/* ---- emergency write --------------------------------------------------- */

Test(virtio_console, emerg_write_before_driver_ok)
{
	uint8_t b = '!';
	uint16_t h = '!';

	/* Before anything at all, then mid-initialisation. */
	wr(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, 'o');
	wr(VIRTIO_MMIO_STATUS, S_ACK);
	wr(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, 0xffffff00u | 'k');
	/* Only whole 32-bit writes of emerg_wr count (4.2.2.2). */
	dev->ops->write(dev, VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, &b, 1);
	dev->ops->write(dev, VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, &h, 2);
	wr(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_MAX_PORTS, 'x');
	cr_assert_str_eq(sink.emerg, "ok");
	cr_assert_eq(sink.tx_calls, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK);
}

Test(virtio_console, emerg_write_after_driver_ok)
{
	driver_start();
	wr(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, '\n');
	cr_assert_str_eq(sink.emerg, "\n");
	cr_assert_eq(sink.out_len, 0);
}

/* ---- hostile drivers ---------------------------------------------------- */

/* The device is broken: NEEDS_RESET, one reason, and no output since. */
static void expect_broken(const char *needle)
{
	size_t before = sink.out_len;

	cr_assert(rd(VIRTIO_MMIO_STATUS) & S_NR, "status 0x%x", rd(VIRTIO_MMIO_STATUS));
	cr_assert_eq(sink.broken, 1);
	cr_assert(strstr(sink.reason, needle), "reason \"%s\" lacks \"%s\"", sink.reason, needle);
	/* A driver carrying on as if nothing happened gets nowhere. */
	send_text(QSZ - 1, DATA + 0x900, "after");
	cr_assert_eq(sink.out_len, before);
	cr_assert_eq(sink.tx_after_broken, 0);
	cr_assert_eq(sink.broken, 1);
}

/* A good line first, then the hostile chain at head 0 (descriptors set by
 * the caller), then the notify. */
static void send_hostile(void)
{
	driver_start();
	memcpy(mem.host + DATA + 0x800, "ok", 2);
	set_desc(QSZ - 2, DATA + 0x800, 2, 0, 0);
	offer(QSZ - 2);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	cr_assert_eq(sink.out_len, 2);
	cr_assert_eq(sink.broken, 0);
}

static void hostile_chain(struct virtq_desc d0, struct virtq_desc d1, const char *needle)
{
	send_hostile();
	memcpy(mem.host + DATA, "bad", 3);
	*txdesc(0) = d0;
	*txdesc(1) = d1;
	offer(0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	cr_assert_eq(txused()->idx, 1, "the hostile chain must not be used");
	expect_broken(needle);
}

#define D(a, l, f, n) ((struct virtq_desc){ .addr = (a), .len = (l), .flags = (f), .next = (n) })
#define NX VIRTQ_DESC_F_NEXT

Test(virtio_console, chain_loop)
{
	hostile_chain(D(DATA, 3, NX, 1), D(DATA, 3, NX, 0), "loop");
}

Test(virtio_console, address_outside_ram)
{
	hostile_chain(D(DATA, 3, NX, 1), D(RAM + 0x1000, 3, 0, 0),
		      "transmitq: descriptor 1: address 0x101000 length 3 past guest RAM");
}

Test(virtio_console, length_past_ram)
{
	hostile_chain(D(RAM - 16, 4096, 0, 0), D(0, 0, 0, 0), "length 4096 past guest RAM");
}

Test(virtio_console, address_plus_length_overflows)
{
	hostile_chain(D(0xfffffffffffff000ull, 0x2000, 0, 0), D(0, 0, 0, 0), "wraps");
}

Test(virtio_console, bad_next_index)
{
	hostile_chain(D(DATA, 3, NX, QSZ), D(0, 0, 0, 0), "next index 16 out of range");
}

Test(virtio_console, indirect_without_negotiation)
{
	hostile_chain(D(DATA, 16, VIRTQ_DESC_F_INDIRECT, 0), D(0, 0, 0, 0), "INDIRECT");
}

Test(virtio_console, readable_after_writable)
{
	hostile_chain(D(DATA, 3, VIRTQ_DESC_F_WRITE | NX, 1), D(DATA, 3, 0, 0),
		      "device-readable after a device-writable");
}

Test(virtio_console, bad_head_index)
{
	send_hostile();
	offer(0x1234);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	expect_broken("head 4660 out of range");
}

Test(virtio_console, avail_index_jumps)
{
	send_hostile();
	txavail()->idx += QSZ + 1;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	expect_broken("available index 18 is 17 entries ahead of 1");
}

Test(virtio_console, good_chain_then_bad_chain_in_one_notify)
{
	driver_start();
	memcpy(mem.host + DATA, "fine", 4);
	set_desc(0, DATA, 4, 0, 0);
	set_desc(1, DATA, 4, NX, 1);
	offer(0);
	offer(1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	cr_assert_eq(sink.out_len, 4);
	cr_assert_eq(txused()->idx, 1);
	expect_broken("loop");
}

/* Ring placement and queue size, caught at QueueReady / QueueNum. */
static void expect_broken_setup(uint32_t txnum, uint64_t txd, const char *needle)
{
	driver_setup(txnum, txd);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV | S_FOK | S_DOK);
	expect_broken(needle);
}

Test(virtio_console, ring_past_ram)
{
	expect_broken_setup(QSZ, RAM - 0x80, "queue 1: descriptor table at 0xfff80");
}

Test(virtio_console, ring_misaligned)
{
	expect_broken_setup(QSZ, TXDESC + 4, "not 16-byte aligned");
}

Test(virtio_console, queue_size_not_power_of_two)
{
	expect_broken_setup(12, TXDESC, "QueueNum 12 for queue 1: not a power of 2");
}

Test(virtio_console, queue_size_above_max)
{
	expect_broken_setup(512, TXDESC, "QueueNum 512");
}

/* ---- after a failure ------------------------------------------------------ */

Test(virtio_console, emerg_still_works_when_broken)
{
	hostile_chain(D(DATA, 3, NX, 0), D(0, 0, 0, 0), "loop");
	wr(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, 'E');
	cr_assert_str_eq(sink.emerg, "E");
}

Test(virtio_console, reset_after_failure_works_again)
{
	hostile_chain(D(DATA, 3, NX, 0), D(0, 0, 0, 0), "loop");
	sink.broken = 0;
	driver_start();
	send_text(3, DATA, "again");
	cr_assert_eq(sink.out_len, 2 + 5);
	cr_assert_eq(memcmp(sink.out, "okagain", 7), 0);
	cr_assert_eq(sink.broken, 0);
}

Test(virtio_console, create_without_sink)
{
	struct virtio_console *c = virtio_console_create(&mem, BASE, NULL);
	struct bus_device *d;
	uint32_t v = 'x';

	cr_assert_not_null(c);
	d = virtio_console_device(c);
	d->ops->write(d, VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, &v, 4);
	v = S_DRV;                      /* a guest error with nobody to tell */
	d->ops->write(d, VIRTIO_MMIO_STATUS, &v, 4);
	d->ops->read(d, VIRTIO_MMIO_STATUS, &v, 4);
	cr_assert_eq(v, S_NR);
	virtio_console_destroy(c);
	virtio_console_destroy(NULL);
}
