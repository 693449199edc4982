/* SPDX-License-Identifier: MIT */
/*
 * What a hostile original context needs to break the virtio-console
 * protocol on purpose: MMIO of an exact width at any offset of the device's
 * registers, the I/O ports, and a driver of its own.
 *
 * The switcher has brought the console up and sent enter-original before the
 * original's entry runs. hostile_begin() writes one line through the
 * services table (record 1); take_over() then resets the device and drives
 * it from here, with a transmit queue in the VMX/SVM scratch pages of the
 * switcher window (mapped in every context, physical address in the
 * boot-info page; piecemeal never uses them), and raw_text() sends records
 * from record 2 on. Whatever comes after a violation must never be seen.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include <pmswitch/bootinfo.h>
#include <pmswitch/image.h>
#include <pmswitch/layout.h>
#include <pmswitch/report.h>
#include <pmswitch/virtio.h>

#define BI              ((volatile struct pmsw_bootinfo *)PMSW_BOOTINFO_VA)
#define MMIO            ((uintptr_t)PMSW_MMIO_VA)

/* gcc may call these for copies and fills even in freestanding code. They
 * store 8 bytes at a time where they can: on some hosts (kvm-pvm) a store
 * to the switcher window's pages takes some 15 us. */
typedef uint64_t __attribute__((may_alias, aligned(1))) any_u64;

__attribute__((used)) void *memset(void *dst, int c, size_t n)
{
	volatile uint8_t *d = dst;
	uint64_t q = 0x0101010101010101ull * (uint8_t)c;

	for (; n && ((uintptr_t)d & 7); n--)
		*d++ = (uint8_t)c;
	for (; n >= 8; n -= 8, d += 8)
		*(volatile any_u64 *)d = q;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

__attribute__((used)) void *memcpy(void *dst, const void *src, size_t n)
{
	volatile uint8_t *d = dst;
	const uint8_t *s = src;

	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(volatile any_u64 *)d = *(const any_u64 *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

static inline size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* One access of exactly w bytes (1, 2, 4 or 8): one MMIO exit. */
static inline uint64_t mmio_read(uintptr_t a, unsigned int w)
{
	uint64_t v = 0;

	switch (w) {
	case 1: { uint8_t b; __asm__ volatile("movb (%1), %0" : "=q"(b) : "r"(a) : "memory"); v = b; break; }
	case 2: { uint16_t h; __asm__ volatile("movw (%1), %0" : "=r"(h) : "r"(a) : "memory"); v = h; break; }
	case 4: { uint32_t l; __asm__ volatile("movl (%1), %0" : "=r"(l) : "r"(a) : "memory"); v = l; break; }
	default: __asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(a) : "memory"); break;
	}
	return v;
}

static inline void mmio_write(uintptr_t a, unsigned int w, uint64_t v)
{
	switch (w) {
	case 1: __asm__ volatile("movb %0, (%1)" : : "q"((uint8_t)v), "r"(a) : "memory"); break;
	case 2: __asm__ volatile("movw %0, (%1)" : : "r"((uint16_t)v), "r"(a) : "memory"); break;
	case 4: __asm__ volatile("movl %0, (%1)" : : "r"((uint32_t)v), "r"(a) : "memory"); break;
	default: __asm__ volatile("movq %0, (%1)" : : "r"(v), "r"(a) : "memory"); break;
	}
}

static inline uint32_t reg_read(unsigned int off) { return (uint32_t)mmio_read(MMIO + off, 4); }
static inline void reg_write(unsigned int off, uint32_t v) { mmio_write(MMIO + off, 4, v); }

static inline void out8(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Ends the run through the exit port, as the switcher does. */
__attribute__((noreturn)) static inline void guest_exit(uint32_t status)
{
	__asm__ volatile("outl %0, %1" : : "a"(status), "Nd"((uint16_t)PMSW_PORT_EXIT) : "memory");
	for (;;)
		__asm__ volatile("hlt");
}

/* Hex without leading zeros, into p; returns the end. */
static char *put_hex(char *p, uint64_t v)
{
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* ---- a driver of our own ---------------------------------------------- */

/* The scratch pages: page 0 the descriptor table, page 1 the available
 * ring and (at 0x800) the used ring, pages 2-4 buffers. */
#define HQ_SIZE         16u
#define HQ_DESC_VA      ((uintptr_t)PMSW_SCRATCH_VA)
#define HQ_AVAIL_VA     ((uintptr_t)PMSW_SCRATCH_VA + 0x1000)
#define HQ_USED_VA      ((uintptr_t)PMSW_SCRATCH_VA + 0x1800)
#define HQ_DATA_VA      ((uintptr_t)PMSW_SCRATCH_VA + 0x2000)
#define HQ_DATA_SIZE    0x3000u

static volatile struct virtq_desc *const hq_desc = (volatile struct virtq_desc *)HQ_DESC_VA;
static volatile struct virtq_avail *const hq_avail = (volatile struct virtq_avail *)HQ_AVAIL_VA;
static volatile struct virtq_used *const hq_used = (volatile struct virtq_used *)HQ_USED_VA;
static uint8_t *const hq_data = (uint8_t *)HQ_DATA_VA;

static uint16_t hq_avail_idx;
static uint32_t hq_seq;         /* the next record's sequence number */
static const struct pmsw_services *hq_svc;

static inline uint64_t scratch_pa(uintptr_t va)
{
	return BI->vmxon_pa + (va - PMSW_SCRATCH_VA);
}

static inline void set64(unsigned int lo, uint64_t v)
{
	reg_write(lo, (uint32_t)v);
	reg_write(lo + 4, (uint32_t)(v >> 32));
}

/* Reset, then ACKNOWLEDGE, DRIVER and the features given (VERSION_1 is
 * bit 32), then FEATURES_OK: what the device answers is its business. */
static void negotiate(uint64_t features)
{
	reg_write(VIRTIO_MMIO_STATUS, 0);
	reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		  VIRTIO_STATUS_FEATURES_OK);
}

#define FEATURES_OK_ONLY (1ull << VIRTIO_F_VERSION_1)
#define STATUS_LIVE (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | \
		     VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

/* The transmit queue's registers, rings in the scratch pages (zeroed). */
static void queue_setup(uint32_t size)
{
	memset((void *)HQ_DESC_VA, 0, size * sizeof(struct virtq_desc));
	memset((void *)HQ_AVAIL_VA, 0, sizeof(struct virtq_avail) + 2 * (size + 1));
	memset((void *)HQ_USED_VA, 0, sizeof(struct virtq_used) + 8 * size + 2);
	hq_avail_idx = 0;
	reg_write(VIRTIO_MMIO_QUEUE_SEL, VIRTIO_CONSOLE_TX_QUEUE);
	reg_write(VIRTIO_MMIO_QUEUE_NUM, size);
	set64(VIRTIO_MMIO_QUEUE_DESC_LOW, scratch_pa(HQ_DESC_VA));
	set64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, scratch_pa(HQ_AVAIL_VA));
	set64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, scratch_pa(HQ_USED_VA));
	reg_write(VIRTIO_MMIO_QUEUE_READY, 1);
}

/* The device, reset and driven from here on, live. */
static void take_over(void)
{
	negotiate(FEATURES_OK_ONLY);
	queue_setup(HQ_SIZE);
	reg_write(VIRTIO_MMIO_STATUS, STATUS_LIVE);
}

static void desc_set(unsigned int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	hq_desc[i].addr = addr;
	hq_desc[i].len = len;
	hq_desc[i].flags = flags;
	hq_desc[i].next = next;
}

/* Offers the chain at head and tells the device. */
static void post(uint16_t head)
{
	hq_avail->ring[hq_avail_idx % HQ_SIZE] = head;
	__asm__ volatile("" : : : "memory");
	hq_avail->idx = ++hq_avail_idx;
	__asm__ volatile("" : : : "memory");
	reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX_QUEUE);
}

/* len bytes at the start of the buffer pages, in one descriptor. */
static void send_bytes(const void *buf, uint32_t len)
{
	memcpy(hq_data, buf, len);
	desc_set(0, scratch_pa(HQ_DATA_VA), len, 0, 0);
	post(0);
}

/* A record header: the next in sequence unless the caller changes it. */
static struct pmsw_record rec_header(uint16_t event, uint32_t body_len)
{
	struct pmsw_record h;

	memset(&h, 0, sizeof(h));
	h.magic = PMSW_RECORD_MAGIC;
	h.event = event;
	h.length = (uint16_t)(sizeof(h) + body_len);
	h.seq = hq_seq;
	h.ctx = PMSW_CTX_ORIGINAL;
	h.tsc = rdtsc();
	return h;
}

/* A whole record, header and body, sent as one buffer. */
static void raw_record(const struct pmsw_record *h, const void *body, uint32_t body_len)
{
	uint8_t rec[PMSW_RECORD_MAX];

	memcpy(rec, h, sizeof(*h));
	memcpy(rec + sizeof(*h), body, body_len);
	send_bytes(rec, (uint32_t)sizeof(*h) + body_len);
	hq_seq++;
}

static void raw_event(uint16_t event, const void *body, uint32_t body_len)
{
	struct pmsw_record h = rec_header(event, body_len);

	raw_record(&h, body, body_len);
}

static void raw_text(const char *s)
{
	raw_event(PMSW_EV_TEXT, s, (uint32_t)str_len(s));
}

static void svc_text(const char *s)
{
	hq_svc->write(s, str_len(s));
}

/* Record 1: which case this is, through the switcher's own console. */
static void hostile_begin(const struct pmsw_services *svc, const char *name)
{
	char line[64];
	char *p = put_str(line, "hostile: ");

	while (*name && p < line + sizeof(line))
		*p++ = *name++;
	hq_svc = svc;
	svc->write(line, (unsigned long)(p - line));
	hq_seq = 2;     /* enter-original, and the line above */
}

#endif
