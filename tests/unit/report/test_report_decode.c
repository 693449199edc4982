// SPDX-License-Identifier: MIT
/* The record decoder against well-formed streams, every way of splitting
 * them, and hostile bytes: nothing may be delivered after the first error. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "report/report_decode.h"

struct sink {
	unsigned int n;
	uint16_t events[16];
	size_t body_len[16];
	char text[256];
};

static void on_record(void *ctx, const struct pmsw_record *h, const void *body, size_t len)
{
	struct sink *s = ctx;

	if (s->n < 16) {
		s->events[s->n] = h->event;
		s->body_len[s->n] = len;
	}
	s->n++;
	if (h->event == PMSW_EV_TEXT && len < sizeof(s->text))
		memcpy(s->text, body, len);
}

/* Appends one record to buf at *off. */
static void put(uint8_t *buf, size_t *off, uint16_t ev, uint32_t seq, const void *body, size_t len)
{
	struct pmsw_record h = {
		.magic = PMSW_RECORD_MAGIC, .event = ev, .length = (uint16_t)(sizeof(h) + len),
		.seq = seq, .ctx = PMSW_CTX_ORIGINAL, .tsc = 1000 + seq,
	};

	memcpy(buf + *off, &h, sizeof(h));
	if (len)        /* body may be NULL when len is 0 */
		memcpy(buf + *off + sizeof(h), body, len);
	*off += sizeof(h) + len;
}

static size_t good_stream(uint8_t *buf)
{
	struct pmsw_regs r = { .cr0 = 0x80000011 };
	struct pmsw_ev_done d = { .status = 7 };
	size_t off = 0;

	put(buf, &off, PMSW_EV_ENTER_ORIGINAL, 0, &r, sizeof(r));
	put(buf, &off, PMSW_EV_TEXT, 1, "hello", 5);
	put(buf, &off, PMSW_EV_VMXON, 2, NULL, 0);
	put(buf, &off, PMSW_EV_TARGET_DONE, 3, &d, sizeof(d));
	return off;
}

Test(report_decode, whole_stream)
{
	uint8_t buf[1024];
	size_t len = good_stream(buf);
	struct sink s = { 0 };
	struct report_decoder d;

	report_decoder_init(&d, on_record, &s);
	report_decoder_feed(&d, buf, len);
	cr_assert(report_decoder_ok(&d), "%s", d.error);
	cr_assert_eq(s.n, 4);
	cr_assert_eq(s.events[0], PMSW_EV_ENTER_ORIGINAL);
	cr_assert_eq(s.body_len[0], sizeof(struct pmsw_regs));
	cr_assert_str_eq(s.text, "hello");
	cr_assert_eq(s.events[3], PMSW_EV_TARGET_DONE);
}

/* Buffers may split records anywhere: feed in every chunk size. */
Test(report_decode, any_split)
{
	uint8_t buf[1024];
	size_t len = good_stream(buf);

	for (size_t chunk = 1; chunk <= len; chunk++) {
		struct sink s = { 0 };
		struct report_decoder d;

		report_decoder_init(&d, on_record, &s);
		for (size_t off = 0; off < len; off += chunk)
			report_decoder_feed(&d, buf + off, len - off < chunk ? len - off : chunk);
		cr_assert(report_decoder_ok(&d), "chunk %zu: %s", chunk, d.error);
		cr_assert_eq(s.n, 4, "chunk %zu", chunk);
	}
}

Test(report_decode, truncated_at_end)
{
	uint8_t buf[1024];
	size_t len = good_stream(buf);
	struct sink s = { 0 };
	struct report_decoder d;

	report_decoder_init(&d, on_record, &s);
	report_decoder_feed(&d, buf, len - 3);
	cr_assert_eq(s.n, 3);
	cr_assert_not(report_decoder_ok(&d));
	cr_assert(strstr(d.error, "truncated"), "%s", d.error);
}

/* Hostile header fields: offset and value to write over the 2nd record. */
struct mutation {
	char name[24];
	unsigned int off, size;
	uint32_t value;
	char error[32];
};

static struct mutation mutations[] = {
	{ "magic", 0, 4, 0x41414141, "bad magic" },
	{ "length-short", 6, 2, 3, "bad length" },
	{ "length-huge", 6, 2, 0xffff, "bad length" },
	{ "event-zero", 4, 2, 0, "unknown event" },
	{ "event-max", 4, 2, PMSW_EV_MAX, "unknown event" },
	{ "seq-replay", 8, 4, 0, "out of sequence" },
	{ "seq-skip", 8, 4, 9, "out of sequence" },
	{ "ctx", 12, 1, 'X', "bad context tag" },
};

ParameterizedTestParameters(report_decode, hostile_header)
{
	return cr_make_param_array(struct mutation, mutations, PMSW_ARRAY_SIZE(mutations));
}

ParameterizedTest(struct mutation *m, report_decode, hostile_header)
{
	uint8_t buf[1024];
	size_t len = good_stream(buf), second = sizeof(struct pmsw_record) + sizeof(struct pmsw_regs);
	struct sink s = { 0 };
	struct report_decoder d;

	memcpy(buf + second + m->off, &m->value, m->size);
	report_decoder_init(&d, on_record, &s);
	report_decoder_feed(&d, buf, len);
	cr_assert_eq(s.n, 1, "%s: only the record before the bad one is delivered", m->name);
	cr_assert(d.broken);
	cr_assert(strstr(d.error, m->error), "%s: '%s'", m->name, d.error);
	/* Broken stays broken: a good record afterwards is ignored. */
	report_decoder_feed(&d, buf, second);
	cr_assert_eq(s.n, 1);
	cr_assert_not(report_decoder_ok(&d));
}

/* Body sizes must match the event exactly (or be empty where optional). */
Test(report_decode, body_sizes)
{
	static const struct { uint16_t ev; size_t len; int ok; } cases[] = {
		{ PMSW_EV_VMXON, 0, 1 }, { PMSW_EV_VMXON, 1, 0 },
		{ PMSW_EV_ENTER_TARGET, 0, 1 }, { PMSW_EV_ENTER_TARGET, sizeof(struct pmsw_regs), 1 },
		{ PMSW_EV_ENTER_TARGET, sizeof(struct pmsw_regs) - 8, 0 },
		{ PMSW_EV_EXCEPTION, sizeof(struct pmsw_ev_exception), 1 },
		{ PMSW_EV_EXCEPTION, 0, 0 }, { PMSW_EV_VMFAIL, sizeof(struct pmsw_ev_vmfail) + 1, 0 },
		{ PMSW_EV_VMEXIT, sizeof(struct pmsw_ev_vmexit), 1 }, { PMSW_EV_TEXT, 0, 1 },
		{ PMSW_EV_TEXT, PMSW_TEXT_MAX, 1 }, { PMSW_EV_TEXT, PMSW_TEXT_MAX + 1, 0 },
	};
	uint8_t body[PMSW_RECORD_MAX] = { 0 }, buf[2 * PMSW_RECORD_MAX];

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++) {
		struct sink s = { 0 };
		struct report_decoder d;
		size_t off = 0;

		put(buf, &off, cases[i].ev, 0, body, cases[i].len);
		report_decoder_init(&d, on_record, &s);
		report_decoder_feed(&d, buf, off);
		cr_assert_eq(report_decoder_ok(&d), cases[i].ok, "case %zu: %s", i, d.error);
		cr_assert_eq(s.n, (unsigned int)cases[i].ok, "case %zu", i);
	}
}

/* Random garbage never delivers a record and never reads out of bounds. */
Test(report_decode, garbage)
{
	uint8_t buf[4096];
	uint32_t x = 0x12345678;

	for (int round = 0; round < 200; round++) {
		struct sink s = { 0 };
		struct report_decoder d;

		for (size_t i = 0; i < sizeof(buf); i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (uint8_t)(x >> 16);
		}
		report_decoder_init(&d, on_record, &s);
		report_decoder_feed(&d, buf, sizeof(buf));
		cr_assert_eq(s.n, 0);
		cr_assert_not(report_decoder_ok(&d));
	}
}
