// SPDX-License-Identifier: MIT
/* Descriptor encoders: known encodings (as Linux and the SDM write them) and round trips. */
#include <criterion/criterion.h>
#include <stddef.h>
#include <string.h>

#include "context/descriptors.h"

Test(descriptors, flat_segments)
{
	cr_expect_eq(desc_code32_flat(), 0x00cf9a000000ffffull);
	cr_expect_eq(desc_data32_flat(), 0x00cf92000000ffffull);
	cr_expect_eq(desc_code64(), 0x00af9a000000ffffull);
}

Test(descriptors, flat_decode)
{
	struct desc_seg d;

	desc_decode(desc_code32_flat(), &d);
	cr_expect_eq(d.base, 0);
	cr_expect_eq(d.limit, 0xffffffff, "G scales the limit to 4 GiB");
	cr_expect_eq(d.type, DESC_TYPE_CODE_XR);
	cr_expect(d.s && d.present && d.db && d.g);
	cr_expect(!d.l && !d.avl && !d.dpl);

	desc_decode(desc_code64(), &d);
	cr_expect(d.l && !d.db, "L=1 needs D=0");
}

/* Base 0x12345678: bits 15:0 at 31:16, 23:16 at 39:32, 31:24 at 63:56. */
Test(descriptors, tss32)
{
	cr_expect_eq(desc_tss32(0x12345678, 103, 0), 0x1200893456780067ull);
	cr_expect_eq(desc_tss32(0x12345678, 103, 1), 0x12008b3456780067ull);
	cr_expect_eq(desc_tss32(0xfedcba98, 0xfffff, 0), 0xfe0f89dcba98ffffull);
}

Test(descriptors, tss64)
{
	uint64_t d[2];
	struct desc_seg s;

	desc_tss64(d, 0xffff888012345678ull, 103, 1);
	cr_expect_eq(d[0], 0x12008b3456780067ull);
	cr_expect_eq(d[1], 0x00000000ffff8880ull, "bits 127:96 stay zero");
	desc_decode16(d, &s);
	cr_expect_eq(s.base, 0xffff888012345678ull);
	cr_expect_eq(s.limit, 103);
	cr_expect_eq(s.type, DESC_TYPE_TSS32_BUSY);
	cr_expect(!s.s && s.present && !s.g);
}

/* Offset 0x89abcdef: bits 15:0 at 15:0, 31:16 at 63:48; selector at 31:16. */
Test(descriptors, gates)
{
	uint64_t d[2];
	struct desc_gate g;

	cr_expect_eq(desc_int_gate32(0x0008, 0x89abcdef), 0x89ab8e000008cdefull);
	desc_int_gate64(d, 0x0008, 0xffffffff81234567ull, 0);
	cr_expect_eq(d[0], 0x81238e0000084567ull);
	cr_expect_eq(d[1], 0x00000000ffffffffull);
	desc_int_gate64(d, 0x0010, 0x401000, 3);
	cr_expect_eq(d[0], 0x00408e0300101000ull, "IST in bits 34:32");
	desc_gate_decode16(d, &g);
	cr_expect_eq(g.offset, 0x401000);
	cr_expect_eq(g.selector, 0x10);
	cr_expect_eq(g.ist, 3);
	cr_expect_eq(g.type, DESC_TYPE_INT_GATE32);
	cr_expect(g.present && !g.dpl);
}

static void expect_seg_eq(const struct desc_seg *a, const struct desc_seg *b, const char *what)
{
	cr_expect_eq(a->base, b->base, "%s: base %#lx != %#lx", what, a->base, b->base);
	cr_expect_eq(a->limit, b->limit, "%s: limit %#x != %#x", what, a->limit, b->limit);
	cr_expect_eq(a->type, b->type, "%s: type", what);
	cr_expect_eq(a->s, b->s, "%s: s", what);
	cr_expect_eq(a->dpl, b->dpl, "%s: dpl", what);
	cr_expect_eq(a->present, b->present, "%s: present", what);
	cr_expect_eq(a->avl, b->avl, "%s: avl", what);
	cr_expect_eq(a->l, b->l, "%s: l", what);
	cr_expect_eq(a->db, b->db, "%s: db", what);
	cr_expect_eq(a->g, b->g, "%s: g", what);
}

Test(descriptors, segment_round_trip)
{
	static const struct desc_seg cases[] = {
		{ 0, 0xffffffff, DESC_TYPE_CODE_XR, 1, 0, 1, 0, 0, 1, 1 },
		{ 0, 0xffffffff, DESC_TYPE_DATA_RW, 1, 0, 1, 0, 0, 1, 1 },
		{ 0, 0xffffffff, DESC_TYPE_CODE_XR, 1, 0, 1, 0, 1, 0, 1 },
		{ 0x12345678, 0xabcde, DESC_TYPE_DATA_RW | DESC_TYPE_ACCESSED, 1, 3, 1, 1, 0, 1, 0 },
		{ 0xfedcba98, 0x1234fff, DESC_TYPE_CODE_XR, 1, 2, 0, 0, 0, 0, 1 },
		{ 0x00400000, 103, DESC_TYPE_TSS32_AVAIL, 0, 0, 1, 0, 0, 0, 0 },
		{ 0xffffffff, 0, DESC_TYPE_TSS32_BUSY, 0, 1, 1, 1, 0, 0, 0 },
	};

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++) {
		struct desc_seg d;
		uint64_t w[2];

		desc_decode(desc_encode(&cases[i]), &d);
		expect_seg_eq(&d, &cases[i], "8-byte");
		desc_encode16(&cases[i], w);
		desc_decode16(w, &d);
		expect_seg_eq(&d, &cases[i], "16-byte");
	}
}

Test(descriptors, system_round_trip_64bit_base)
{
	struct desc_seg in = { .base = 0x7fffdeadbeef1000ull, .limit = 0xfffff,
			       .type = DESC_TYPE_TSS32_AVAIL, .present = 1 }, out;
	uint64_t w[2];

	desc_encode16(&in, w);
	desc_decode16(w, &out);
	expect_seg_eq(&out, &in, "TSS64");
	desc_decode(w[0], &out);
	cr_expect_eq(out.base, 0xbeef1000, "the 8-byte view drops bits 63:32");
}

static void expect_gate_eq(const struct desc_gate *a, const struct desc_gate *b, size_t i)
{
	cr_expect_eq(a->offset, b->offset, "gate %zu: offset %#lx != %#lx", i, a->offset, b->offset);
	cr_expect_eq(a->selector, b->selector, "gate %zu: selector", i);
	cr_expect_eq(a->type, b->type, "gate %zu: type", i);
	cr_expect_eq(a->dpl, b->dpl, "gate %zu: dpl", i);
	cr_expect_eq(a->present, b->present, "gate %zu: present", i);
	cr_expect_eq(a->ist, b->ist, "gate %zu: ist", i);
}

Test(descriptors, gate_round_trip)
{
	static const struct desc_gate cases[] = {
		{ 0x00401000, 0x08, DESC_TYPE_INT_GATE32, 0, 1, 0 },
		{ 0xffffffff, 0xffff, DESC_TYPE_TRAP_GATE32, 3, 1, 0 },
		{ 0x12345678, 0x10, DESC_TYPE_INT_GATE32, 1, 0, 0 },
	};
	static const struct desc_gate wide[] = {
		{ 0xffffffff81234567ull, 0x08, DESC_TYPE_INT_GATE32, 0, 1, 1 },
		{ 0x00007fffffffe000ull, 0x10, DESC_TYPE_TRAP_GATE32, 3, 1, 7 },
	};
	struct desc_gate g;
	uint64_t w[2];

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(cases); i++) {
		desc_gate_decode(desc_gate_encode(&cases[i]), &g);
		expect_gate_eq(&g, &cases[i], i);
	}
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(wide); i++) {
		desc_gate_encode16(&wide[i], w);
		desc_gate_decode16(w, &g);
		expect_gate_eq(&g, &wide[i], 100 + i);
		cr_expect_eq(w[1] >> 32, 0, "reserved bits stay zero");
	}
}

Test(descriptors, tss_layouts)
{
	struct tss32 t32;
	struct tss64 t64;

	cr_expect_eq(offsetof(struct tss32, esp0), 4);
	cr_expect_eq(offsetof(struct tss32, ss0), 8);
	cr_expect_eq(offsetof(struct tss32, eip), 32);
	cr_expect_eq(offsetof(struct tss32, es), 72);
	cr_expect_eq(offsetof(struct tss32, ldt), 96);
	cr_expect_eq(offsetof(struct tss64, rsp), 4);
	cr_expect_eq(offsetof(struct tss64, ist) + 6 * 8, 84, "IST7");

	memset(&t32, 0xaa, sizeof(t32));
	tss32_init(&t32, 0x10, 0x7fef0000);
	cr_expect_eq(t32.ss0, 0x10);
	cr_expect_eq(t32.esp0, 0x7fef0000);
	cr_expect_eq(t32.iomap_base, 104, "no I/O bitmap: base past the limit");
	cr_expect_eq(t32.cr3, 0);
	memset(&t64, 0xaa, sizeof(t64));
	tss64_init(&t64, 0x7fef0000);
	cr_expect_eq(t64.rsp[0], 0x7fef0000);
	cr_expect_eq(t64.ist[6], 0);
	cr_expect_eq(t64.iomap_base, 104);
	cr_expect_eq(TSS32_LIMIT, 103);
	cr_expect_eq(TSS64_LIMIT, 103);
}
