/* SPDX-License-Identifier: MIT */
/*
 * Segment descriptors, gates and TSS layouts (SDM 3.4.5, 6.11, 7.2, 8.2.3).
 * Pure encoders: values are built here and written to guest memory elsewhere.
 */
#ifndef VMM_DESCRIPTORS_H
#define VMM_DESCRIPTORS_H

#include <stdint.h>

#include <pmswitch/types.h>
#include <pmswitch/x86.h>

/* Not (yet) in x86.h; same SDM names. */

/*
 * A segment or system descriptor, decoded; the fields match struct
 * kvm_segment. limit is the effective byte limit (G applied): with g set the
 * encoder stores limit >> 12, so the low 12 bits should be all ones.
 */
struct desc_seg {
	uint64_t base;          /* bits 63:32 only in 16-byte (IA-32e system) form */
	uint32_t limit;
	uint8_t type;           /* DESC_TYPE_* */
	uint8_t s, dpl, present, avl, l, db, g;
};

/* An interrupt or trap gate, decoded. */
struct desc_gate {
	uint64_t offset;        /* bits 63:32 only in the 16-byte form */
	uint16_t selector;
	uint8_t type;           /* DESC_TYPE_INT_GATE32 or DESC_TYPE_TRAP_GATE32 */
	uint8_t dpl, present, ist;      /* ist: 16-byte form only */
};

/* 8-byte descriptors; 16-byte ones are IA-32e system descriptors (TSS, gates). */
uint64_t desc_encode(const struct desc_seg *d);
void desc_encode16(const struct desc_seg *d, uint64_t out[2]);
void desc_decode(uint64_t v, struct desc_seg *d);
void desc_decode16(const uint64_t in[2], struct desc_seg *d);

uint64_t desc_gate_encode(const struct desc_gate *g);
void desc_gate_encode16(const struct desc_gate *g, uint64_t out[2]);
void desc_gate_decode(uint64_t v, struct desc_gate *g);
void desc_gate_decode16(const uint64_t in[2], struct desc_gate *g);

/* The descriptors every context uses: flat ring-0 segments, base 0, 4 GiB. */
uint64_t desc_code32_flat(void);        /* 0x00cf9a000000ffff */
uint64_t desc_data32_flat(void);        /* 0x00cf92000000ffff, also 64-bit data */
uint64_t desc_code64(void);             /* 0x00af9a000000ffff, L=1 D=0 */
uint64_t desc_tss32(uint32_t base, uint32_t limit, int busy);
void desc_tss64(uint64_t out[2], uint64_t base, uint32_t limit, int busy);
uint64_t desc_int_gate32(uint16_t selector, uint32_t offset);
void desc_int_gate64(uint64_t out[2], uint16_t selector, uint64_t offset, unsigned int ist);

/* 64-bit TSS (SDM 8.7): the 8-byte fields sit at 4-byte offsets. */
struct tss64 {
	uint32_t rsvd0;
	uint64_t rsp[3];
	uint64_t rsvd1;
	uint64_t ist[7];        /* IST1..IST7 */
	uint64_t rsvd2;
	uint16_t rsvd3;
	uint16_t iomap_base;
} __attribute__((packed));

PMSW_ABI_ASSERT(sizeof(struct tss64) == 104, "64-bit TSS is 104 bytes");
PMSW_ABI_ASSERT(__builtin_offsetof(struct tss64, ist) == 36, "TSS64 IST1 at 36");
PMSW_ABI_ASSERT(__builtin_offsetof(struct tss64, iomap_base) == 102, "TSS64 I/O map at 102");

#define TSS64_LIMIT     (sizeof(struct tss64) - 1)

/* A ring-0 TSS with no I/O bitmap (iomap_base past the limit). */
void tss32_init(struct tss32 *t, uint16_t ss0, uint32_t esp0);
void tss64_init(struct tss64 *t, uint64_t rsp0);

#endif
