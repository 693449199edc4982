// SPDX-License-Identifier: MIT
/*
 * Hostile originals, one per CASE(name) below. tests/integration/hostile/
 * hostile.mk builds this file once per case, with -DHOSTILE_CASE=name, into
 * build/tests/hostile/name.elf. Each runs as the original of a piecemeal
 * pair, which needs no nested virtualization, so natively wherever /dev/kvm
 * runs a 64-bit guest; tests/integration/native/hostile-*.sh say what the
 * VMM must answer to each.
 *
 * A case that breaks the protocol never gets control back: the VMM stops
 * the vCPU at the access that broke it. not_reached() makes any case that
 * does come back show it.
 */
#include "hostile.h"

#define CASE(name) __attribute__((unused)) static long \
	case_##name(const struct pmsw_services *svc __attribute__((unused)))

static int owned;       /* take_over() ran: the switcher's console is gone */

__attribute__((noreturn)) static void not_reached(void)
{
	if (owned)
		raw_text("NOT REACHED");
	else
		svc_text("NOT REACHED");
	guest_exit(PMSW_GUEST_DONE);
}

/* The device ours, and one good record on our queue (record 2) first. */
static void own_device(void)
{
	take_over();
	owned = 1;
	raw_text("raw record before the violation");
}

static void status(uint32_t v) { reg_write(VIRTIO_MMIO_STATUS, v); }

#define S_ACK   VIRTIO_STATUS_ACKNOWLEDGE
#define S_DRV   VIRTIO_STATUS_DRIVER
#define S_FOK   VIRTIO_STATUS_FEATURES_OK
#define S_DOK   VIRTIO_STATUS_DRIVER_OK

/* ---- the status state machine and feature negotiation ----------------- */

CASE(status_reserved)
{
	status(0);
	status(0x10);
	not_reached();
}

CASE(status_clear)
{
	status(0);
	status(S_ACK);
	status(S_ACK | S_DRV);
	status(S_ACK);
	not_reached();
}

CASE(status_no_ack)
{
	status(0);
	status(S_DRV);
	not_reached();
}

CASE(status_no_driver)
{
	status(0);
	status(S_ACK);
	status(S_ACK | S_FOK);
	not_reached();
}

CASE(status_no_features)
{
	status(0);
	status(S_ACK);
	status(S_ACK | S_DRV);
	status(S_ACK | S_DRV | S_DOK);
	not_reached();
}

/* VIRTIO_F_INDIRECT_DESC (28) is not offered: FEATURES_OK does not stick,
 * and a driver that goes on regardless breaks the protocol. */
CASE(feature_indirect)
{
	negotiate(FEATURES_OK_ONLY | 1ull << 28);
	status(STATUS_LIVE);
	not_reached();
}

CASE(features_late)
{
	negotiate(FEATURES_OK_ONLY);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 0);
	not_reached();
}

CASE(features_word2)
{
	status(0);
	status(S_ACK);
	status(S_ACK | S_DRV);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 2);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 1);
	not_reached();
}

/* ---- queue set-up ------------------------------------------------------ */

static void queue_num(uint32_t sel, uint32_t num)
{
	reg_write(VIRTIO_MMIO_QUEUE_SEL, sel);
	reg_write(VIRTIO_MMIO_QUEUE_NUM, num);
}

CASE(queue_missing)
{
	negotiate(FEATURES_OK_ONLY);
	queue_num(2, HQ_SIZE);
	not_reached();
}

CASE(queue_num_odd)
{
	negotiate(FEATURES_OK_ONLY);
	queue_num(VIRTIO_CONSOLE_TX_QUEUE, 3);
	not_reached();
}

CASE(queue_num_big)
{
	negotiate(FEATURES_OK_ONLY);
	queue_num(VIRTIO_CONSOLE_TX_QUEUE, 512);
	not_reached();
}

CASE(queue_no_num)
{
	negotiate(FEATURES_OK_ONLY);
	reg_write(VIRTIO_MMIO_QUEUE_SEL, VIRTIO_CONSOLE_TX_QUEUE);
	set64(VIRTIO_MMIO_QUEUE_DESC_LOW, scratch_pa(HQ_DESC_VA));
	set64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, scratch_pa(HQ_AVAIL_VA));
	set64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, scratch_pa(HQ_USED_VA));
	reg_write(VIRTIO_MMIO_QUEUE_READY, 1);
	not_reached();
}

/* The queue's rings at desc, avail, used; then QueueReady. */
static void queue_at(uint64_t desc, uint64_t avail, uint64_t used)
{
	negotiate(FEATURES_OK_ONLY);
	queue_num(VIRTIO_CONSOLE_TX_QUEUE, HQ_SIZE);
	set64(VIRTIO_MMIO_QUEUE_DESC_LOW, desc);
	set64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, avail);
	set64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, used);
	reg_write(VIRTIO_MMIO_QUEUE_READY, 1);
}

CASE(queue_misaligned)
{
	queue_at(scratch_pa(HQ_DESC_VA) + 8, scratch_pa(HQ_AVAIL_VA), scratch_pa(HQ_USED_VA));
	not_reached();
}

CASE(ring_past_ram)
{
	queue_at(0xf0000000u, scratch_pa(HQ_AVAIL_VA), scratch_pa(HQ_USED_VA));
	not_reached();
}

/* The used ring's last bytes past the end of RAM. */
CASE(ring_end_of_ram)
{
	queue_at(scratch_pa(HQ_DESC_VA), scratch_pa(HQ_AVAIL_VA), BI->ram_size - 8);
	not_reached();
}

/* An address RAM has in its low 32 bits, with a high word. */
CASE(ring_high)
{
	queue_at(scratch_pa(HQ_DESC_VA) | 1ull << 32, scratch_pa(HQ_AVAIL_VA),
		 scratch_pa(HQ_USED_VA));
	not_reached();
}

CASE(ring_moved_live)
{
	negotiate(FEATURES_OK_ONLY);
	queue_setup(HQ_SIZE);
	reg_write(VIRTIO_MMIO_QUEUE_DESC_LOW, 0);
	not_reached();
}

CASE(notify_early)
{
	negotiate(FEATURES_OK_ONLY);
	queue_setup(HQ_SIZE);
	reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	not_reached();
}

/* The switcher never set up the receive queue. */
CASE(notify_unready)
{
	reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_RX_QUEUE);
	not_reached();
}

/* ---- every register a driver may write, written wrong while live ------ */
/* (mmio_write_sweep writes all the others.) */

static long write_live(unsigned int off)
{
	reg_write(off, 0xffffffffu);
	not_reached();
}

CASE(write_020) { return write_live(0x020); }
CASE(write_038) { return write_live(0x038); }
CASE(write_044) { return write_live(0x044); }
CASE(write_050) { return write_live(0x050); }
CASE(write_070) { return write_live(0x070); }
CASE(write_080) { return write_live(0x080); }
CASE(write_084) { return write_live(0x084); }
CASE(write_090) { return write_live(0x090); }
CASE(write_094) { return write_live(0x094); }
CASE(write_0a0) { return write_live(0x0a0); }
CASE(write_0a4) { return write_live(0x0a4); }

/* ---- descriptor chains ------------------------------------------------- */

#define DATA_PA         scratch_pa(HQ_DATA_VA)

CASE(desc_loop)
{
	own_device();
	desc_set(0, DATA_PA, 1, VIRTQ_DESC_F_NEXT, 1);
	desc_set(1, DATA_PA, 1, VIRTQ_DESC_F_NEXT, 0);
	post(0);
	not_reached();
}

CASE(desc_self_loop)
{
	own_device();
	desc_set(7, DATA_PA, 1, VIRTQ_DESC_F_NEXT, 7);
	post(7);
	not_reached();
}

CASE(chain_next_range)
{
	own_device();
	desc_set(0, DATA_PA, 1, VIRTQ_DESC_F_NEXT, HQ_SIZE);
	post(0);
	not_reached();
}

CASE(avail_head_range)
{
	own_device();
	desc_set(0, DATA_PA, 1, 0, 0);
	post(HQ_SIZE);
	not_reached();
}

CASE(avail_idx_ahead)
{
	own_device();
	hq_avail->idx = (uint16_t)(hq_avail_idx + HQ_SIZE + 1);
	reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	not_reached();
}

CASE(buf_past_ram)
{
	own_device();
	desc_set(0, BI->ram_size - 8, 16, 0, 0);
	post(0);
	not_reached();
}

/* The device's own registers are not RAM. */
CASE(buf_device)
{
	own_device();
	desc_set(0, PMSW_MMIO_GPA, 4, 0, 0);
	post(0);
	not_reached();
}

CASE(buf_wrap)
{
	own_device();
	desc_set(0, 0xfffffffffffffff0ull, 0x20, 0, 0);
	post(0);
	not_reached();
}

CASE(desc_indirect)
{
	own_device();
	desc_set(0, DATA_PA, 16, VIRTQ_DESC_F_INDIRECT, 0);
	post(0);
	not_reached();
}

CASE(readable_after_writable)
{
	own_device();
	desc_set(0, DATA_PA, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	desc_set(1, DATA_PA + 16, 16, 0, 0);
	post(0);
	not_reached();
}

/* Two buffers in RAM (run with --memory 3072: 3 GiB) that make 4 GiB
 * together. */
CASE(chain_4g)
{
	own_device();
	desc_set(0, 0, 0x80000000u, VIRTQ_DESC_F_NEXT, 1);
	desc_set(1, 0x40000000u, 0x80000000u, 0, 0);
	post(0);
	not_reached();
}

/* A good record in the first buffer, the second buffer past RAM: the
 * chain is refused whole, and the good record never arrives. */
CASE(half_chain)
{
	struct pmsw_record h;
	static const char body[] = "HALF A CHAIN";

	own_device();
	h = rec_header(PMSW_EV_TEXT, sizeof(body) - 1);
	memcpy(hq_data, &h, sizeof(h));
	memcpy(hq_data + sizeof(h), body, sizeof(body) - 1);
	desc_set(0, DATA_PA, (uint32_t)(sizeof(h) + sizeof(body) - 1), VIRTQ_DESC_F_NEXT, 1);
	desc_set(1, BI->ram_size, 1, 0, 0);
	post(0);
	not_reached();
}

/* Two chains in one notify: the first good, the second a loop. The first
 * is delivered before the second is looked at. */
CASE(second_chain_bad)
{
	struct pmsw_record h;
	static const char body[] = "first chain of the notify";

	own_device();
	h = rec_header(PMSW_EV_TEXT, sizeof(body) - 1);
	memcpy(hq_data, &h, sizeof(h));
	memcpy(hq_data + sizeof(h), body, sizeof(body) - 1);
	desc_set(0, DATA_PA, (uint32_t)(sizeof(h) + sizeof(body) - 1), 0, 0);
	desc_set(1, DATA_PA, 1, VIRTQ_DESC_F_NEXT, 1);
	hq_avail->ring[hq_avail_idx++ % HQ_SIZE] = 0;
	hq_avail->ring[hq_avail_idx++ % HQ_SIZE] = 1;
	__asm__ volatile("" : : : "memory");
	hq_avail->idx = hq_avail_idx;
	reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
	not_reached();
}

/* ---- records ------------------------------------------------------------ */

/* After the garbage, a good record the VMM must not show, and the end. */
__attribute__((noreturn)) static void after_garbage(void)
{
	raw_text("NOT SHOWN after the garbage");
	guest_exit(PMSW_GUEST_DONE);
}

__attribute__((noreturn)) static void bad_record(struct pmsw_record h, uint32_t body_len)
{
	static const uint8_t zeros[PMSW_RECORD_MAX];

	raw_record(&h, zeros, body_len);
	after_garbage();
}

CASE(rec_magic)
{
	struct pmsw_record h;

	own_device();
	h = rec_header(PMSW_EV_TEXT, 4);
	h.magic = 0xdeadbeefu;
	bad_record(h, 4);
}

CASE(rec_long)
{
	struct pmsw_record h;

	own_device();
	h = rec_header(PMSW_EV_TEXT, 0);
	h.length = PMSW_RECORD_MAX + 1;
	bad_record(h, 0);
}

CASE(rec_short)
{
	struct pmsw_record h;

	own_device();
	h = rec_header(PMSW_EV_TEXT, 0);
	h.length = sizeof(h) - 1;
	bad_record(h, 0);
}

CASE(rec_event)
{
	own_device();
	bad_record(rec_header(0x63, 0), 0);
}

CASE(rec_event0)
{
	own_device();
	bad_record(rec_header(0, 0), 0);
}

CASE(rec_seq)
{
	struct pmsw_record h;

	own_device();
	h = rec_header(PMSW_EV_TEXT, 0);
	h.seq = 0x99;
	bad_record(h, 0);
}

CASE(rec_ctx)
{
	struct pmsw_record h;

	own_device();
	h = rec_header(PMSW_EV_TEXT, 0);
	h.ctx = 'X';
	bad_record(h, 0);
}

CASE(rec_body)
{
	own_device();
	bad_record(rec_header(PMSW_EV_TARGET_DONE, 3), 3);
}

CASE(rec_unexpected_body)
{
	own_device();
	bad_record(rec_header(PMSW_EV_VMXON, 8), 8);
}

/* A record's first 30 bytes, then the end of the run. */
CASE(rec_truncated)
{
	struct pmsw_record h;

	own_device();
	h = rec_header(PMSW_EV_TEXT, 100);
	memcpy(hq_data, &h, sizeof(h));
	memcpy(hq_data + sizeof(h), "trunc.", 6);
	desc_set(0, DATA_PA, 30, 0, 0);
	post(0);
	guest_exit(PMSW_GUEST_DONE);
}

/* 4 KiB of noise (xorshift64). */
CASE(rec_noise)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;

	own_device();
	for (unsigned int i = 0; i < 4096; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(hq_data + i, &x, 8);
	}
	desc_set(0, DATA_PA, 4096, 0, 0);
	post(0);
	after_garbage();
}

/* Half a record, then a descriptor loop: the run ends for the loop, and
 * the record it cut short is no error of its own. */
CASE(rec_cut_by_violation)
{
	struct pmsw_record h;

	own_device();
	h = rec_header(PMSW_EV_TEXT, 100);
	memcpy(hq_data, &h, sizeof(h));
	desc_set(0, DATA_PA, 30, 0, 0);
	post(0);
	desc_set(1, DATA_PA, 1, VIRTQ_DESC_F_NEXT, 1);
	post(1);
	not_reached();
}

/* Every record of a piecemeal switch, well formed, from the original that
 * never switched, and the landing port written from here: the records
 * say "switched", the vCPU says otherwise. */
CASE(forge_pass)
{
	struct pmsw_ev_piece piece;
	struct pmsw_ev_done done = { .status = 0 };

	own_device();
	raw_event(PMSW_EV_SWITCH_START, 0, 0);
	for (uint32_t what = PMSW_PIECE_CR3; what <= PMSW_PIECE_CR0; what++) {
		memset(&piece, 0, sizeof(piece));
		piece.what = what;
		raw_event(PMSW_EV_PIECE, &piece, sizeof(piece));
	}
	out8(PMSW_PORT_LANDING, 0);
	raw_event(PMSW_EV_ENTER_TARGET, 0, 0);
	raw_event(PMSW_EV_TARGET_DONE, &done, sizeof(done));
	guest_exit(PMSW_GUEST_DONE);
}

/* ---- MMIO of every width at every offset of the device's window -------- */

static const unsigned int widths[] = { 1, 2, 4, 8 };

/* What each width reads back, where it is not 0, as one text record. */
CASE(mmio_read_sweep)
{
	char line[PMSW_TEXT_MAX];
	char *p = line;

	for (unsigned int k = 0; k < 4; k++) {
		unsigned int w = widths[k];

		p = put_str(p, k ? "; w" : "w");
		p = put_hex(p, w);
		*p++ = ':';
		for (unsigned int off = 0; off + w <= PMSW_MMIO_SLOT_SIZE; off++) {
			uint64_t v = mmio_read(MMIO + off, w);

			if (!v)
				continue;
			if (p + 30 > line + sizeof(line))
				return 1;
			*p++ = ' ';
			p = put_hex(p, off);
			*p++ = '=';
			p = put_hex(p, v);
		}
	}
	hq_svc->write(line, (unsigned long)(p - line));
	return 0;
}

/* The registers a driver writes to set the device up or use it: written
 * wrong while it is live, each breaks the protocol (write_NNN cases). */
static int live_register(unsigned int off)
{
	switch (off) {
	case VIRTIO_MMIO_DRIVER_FEATURES: case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_READY: case VIRTIO_MMIO_QUEUE_NOTIFY: case VIRTIO_MMIO_STATUS:
	case VIRTIO_MMIO_QUEUE_DESC_LOW: case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW: case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW: case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		return 1;
	}
	return 0;
}

/* All ones, at every width and offset but those: each write is one the
 * device ignores (a width or alignment the spec leaves undefined, a
 * read-only or reserved register, the selectors, InterruptACK, emerg_wr
 * with a character that is not printable); the console still works after. */
CASE(mmio_write_sweep)
{
	char line[96];
	char *p = line;

	for (unsigned int k = 0; k < 4; k++) {
		unsigned int w = widths[k];

		for (unsigned int off = 0; off + w <= PMSW_MMIO_SLOT_SIZE; off++)
			if (!(w == 4 && off % 4 == 0 && live_register(off)))
				mmio_write(MMIO + off, w, ~0ull);
	}
	reg_write(VIRTIO_MMIO_QUEUE_SEL, VIRTIO_CONSOLE_TX_QUEUE);
	p = put_str(p, "after the writes: status=");
	p = put_hex(p, reg_read(VIRTIO_MMIO_STATUS));
	p = put_str(p, " transmitq-ready=");
	p = put_hex(p, reg_read(VIRTIO_MMIO_QUEUE_READY));
	p = put_str(p, " interrupt-status=");
	p = put_hex(p, reg_read(VIRTIO_MMIO_INTERRUPT_STATUS));
	hq_svc->write(line, (unsigned long)(p - line));
	return 0;
}

/* The mapping of the device is a page; the device is its first 0x200 bytes. */
CASE(mmio_past_window)
{
	mmio_read(MMIO + PMSW_MMIO_SLOT_SIZE, 4);
	not_reached();
}

CASE(mmio_straddle_read)
{
	mmio_read(MMIO + PMSW_MMIO_SLOT_SIZE - 4, 8);
	not_reached();
}

CASE(mmio_straddle_write)
{
	mmio_write(MMIO + PMSW_MMIO_SLOT_SIZE - 1, 2, 0);
	not_reached();
}

CASE(mmio_page_end)
{
	mmio_write(MMIO + PMSW_MMIO_MAP_SIZE - 1, 1, 0);
	not_reached();
}

/* ---- the I/O ports ------------------------------------------------------ */

static inline void out_w(uint16_t port, unsigned int w, uint32_t v)
{
	if (w == 1)
		__asm__ volatile("outb %0, %1" : : "a"((uint8_t)v), "Nd"(port) : "memory");
	else if (w == 2)
		__asm__ volatile("outw %0, %1" : : "a"((uint16_t)v), "Nd"(port) : "memory");
	else
		__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint32_t in_l(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

/* The exit port takes a 32-bit status only. */
CASE(port_exit_byte)
{
	out_w(PMSW_PORT_EXIT, 1, 0);
	not_reached();
}

CASE(port_exit_read)
{
	in_l(PMSW_PORT_EXIT);
	not_reached();
}

/* The signal ports take one byte. */
CASE(port_landing_wide)
{
	out_w(PMSW_PORT_LANDING, 4, 0);
	not_reached();
}

CASE(port_unknown)
{
	out_w(0x80, 1, 0);
	not_reached();
}

/* ---- floods -------------------------------------------------------------- */

/* Far more records than the VMM keeps, each a full text record of bytes
 * that are not printable (the widest to show), through our own queue, 24
 * records a buffer (12 KiB, past any buffer of the switcher's or the
 * decoder's); then the end of the run. From one buffer to the next only
 * the sequence numbers change: one store a record (stores to these pages
 * may each cost an exit). */
#define FLOOD_RECORDS   30000u
_Static_assert(__builtin_offsetof(struct pmsw_record, seq) == 8 &&
	       __builtin_offsetof(struct pmsw_record, ctx) == 12, "record header layout");

CASE(raw_flood)
{
	const uint32_t per = HQ_DATA_SIZE / PMSW_RECORD_MAX;
	struct pmsw_record h;

	own_device();
	h = rec_header(PMSW_EV_TEXT, PMSW_TEXT_MAX);
	for (uint32_t i = 0; i < per; i++) {
		memcpy(hq_data + i * PMSW_RECORD_MAX, &h, sizeof(h));
		memset(hq_data + i * PMSW_RECORD_MAX + sizeof(h), 1, PMSW_TEXT_MAX);
	}
	desc_set(0, DATA_PA, per * PMSW_RECORD_MAX, 0, 0);
	for (uint32_t n = 0; n < FLOOD_RECORDS; n += per) {
		/* seq, ctx and reserved, at offset 8: one 8-byte store */
		for (uint32_t i = 0; i < per; i++)
			*(volatile uint64_t *)(HQ_DATA_VA + i * PMSW_RECORD_MAX + 8) =
				hq_seq++ | (uint64_t)PMSW_CTX_ORIGINAL << 32;
		post(0);
	}
	guest_exit(PMSW_GUEST_DONE);
}

/* Emergency writes, 40 times what the VMM keeps of them: printable, so
 * each could be kept. */
CASE(emerg_flood)
{
	for (unsigned int i = 0; i < 10000; i++)
		reg_write(VIRTIO_MMIO_CONFIG + VIRTIO_CONSOLE_CONFIG_EMERG_WR, 'A');
	svc->exit(1);
	return 1;
}

/* ---------------------------------------------------------------------------- */

#define STR_(x) #x
#define STR(x) STR_(x)
#define CASE_FN_(x) case_##x
#define CASE_FN(x) CASE_FN_(x)

long pmsw_entry(const struct pmsw_services *svc)
{
	hostile_begin(svc, STR(HOSTILE_CASE));
	return CASE_FN(HOSTILE_CASE)(svc);
}
