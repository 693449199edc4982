// SPDX-License-Identifier: MIT
/* The buses and the exit port: a device found by address ends the run the
 * way it must, and an access nobody claims is reported, not served. */
#include <criterion/criterion.h>
#include <string.h>

#include <pmswitch/layout.h>
#include <pmswitch/report.h>

#include "hw/bus.h"
#include "hw/exit_port.h"
#include "hw/signal_port.h"

static struct bus bus;
static struct exit_port port;

static void setup(void)
{
	memset(&bus, 0, sizeof(bus));
	exit_port_init(&port);
	cr_assert_eq(bus_register(&bus, BUS_PIO, &port.dev), 0);
}

TestSuite(bus, .init = setup);

Test(bus, exit_port_ends_the_run)
{
	uint32_t v = PMSW_GUEST_FAILED;

	cr_expect(bus_access(&bus, BUS_PIO, PMSW_PORT_EXIT, &v, 4, true));
	cr_expect_eq(bus.stop, BUS_STOP_GUEST_EXIT);
	cr_expect(port.written);
	cr_expect_eq(port.status, PMSW_GUEST_FAILED);
}

/* The exit port takes one 32-bit write at its base; anything else is a
 * guest error that stops the run with the access named. */
Test(bus, exit_port_misuse)
{
	static const struct {
		uint64_t port;
		uint32_t len;
		bool write;
		const char *why;
	} cases[] = {
		{ PMSW_PORT_EXIT, 2, true, "guest wrote I/O port 0xf4 (size 2)" },
		{ PMSW_PORT_EXIT, 1, true, "guest wrote I/O port 0xf4 (size 1)" },
		{ PMSW_PORT_EXIT + 1, 1, true, "guest wrote I/O port 0xf5 (size 1)" },
		{ PMSW_PORT_EXIT, 4, false, "guest read I/O port 0xf4 (size 4)" },
	};

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++) {
		uint32_t v = 0;

		setup();
		cr_expect(bus_access(&bus, BUS_PIO, cases[i].port, &v, cases[i].len, cases[i].write));
		cr_expect_eq(bus.stop, BUS_STOP_DEVICE_ERROR, "case %zu", i);
		cr_expect_str_eq(bus.why, cases[i].why);
		cr_expect(!port.written);
	}
}

Test(bus, unclaimed)
{
	uint64_t v = 0;

	cr_expect(!bus_access(&bus, BUS_PIO, 0x80, &v, 1, true));
	cr_expect(!bus_access(&bus, BUS_MMIO, PMSW_PORT_EXIT, &v, 4, false), "spaces are apart");
	cr_expect_eq(v, 0xffffffffu, "an unclaimed read is all ones");
	cr_expect(!bus_access(&bus, BUS_PIO, PMSW_PORT_EXIT + 2, &v, 4, true), "straddles the end");
	cr_expect_eq(bus.stop, BUS_RUNNING);
}

Test(bus, first_stop_wins)
{
	uint32_t v = 0;

	bus_stop_device_error(&bus, "first %d", 1);
	cr_expect(bus_access(&bus, BUS_PIO, PMSW_PORT_EXIT, &v, 4, true));
	bus_stop_device_error(&bus, "second");
	cr_expect_eq(bus.stop, BUS_STOP_DEVICE_ERROR);
	cr_expect_str_eq(bus.why, "first 1");
}

Test(bus, full)
{
	struct bus_device d[BUS_MAX_DEVICES];

	for (unsigned int i = 1; i < BUS_MAX_DEVICES; i++)
		cr_expect_eq(bus_register(&bus, BUS_PIO, &d[i]), 0);
	cr_expect_lt(bus_register(&bus, BUS_PIO, &d[0]), 0);
	cr_expect_eq(bus_register(&bus, BUS_MMIO, &d[0]), 0, "each space has its own room");
}

/* A signal port pauses the run, once per byte written; the VMM resumes. */
Test(bus, landing_port_pauses)
{
	struct signal_port lp;
	uint8_t b = 0;
	uint16_t w = 0;

	signal_port_init(&lp, PMSW_PORT_LANDING);
	cr_assert_eq(bus_register(&bus, BUS_PIO, &lp.dev), 0);
	cr_expect(bus_access(&bus, BUS_PIO, PMSW_PORT_LANDING, &b, 1, true));
	cr_expect_eq(bus.stop, BUS_PAUSE);
	cr_expect_eq(lp.hits, 1);
	bus_resume(&bus);
	cr_expect_eq(bus.stop, BUS_RUNNING);
	cr_expect(bus_access(&bus, BUS_PIO, PMSW_PORT_LANDING, &b, 1, true));
	cr_expect_eq(lp.hits, 2);
	bus_resume(&bus);
	cr_expect(!bus_access(&bus, BUS_PIO, PMSW_PORT_LANDING, &w, 2, true), "one byte wide");
	cr_expect(bus_access(&bus, BUS_PIO, PMSW_PORT_LANDING, &b, 1, false));
	cr_expect_eq(bus.stop, BUS_STOP_DEVICE_ERROR, "a read is a guest error");
	cr_expect_str_eq(bus.why, "guest read I/O port 0xf8 (size 1)");
	bus_resume(&bus);
	cr_expect_eq(bus.stop, BUS_STOP_DEVICE_ERROR, "an error is not a pause");
}
