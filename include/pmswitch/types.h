/* SPDX-License-Identifier: MIT */
/*
 * Fixed-layout scalar types for structures that 32-bit payloads, 64-bit
 * payloads and the VMM all read. i386 aligns uint64_t to 4 inside structs;
 * pmsw_u64 forces 8 so every width sees the same offsets.
 */
#ifndef PMSWITCH_TYPES_H
#define PMSWITCH_TYPES_H

#include <stdint.h>

typedef uint64_t pmsw_u64 __attribute__((aligned(8)));

#define PMSW_ABI_ASSERT(cond, msg) _Static_assert(cond, msg)

/* Elements in an array (not a pointer): the one definition VMM and payloads use. */
#define PMSW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
