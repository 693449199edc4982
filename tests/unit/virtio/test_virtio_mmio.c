// SPDX-License-Identifier: MIT
/*
 * virtio-mmio transport registers, driven only through the mmio ops the way
 * a guest would, with a small test device plugged in.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pmswitch/types.h>

#include "hw/guest_mem.h"
#include "virtio/virtio_mmio.h"
#include "virtio_guest.h"

#define RAM     (1u << 20)
#define BASE    0xfe000000u
#define F_V1    (1ull << VIRTIO_F_VERSION_1)
#define F_TEST  (1ull << 3)

static struct guest_mem mem;
static struct virtio_mmio vm;
static struct {
	uint8_t config[8];
	unsigned int notifies, last_queue, resets, config_calls;
	unsigned int broken;
	char reason[256];
} dev;

static void dev_config_read(struct virtio_mmio *m, uint32_t off, void *data, uint32_t len)
{
	dev.config_calls++;
	memcpy(data, dev.config + off, len);
}

static void dev_config_write(struct virtio_mmio *m, uint32_t off, const void *data, uint32_t len)
{
	dev.config_calls++;
	memcpy(dev.config + off, data, len);
}

static void dev_notify(struct virtio_mmio *m, uint32_t q)
{
	dev.notifies++;
	dev.last_queue = q;
}

static void dev_reset(struct virtio_mmio *m)
{
	dev.resets++;
}

static void on_broken(void *ctx, const char *reason)
{
	cr_assert_eq(ctx, &dev);
	dev.broken++;
	snprintf(dev.reason, sizeof(dev.reason), "%s", reason);
}

static const struct virtio_dev_ops test_ops = {
	.device_id = 42,
	.features = F_V1 | F_TEST | (1ull << 40),
	.num_queues = 2,
	.queue_num_max = 16,
	.config_size = sizeof(dev.config),
	.config_read = dev_config_read,
	.config_write = dev_config_write,
	.notify = dev_notify,
	.reset = dev_reset,
};

static void setup(void)
{
	memset(&dev, 0, sizeof(dev));
	cr_assert_eq(guest_mem_alloc(&mem, RAM), 0);
	cr_assert_eq(virtio_mmio_init(&vm, &mem, BASE, &test_ops, &dev, on_broken, &dev), 0);
}

static void teardown(void)
{
	virtio_mmio_exit(&vm);
	guest_mem_free(&mem);
}

TestSuite(virtio_mmio, .init = setup, .fini = teardown);

static uint32_t rd(uint64_t off)
{
	return guest_rd(&vm.mmio, off);
}

static void wr(uint64_t off, uint32_t v)
{
	guest_wr(&vm.mmio, off, v);
}

static void expect_broken(const char *needle)
{
	cr_assert(rd(VIRTIO_MMIO_STATUS) & S_NR, "status 0x%x", rd(VIRTIO_MMIO_STATUS));
	cr_assert_eq(dev.broken, 1);
	cr_assert(strstr(dev.reason, needle), "reason \"%s\" lacks \"%s\"", dev.reason, needle);
}

static void expect_healthy(void)
{
	cr_assert_eq(dev.broken, 0, "broken: %s", dev.reason);
	cr_assert_not(rd(VIRTIO_MMIO_STATUS) & S_NR);
}

/* 3.1.1 steps 1-6. */
static void negotiate(uint64_t features)
{
	wr(VIRTIO_MMIO_STATUS, S_ACK);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV | S_FOK);
}

static void setup_queue(uint32_t q, uint32_t num, uint64_t desc, uint64_t drv, uint64_t devr)
{
	guest_setup_queue(&vm.mmio, q, num, desc, drv, devr);
}

static void bring_up(void)
{
	negotiate(F_V1);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRV | S_FOK);
	setup_queue(0, 8, 0x1000, 0x2000, 0x3000);
	setup_queue(1, 16, 0x4000, 0x5000, 0x6000);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV | S_FOK | S_DOK);
	expect_healthy();
}

/* ---- identity and plain registers ------------------------------------ */

Test(virtio_mmio, identity)
{
	cr_assert_eq(rd(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	cr_assert_eq(rd(VIRTIO_MMIO_VERSION), 2);
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_ID), 42);
	cr_assert_eq(rd(VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR_PMSWITCH);
	cr_assert_eq(vm.mmio.base, BASE);
	cr_assert_eq(vm.mmio.size, 0x200);
	cr_assert_eq(rd(VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffffu);
	cr_assert_eq(rd(VIRTIO_MMIO_SHM_BASE_HIGH), 0xffffffffu);
}

Test(virtio_mmio, device_features_by_word)
{
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES), (uint32_t)F_TEST);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES), 1u | 1u << 8);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);
}

Test(virtio_mmio, queue_num_max_per_queue)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, 1);
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 16);
	wr(VIRTIO_MMIO_QUEUE_SEL, 2);
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
}

Test(virtio_mmio, odd_accesses_are_ignored)
{
	uint64_t v8 = ~0ull;
	uint16_t v2 = 0xffff;
	uint8_t v1 = 0xff;

	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_MAGIC_VALUE, &v2, 2);
	cr_assert_eq(v2, 0);
	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_MAGIC_VALUE, &v8, 8);
	cr_assert_eq(v8, 0);
	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_MAGIC_VALUE + 1, &v1, 1);
	cr_assert_eq(v1, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_MAGIC_VALUE + 2), 0);
	/* Write-only and reserved registers read as 0. */
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_NOTIFY), 0);
	cr_assert_eq(rd(VIRTIO_MMIO_DRIVER_FEATURES), 0);
	cr_assert_eq(rd(0x0f0), 0);

	/* Narrow, wide, unaligned or read-only writes change nothing. */
	v1 = S_ACK;
	vm.mmio.ops->write(&vm.mmio, VIRTIO_MMIO_STATUS, &v1, 1);
	v8 = S_ACK;
	vm.mmio.ops->write(&vm.mmio, VIRTIO_MMIO_STATUS, &v8, 8);
	wr(VIRTIO_MMIO_STATUS + 2, S_ACK);
	wr(VIRTIO_MMIO_MAGIC_VALUE, 0);
	wr(VIRTIO_MMIO_DEVICE_ID, 7);
	wr(VIRTIO_MMIO_QUEUE_RESET, 1);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), 0);
	cr_assert_eq(rd(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	cr_assert_eq(rd(VIRTIO_MMIO_DEVICE_ID), 42);
	expect_healthy();
}

/* ---- status state machine -------------------------------------------- */

Test(virtio_mmio, full_init_sequence)
{
	bring_up();
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRV | S_FOK | S_DOK);
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_READY), 1);
	cr_assert_eq(vm.driver_features, F_V1);
	cr_assert_not_null(virtio_mmio_queue(&vm, 1));
	cr_assert_eq(virtio_mmio_queue(&vm, 1)->size, 16);
	cr_assert_null(virtio_mmio_queue(&vm, 2));
}

Test(virtio_mmio, all_offered_features_accepted)
{
	negotiate(test_ops.features);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRV | S_FOK);
}

Test(virtio_mmio, features_without_version_1_refused)
{
	negotiate(F_TEST);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRV);
	expect_healthy();
	/* Negotiation may be retried with acceptable features. */
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)F_TEST);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(F_V1 >> 32));
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV | S_FOK);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRV | S_FOK);
}

Test(virtio_mmio, features_not_offered_refused)
{
	negotiate(F_V1 | (1ull << 5));
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRV);
	expect_healthy();
}

Test(virtio_mmio, driver_may_give_up)
{
	wr(VIRTIO_MMIO_STATUS, S_ACK);
	wr(VIRTIO_MMIO_STATUS, S_ACK | VIRTIO_STATUS_FAILED);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | VIRTIO_STATUS_FAILED);
	expect_healthy();
}

Test(virtio_mmio, needs_reset_bit_is_not_the_drivers)
{
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_NR);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), S_ACK);
	expect_healthy();
}

Test(virtio_mmio, reset_clears_queues_and_state)
{
	bring_up();
	virtio_mmio_signal(&vm, VIRTIO_MMIO_INT_VRING);
	wr(VIRTIO_MMIO_QUEUE_SEL, 1);
	wr(VIRTIO_MMIO_STATUS, 0);
	cr_assert_eq(dev.resets, 1);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), 0);
	cr_assert_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	cr_assert_eq(vm.driver_features, 0);
	for (uint32_t q = 0; q < 2; q++) {
		wr(VIRTIO_MMIO_QUEUE_SEL, q);
		cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
		cr_assert_null(virtio_mmio_queue(&vm, q));
		cr_assert_eq(vm.queue[q].num, 0);
		cr_assert_eq(vm.queue[q].desc, 0);
	}
	/* And the device comes up again from scratch. */
	bring_up();
}

Test(virtio_mmio, queue_ready_zero_releases_queue)
{
	negotiate(F_V1);
	setup_queue(0, 8, 0x1000, 0x2000, 0x3000);
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_READY), 1);
	wr(VIRTIO_MMIO_QUEUE_READY, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	cr_assert_null(virtio_mmio_queue(&vm, 0));
	/* Allowed in any state, including after a reset. */
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_QUEUE_READY, 0);
	expect_healthy();
}

/* ---- guest errors: one driver mistake each ----------------------------- */

enum prelude { P_NONE, P_ACK, P_DRIVER, P_FEATURES_OK, P_LIVE };

struct step { uint32_t off, val; };

/* Plain arrays, no pointers: criterion hands each case to a fresh
 * process where this binary's addresses differ. */
struct guest_error {
	char what[48];
	enum prelude prelude;
	struct step steps[12];          /* up to the first { 0, 0 } */
	char reason[96];
};

#define S(reg, v) { VIRTIO_MMIO_##reg, (uint32_t)(v) }
#define QUEUE(q, n, d, a, u) S(QUEUE_SEL, q), S(QUEUE_NUM, n), \
	S(QUEUE_DESC_LOW, d), S(QUEUE_DESC_HIGH, (uint64_t)(d) >> 32), \
	S(QUEUE_DRIVER_LOW, a), S(QUEUE_DRIVER_HIGH, (uint64_t)(a) >> 32), \
	S(QUEUE_DEVICE_LOW, u), S(QUEUE_DEVICE_HIGH, (uint64_t)(u) >> 32), S(QUEUE_READY, 1)
#define Q0 QUEUE(0, 8, 0x1000, 0x2000, 0x3000)

static struct guest_error guest_errors[] = {
	{ "features beyond 64 bits", P_DRIVER, { S(DRIVER_FEATURES_SEL, 2), S(DRIVER_FEATURES, 1) },
	  "DriverFeatures word 2 = 0x1: features never offered" },
	{ "features before DRIVER", P_ACK, { S(DRIVER_FEATURES, F_TEST) },
	  "DriverFeatures written in Status 0x1" },
	{ "features after FEATURES_OK", P_FEATURES_OK, { S(DRIVER_FEATURES, 0) },
	  "DriverFeatures written in Status 0xb" },
	{ "DRIVER without ACKNOWLEDGE", P_NONE, { S(STATUS, S_DRV) }, "DRIVER without ACKNOWLEDGE" },
	{ "FEATURES_OK without DRIVER", P_ACK, { S(STATUS, S_ACK | S_FOK) },
	  "FEATURES_OK without DRIVER" },
	{ "DRIVER_OK without FEATURES_OK", P_DRIVER, { S(STATUS, S_ACK | S_DRV | S_DOK) },
	  "DRIVER_OK without FEATURES_OK" },
	{ "DRIVER_OK after refused features", P_DRIVER, { S(DRIVER_FEATURES, F_TEST),
	  S(STATUS, S_ACK | S_DRV | S_FOK), S(STATUS, S_ACK | S_DRV | S_FOK | S_DOK) },
	  "DRIVER_OK without FEATURES_OK" },
	{ "status bits cleared", P_FEATURES_OK, { S(STATUS, S_ACK | S_DRV) },
	  "Status 0x3 clears bits of 0xb (only 0 resets)" },
	{ "reserved status bits", P_NONE, { S(STATUS, S_ACK | 0x10) }, "reserved" },
	{ "queue setup before FEATURES_OK", P_DRIVER, { S(QUEUE_NUM, 8) },
	  "QueueNum written in Status 0x3" },
	{ "queue setup after DRIVER_OK", P_LIVE, { S(QUEUE_SEL, 0), S(QUEUE_DESC_LOW, 0x8000) },
	  "a queue address register written in Status 0xf" },
	{ "queue setup while ready", P_FEATURES_OK, { Q0, S(QUEUE_NUM, 4) },
	  "QueueNum written for queue 0 while it is ready" },
	{ "queue that does not exist", P_FEATURES_OK, { S(QUEUE_SEL, 2), S(QUEUE_NUM, 8) },
	  "queue 2, which does not exist" },
	{ "QueueNum not a power of 2", P_FEATURES_OK, { S(QUEUE_NUM, 12) },
	  "QueueNum 12 for queue 0: not a power of 2 in 1..16" },
	{ "QueueNum above max", P_FEATURES_OK, { S(QUEUE_NUM, 32) }, "QueueNum 32" },
	{ "QueueNum 0", P_FEATURES_OK, { S(QUEUE_NUM, 0) }, "QueueNum 0" },
	{ "QueueReady without QueueNum", P_FEATURES_OK, { S(QUEUE_READY, 1) },
	  "queue 0 made ready without QueueNum" },
	{ "QueueReady 2", P_FEATURES_OK, { S(QUEUE_NUM, 8), S(QUEUE_READY, 2) }, "QueueReady 0x2" },
	{ "ring past RAM", P_FEATURES_OK, { QUEUE(0, 8, RAM - 64, 0x2000, 0x3000) },
	  "queue 0: descriptor table at 0xfffc0 (0x80 bytes) lies past guest RAM" },
	{ "ring above 4 GiB", P_FEATURES_OK, { QUEUE(1, 8, 0x1000, 0x2000, 0x100003000ull) },
	  "queue 1: used ring at 0x100003000" },
	{ "ring misaligned", P_FEATURES_OK, { QUEUE(0, 8, 0x1000, 0x2001, 0x3000) },
	  "queue 0: available ring at 0x2001 is not 2-byte aligned" },
	{ "notify before DRIVER_OK", P_FEATURES_OK, { Q0, S(QUEUE_NOTIFY, 0) },
	  "QueueNotify 0 before DRIVER_OK" },
	{ "notify for a queue switched off", P_LIVE,
	  { S(QUEUE_SEL, 1), S(QUEUE_READY, 0), S(QUEUE_NOTIFY, 1) },
	  "QueueNotify for queue 1, which is not ready" },
	{ "notify for a queue that does not exist", P_LIVE, { S(QUEUE_NOTIFY, 5) },
	  "queue 5, which is not ready" },
};

ParameterizedTestParameters(virtio_mmio, guest_error)
{
	return cr_make_param_array(struct guest_error, guest_errors,
				   PMSW_ARRAY_SIZE(guest_errors));
}

ParameterizedTest(struct guest_error *c, virtio_mmio, guest_error)
{
	if (c->prelude >= P_ACK)
		wr(VIRTIO_MMIO_STATUS, S_ACK);
	if (c->prelude == P_DRIVER)
		wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV);
	if (c->prelude == P_FEATURES_OK)
		negotiate(F_V1);
	if (c->prelude == P_LIVE)
		bring_up();
	expect_healthy();
	for (unsigned int i = 0; i < 12 && c->steps[i].off; i++)
		wr(c->steps[i].off, c->steps[i].val);

	cr_assert(rd(VIRTIO_MMIO_STATUS) & S_NR, "%s: status 0x%x", c->what,
		  rd(VIRTIO_MMIO_STATUS));
	cr_assert_eq(dev.broken, 1, "%s", c->what);
	cr_assert(strstr(dev.reason, c->reason), "%s: reason \"%s\" lacks \"%s\"",
		  c->what, dev.reason, c->reason);
	cr_assert_eq(dev.notifies, 0, "%s", c->what);

	/* Whatever went wrong, a reset gives a working device again. */
	wr(VIRTIO_MMIO_STATUS, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS), 0);
	dev.broken = 0;
	bring_up();
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	cr_assert_eq(dev.notifies, 1, "%s", c->what);
}

/* ---- notifications and interrupts ------------------------------------ */

Test(virtio_mmio, notify_reaches_device)
{
	bring_up();
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	cr_assert_eq(dev.notifies, 1);
	cr_assert_eq(dev.last_queue, 1);
}

Test(virtio_mmio, broken_device_stops_and_reports_once)
{
	bring_up();
	virtio_mmio_fail(&vm, "test failure %d", 7);
	expect_broken("test failure 7");
	/* Live driver: told through a configuration change interrupt. */
	cr_assert(rd(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG);
	cr_assert_null(virtio_mmio_queue(&vm, 0));
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	cr_assert_eq(dev.notifies, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 9);
	wr(VIRTIO_MMIO_STATUS, S_ACK);
	virtio_mmio_fail(&vm, "second");
	cr_assert_eq(dev.broken, 1);
	cr_assert(strstr(dev.reason, "test failure 7"));
	/* Only giving up still changes Status. */
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRV | S_FOK | S_DOK | VIRTIO_STATUS_FAILED);
	cr_assert_eq(rd(VIRTIO_MMIO_STATUS),
		     S_ACK | S_DRV | S_FOK | S_DOK | S_NR | VIRTIO_STATUS_FAILED);
}

Test(virtio_mmio, interrupt_status_and_ack)
{
	bring_up();
	cr_assert_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	virtio_mmio_signal(&vm, VIRTIO_MMIO_INT_VRING);
	virtio_mmio_config_changed(&vm);
	cr_assert_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	cr_assert_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, ~0u);
	cr_assert_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
}

/* ---- config space ----------------------------------------------------- */

Test(virtio_mmio, config_generation_counts_changes)
{
	uint32_t g = rd(VIRTIO_MMIO_CONFIG_GENERATION);

	virtio_mmio_config_changed(&vm);
	cr_assert_eq(rd(VIRTIO_MMIO_CONFIG_GENERATION), g + 1);
}

Test(virtio_mmio, config_access_widths)
{
	uint8_t b = 0;
	uint16_t h = 0;
	uint32_t w = 0;

	memcpy(dev.config, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_CONFIG + 7, &b, 1);
	cr_assert_eq(b, 8);
	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_CONFIG + 2, &h, 2);
	cr_assert_eq(h, 0x0403);
	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_CONFIG + 4, &w, 4);
	cr_assert_eq(w, 0x08070605);
	wr(VIRTIO_MMIO_CONFIG, 0xaabbccdd);
	cr_assert_eq(memcmp(dev.config, "\xdd\xcc\xbb\xaa", 4), 0);
	cr_assert_eq(dev.config_calls, 4);
}

Test(virtio_mmio, config_bad_accesses_never_reach_device)
{
	uint64_t q = ~0ull;
	uint16_t h = 0xffff;

	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_CONFIG + 1, &h, 2);      /* unaligned */
	cr_assert_eq(h, 0);
	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_CONFIG, &q, 8);          /* 64-bit */
	cr_assert_eq(q, 0);
	cr_assert_eq(rd(VIRTIO_MMIO_CONFIG + 8), 0);                     /* past the end */
	cr_assert_eq(rd(VIRTIO_MMIO_CONFIG + 0xfc), 0);
	cr_assert_eq(rd(0xffffffffffffff00ull), 0);
	wr(VIRTIO_MMIO_CONFIG + 8, 1);
	wr(VIRTIO_MMIO_CONFIG + 6, 1);                                   /* straddles the end */
	vm.mmio.ops->write(&vm.mmio, VIRTIO_MMIO_CONFIG + 3, &h, 2);
	cr_assert_eq(dev.config_calls, 0);
	expect_healthy();
}

Test(virtio_mmio, config_works_in_any_status)
{
	uint8_t b = 0;

	dev.config[0] = 0x5a;
	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_CONFIG, &b, 1);
	cr_assert_eq(b, 0x5a);
	virtio_mmio_fail(&vm, "x");
	vm.mmio.ops->read(&vm.mmio, VIRTIO_MMIO_CONFIG, &b, 1);
	cr_assert_eq(b, 0x5a);
}

/* ---- bad device descriptions ------------------------------------------ */

Test(virtio_mmio, init_rejects_inconsistent_ops)
{
	struct virtio_mmio t;
	struct virtio_dev_ops o = test_ops;

	o.features = F_TEST;
	cr_assert_eq(virtio_mmio_init(&t, &mem, BASE, &o, NULL, NULL, NULL), -EINVAL);
	o = test_ops;
	o.num_queues = VIRTIO_MMIO_QUEUES_MAX + 1;
	cr_assert_eq(virtio_mmio_init(&t, &mem, BASE, &o, NULL, NULL, NULL), -EINVAL);
	o = test_ops;
	o.queue_num_max = 24;
	cr_assert_eq(virtio_mmio_init(&t, &mem, BASE, &o, NULL, NULL, NULL), -EINVAL);
	o = test_ops;
	o.config_size = 0x101;
	cr_assert_eq(virtio_mmio_init(&t, &mem, BASE, &o, NULL, NULL, NULL), -EINVAL);
	o = test_ops;
	o.notify = NULL;
	cr_assert_eq(virtio_mmio_init(&t, &mem, BASE, &o, NULL, NULL, NULL), -EINVAL);
}

Test(virtio_mmio, no_broken_callback_is_fine)
{
	struct virtio_mmio t;
	uint32_t v = S_DRV;

	cr_assert_eq(virtio_mmio_init(&t, &mem, BASE, &test_ops, &dev, NULL, NULL), 0);
	t.mmio.ops->write(&t.mmio, VIRTIO_MMIO_STATUS, &v, 4);
	t.mmio.ops->read(&t.mmio, VIRTIO_MMIO_STATUS, &v, 4);
	cr_assert_eq(v, S_NR);
	virtio_mmio_exit(&t);
}
