// SPDX-License-Identifier: MIT
/*
 * Descriptor bit layouts (SDM 3.4.5 figure 3-8, 6.11 figure 6-2, 6.14.1
 * figure 6-8, 8.2.3 figure 8-4). The fields are scattered across the
 * descriptor for 286 compatibility; one encoder and one decoder per shape
 * keep that knowledge in one place.
 */
#include "context/descriptors.h"

#include <string.h>

/* Access byte (bits 47:40): type, S, DPL, P. */
static uint64_t access_byte(unsigned int type, unsigned int s, unsigned int dpl,
			    unsigned int present)
{
	return (type & 0xf) | (s ? DESC_S : 0) | ((dpl & 3u) << DESC_DPL_SHIFT) |
	       (present ? DESC_P : 0);
}

static void access_decode(uint64_t v, uint8_t *type, uint8_t *dpl, uint8_t *present)
{
	unsigned int a = (v >> 40) & 0xff;

	*type = a & 0xf;
	*dpl = (a >> DESC_DPL_SHIFT) & 3;
	*present = !!(a & DESC_P);
}

uint64_t desc_encode(const struct desc_seg *d)
{
	uint32_t raw = d->g ? d->limit >> 12 : d->limit & 0xfffff;
	uint32_t base = (uint32_t)d->base;
	unsigned int flags = (d->avl ? DESC_FLAG_AVL : 0) | (d->l ? DESC_FLAG_L : 0) |
			     (d->db ? DESC_FLAG_DB : 0) | (d->g ? DESC_FLAG_G : 0);

	return (uint64_t)(raw & 0xffff) |
	       (uint64_t)(base & 0xffffff) << 16 |
	       access_byte(d->type, d->s, d->dpl, d->present) << 40 |
	       (uint64_t)((raw >> 16) & 0xf) << 48 |
	       (uint64_t)flags << 52 |
	       (uint64_t)(base >> 24) << 56;
}

void desc_encode16(const struct desc_seg *d, uint64_t out[2])
{
	out[0] = desc_encode(d);
	out[1] = d->base >> 32;         /* bits 127:96 reserved, zero */
}

void desc_decode(uint64_t v, struct desc_seg *d)
{
	uint32_t raw = (v & 0xffff) | ((v >> 32) & 0xf0000);
	unsigned int flags = (v >> 52) & 0xf;

	memset(d, 0, sizeof(*d));
	d->base = ((v >> 16) & 0xffffff) | ((v >> 32) & 0xff000000);
	access_decode(v, &d->type, &d->dpl, &d->present);
	d->s = !!((v >> 40) & DESC_S);
	d->avl = !!(flags & DESC_FLAG_AVL);
	d->l = !!(flags & DESC_FLAG_L);
	d->db = !!(flags & DESC_FLAG_DB);
	d->g = !!(flags & DESC_FLAG_G);
	d->limit = d->g ? raw << 12 | 0xfff : raw;
}

void desc_decode16(const uint64_t in[2], struct desc_seg *d)
{
	desc_decode(in[0], d);
	d->base |= (in[1] & 0xffffffff) << 32;
}

uint64_t desc_gate_encode(const struct desc_gate *g)
{
	uint32_t off = (uint32_t)g->offset;

	return (uint64_t)(off & 0xffff) |
	       (uint64_t)g->selector << 16 |
	       (uint64_t)(g->ist & 7) << 32 |
	       access_byte(g->type, 0, g->dpl, g->present) << 40 |
	       (uint64_t)(off >> 16) << 48;
}

void desc_gate_encode16(const struct desc_gate *g, uint64_t out[2])
{
	out[0] = desc_gate_encode(g);
	out[1] = g->offset >> 32;
}

void desc_gate_decode(uint64_t v, struct desc_gate *g)
{
	memset(g, 0, sizeof(*g));
	g->offset = (v & 0xffff) | ((v >> 32) & 0xffff0000);
	g->selector = (v >> 16) & 0xffff;
	g->ist = (v >> 32) & 7;
	access_decode(v, &g->type, &g->dpl, &g->present);
}

void desc_gate_decode16(const uint64_t in[2], struct desc_gate *g)
{
	desc_gate_decode(in[0], g);
	g->offset |= (in[1] & 0xffffffff) << 32;
}

uint64_t desc_code32_flat(void)
{
	struct desc_seg d = { .limit = 0xffffffff, .type = DESC_TYPE_CODE_XR, .s = 1,
			      .present = 1, .db = 1, .g = 1 };

	return desc_encode(&d);
}

uint64_t desc_data32_flat(void)
{
	struct desc_seg d = { .limit = 0xffffffff, .type = DESC_TYPE_DATA_RW, .s = 1,
			      .present = 1, .db = 1, .g = 1 };

	return desc_encode(&d);
}

/* IA-32e code: L=1 requires D=0 (SDM 5.2.1); base and limit are ignored. */
uint64_t desc_code64(void)
{
	struct desc_seg d = { .limit = 0xffffffff, .type = DESC_TYPE_CODE_XR, .s = 1,
			      .present = 1, .l = 1, .g = 1 };

	return desc_encode(&d);
}

static struct desc_seg tss_desc(uint64_t base, uint32_t limit, int busy)
{
	struct desc_seg d = { .base = base, .limit = limit, .present = 1,
			      .type = busy ? DESC_TYPE_TSS32_BUSY : DESC_TYPE_TSS32_AVAIL };

	return d;
}

uint64_t desc_tss32(uint32_t base, uint32_t limit, int busy)
{
	struct desc_seg d = tss_desc(base, limit, busy);

	return desc_encode(&d);
}

void desc_tss64(uint64_t out[2], uint64_t base, uint32_t limit, int busy)
{
	struct desc_seg d = tss_desc(base, limit, busy);

	desc_encode16(&d, out);
}

uint64_t desc_int_gate32(uint16_t selector, uint32_t offset)
{
	struct desc_gate g = { .offset = offset, .selector = selector,
			       .type = DESC_TYPE_INT_GATE32, .present = 1 };

	return desc_gate_encode(&g);
}

void desc_int_gate64(uint64_t out[2], uint16_t selector, uint64_t offset, unsigned int ist)
{
	struct desc_gate g = { .offset = offset, .selector = selector,
			       .type = DESC_TYPE_INT_GATE32, .present = 1, .ist = ist & 7 };

	desc_gate_encode16(&g, out);
}

void tss32_init(struct tss32 *t, uint16_t ss0, uint32_t esp0)
{
	memset(t, 0, sizeof(*t));
	t->ss0 = ss0;
	t->esp0 = esp0;
	t->iomap_base = sizeof(*t);
}

void tss64_init(struct tss64 *t, uint64_t rsp0)
{
	memset(t, 0, sizeof(*t));
	t->rsp[0] = rsp0;
	t->iomap_base = sizeof(*t);
}
