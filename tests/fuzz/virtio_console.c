// SPDX-License-Identifier: MIT
/*
 * The virtio-mmio transport and the console behind it, on the MMIO bus, as
 * a hostile guest drives them. The input is a program, one operation after
 * another; its first byte's bits 0-1 say which, bits 2-4 an MMIO width - 1:
 *   0 MMIO write: 16-bit offset from the console's base, value (width bytes)
 *   1 MMIO read:  16-bit offset
 *   2 RAM write:  16-bit guest address, 16-bit length, bytes (descriptors,
 *                 rings, buffers: 64 KiB of RAM, so any address is in it)
 *   3 register write: 32-bit value to control register 4 * (byte % 64)
 * What the console transmits goes to the record decoder, as in the VMM;
 * its "broken" report stops the bus the same way. Guest RAM is heap memory
 * here, so AddressSanitizer sees any access past its end; beyond that, a
 * read must fill every byte and a transmitted buffer must lie in RAM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmswitch/layout.h>

#include "fuzz.h"
#include "hw/bus.h"
#include "report/record_log.h"
#include "report/report_decode.h"
#include "virtio/virtio_console.h"

#define RAM     (64u << 10)
#define BASE    PMSW_MMIO_CONSOLE_GPA

struct rig {
	struct guest_mem mem;
	struct bus bus;
	struct report_decoder decoder;
	struct record_log log;
	unsigned int emerg;
};

static void broken(const char *what, unsigned long long a)
{
	fprintf(stderr, "virtio_console: %s (0x%llx)\n", what, a);
	abort();
}

static void on_tx(void *ctx, const uint8_t *buf, size_t len)
{
	struct rig *g = ctx;

	if (buf < g->mem.host || len > RAM || (size_t)(buf - g->mem.host) > RAM - len)
		broken("a transmitted buffer lies outside guest RAM", len);
	report_decoder_feed(&g->decoder, buf, len);
}

static void on_emerg(void *ctx, uint8_t ch)
{
	((struct rig *)ctx)->emerg++;
}

static void on_broken(void *ctx, const char *reason)
{
	bus_stop_device_error(&((struct rig *)ctx)->bus, "virtio-console: %s", reason);
}

/* Reads have no side effects: the same read over two different fillings
 * shows whether the device left any byte unwritten. */
static void mmio_read(struct rig *g, uint64_t addr, uint32_t len)
{
	uint8_t a[8], b[8];

	memset(a, 0x00, sizeof(a));
	memset(b, 0xff, sizeof(b));
	bus_access(&g->bus, BUS_MMIO, addr, a, len, false);
	bus_access(&g->bus, BUS_MMIO, addr, b, len, false);
	if (memcmp(a, b, len))
		broken("a read left bytes unwritten at", addr);
}

static void run(struct rig *g, struct fuzz_input *in)
{
	while (in->n) {
		unsigned int op = (unsigned int)fuzz_take(in, 1);
		uint32_t len = 1 + (op >> 2 & 7);
		uint64_t v = 0, off;
		size_t got;
		const uint8_t *p;

		switch (op & 3) {
		case 0:
			off = fuzz_take(in, 2);
			v = fuzz_take(in, len);
			bus_access(&g->bus, BUS_MMIO, BASE + off, &v, len, true);
			break;
		case 1:
			mmio_read(g, BASE + fuzz_take(in, 2), len);
			break;
		case 2:
			off = fuzz_take(in, 2);
			p = fuzz_take_bytes(in, fuzz_take(in, 2), &got);
			if (got > RAM - off)
				got = RAM - off;
			memcpy(g->mem.host + off, p, got);
			break;
		case 3:
			off = 4 * (fuzz_take(in, 1) % 64);
			v = fuzz_take(in, 4);
			bus_access(&g->bus, BUS_MMIO, BASE + off, &v, 4, true);
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct rig g = { .mem = { .host = calloc(1, RAM), .size = RAM } };
	const struct virtio_console_sink s = {
		.ctx = &g, .tx = on_tx, .emerg = on_emerg, .broken = on_broken,
	};
	struct virtio_console *con = virtio_console_create(&g.mem, BASE, &s);

	if (!g.mem.host || !con || bus_register(&g.bus, BUS_MMIO, virtio_console_device(con)))
		broken("cannot set the console up", 0);
	report_decoder_init(&g.decoder, record_log_add, &g.log);
	record_log_init(&g.log, NULL, 0);
	run(&g, &in);
	report_decoder_ok(&g.decoder);
	virtio_console_destroy(con);
	record_log_free(&g.log);
	free(g.mem.host);
	return 0;
}
