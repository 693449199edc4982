/* SPDX-License-Identifier: MIT */
/* Guest-physical memory: one RAM range at GPA 0, every access bounds-checked. */
#ifndef VMM_GUEST_MEM_H
#define VMM_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guest_mem {
	uint8_t *host;          /* host mapping of GPA 0 */
	uint64_t size;          /* bytes of RAM */
};

/* Host pointer to [gpa, gpa + len), or NULL if any byte lies outside RAM
 * (overflow-safe: gpa + len may wrap). len 0 is valid inside RAM. */
void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len);
bool guest_mem_contains(const struct guest_mem *m, uint64_t gpa, uint64_t len);

/* Pages of RAM that are resident now (mincore): those the VMM or the guest
 * has touched, the rest being still unmapped. 0, or -errno. */
int guest_mem_touched(const struct guest_mem *m, uint64_t *pages);

/* mmap/munmap of anonymous RAM, for the VMM and for tests. Lazily backed:
 * a page costs memory only once the VMM or the guest touches it. */
int guest_mem_alloc(struct guest_mem *m, uint64_t size);
void guest_mem_free(struct guest_mem *m);

#endif
