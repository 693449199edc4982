/* SPDX-License-Identifier: MIT */
/*
 * Guest memory map shared by the VMM (vmm/) and the payloads (payloads/).
 *
 * Guest-physical memory is one RAM slot starting at 0. The VMM owns the
 * low part (switcher, page pool), context images are placed above
 * PMSW_IMAGE_GPA. Devices sit above RAM, below 4 GiB, so 32-bit
 * contexts reach them too.
 *
 * The *switcher window* is a range of virtual addresses mapped identically
 * in every context (original and target): the switcher code, its data and
 * stack, the boot-info page and the device registers. It lies below 2 GiB
 * so 64-bit payloads can use the small code model, and it is 2 MiB aligned
 * so a context image rarely collides with it.
 */
#ifndef PMSWITCH_LAYOUT_H
#define PMSWITCH_LAYOUT_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* An unsigned constant that assembly can read too (gas has no suffixes). */
#ifdef __ASSEMBLER__
#define PMSW_U(x)               x
#else
#define PMSW_U(x)               x##u
#endif

#define PMSW_PAGE_SIZE          PMSW_U(0x1000)

/* Virtual addresses a context can use: 32-bit paging (2-level and PAE)
 * reaches 4 GiB. IA-32e 4-level paging translates 48-bit linear addresses
 * whose bits 63:47 are all equal, "canonical" (SDM Vol. 1 3.3.7.1): the
 * lower half ends at PMSW_VA_LIMIT_64, the upper half begins at
 * PMSW_VA_UPPER_64, and the non-canonical hole between them is unusable. */
#define PMSW_VA_LIMIT_32        (1ull << 32)
#define PMSW_VA_LIMIT_64        (1ull << 47)
#define PMSW_VA_UPPER_64        (~0ull << 47)   /* 0xffff800000000000 */

/* ---- guest-physical ---------------------------------------------------- */
#define PMSW_RAM_DEFAULT_MIB    64u
#define PMSW_RAM_MIN_MIB        32u
#define PMSW_RAM_MAX_MIB        3072u   /* stays below PMSW_MMIO_GPA */

#define PMSW_SWITCHER_GPA       0x00100000u     /* payload image, <= 2 MiB */
#define PMSW_SWITCHER_MAX       0x00200000u
#define PMSW_POOL_GPA           0x00400000u     /* page tables, GDT, TSS, ... */
#define PMSW_POOL_SIZE          0x00c00000u     /* up to 16 MiB */
#define PMSW_IMAGE_GPA          0x01000000u     /* context image segments */

#define PMSW_MMIO_GPA           0xfe000000u     /* virtio-mmio devices */
#define PMSW_MMIO_SLOT_SIZE     0x200u          /* one device per slot */
#define PMSW_MMIO_CONSOLE_GPA   PMSW_MMIO_GPA

/* Writing a 32-bit status here ends the run (like isa-debug-exit). */
#define PMSW_PORT_EXIT          PMSW_U(0x00f4)
/* A byte written here pauses the run so that the VMM reads the vCPU itself:
 * the switch's landing, the first instruction in the target. */
#define PMSW_PORT_LANDING       0x00f8          /* no suffix: assembly uses it */
/* A byte written here marks where the switch's path begins: `pmswitch
 * probe` steps the vCPU from there to the landing. */
#define PMSW_PORT_SWITCH_START  0x00f9
/* `pmswitch run --nmi`: the payload's NMI handler writes a byte here, with
 * the interrupted RIP in RAX and CS in RDX, then returns to it. */
#define PMSW_PORT_NMI           0x00fa

/* ---- switcher window (virtual, the same in every context) -------------- */
#define PMSW_WINDOW_VA          0x7f800000u
#define PMSW_WINDOW_SIZE        0x00800000u     /* 8 MiB, ends at 2 GiB */
/* Per-context stacks for the images' entries (original, target). */
#define PMSW_CTX_STACK_TOP_VA(i) (0x7f900000u + (uint32_t)(i) * 0x00200000u)
#define PMSW_SWITCHER_VA        0x7fc00000u     /* payloads link here */
/* Exception stubs, one per vector 0..31, PMSW_VECTOR_STUB_SIZE apart: the
 * VMM points every context's IDT here (payloads/lib/vectors.S). */
#define PMSW_VECTORS_VA         0x7fc00400u
#define PMSW_VECTOR_STUB_SIZE   16u
#define PMSW_BOOTINFO_VA        0x7fe00000u     /* struct pmsw_bootinfo */
/* Per-context system area: GDT, IDT, TSS pages (distinct VAs per context). */
#define PMSW_SYS_VA(i)          (0x7fe10000u + (uint32_t)(i) * 0x00010000u)
#define PMSW_SYS_GDT_OFF        0x0000u
#define PMSW_SYS_IDT_OFF        0x1000u
#define PMSW_SYS_TSS_OFF        0x2000u
#define PMSW_SYS_PAGES          3u
#define PMSW_SCRATCH_VA         0x7fe40000u     /* VMXON region, VMCS, ... */
#define PMSW_SCRATCH_PAGES      5u
/* Its fourth page: text a guest hands the monitor of vmx-entry or svm-entry. */
#define PMSW_XFER_VA            0x7fe43000      /* no suffix: assembly uses it */
#define PMSW_STACK_TOP_VA       PMSW_U(0x7fef0000)     /* switcher stack grows down */
#define PMSW_STACK_SIZE         0x00010000u
#define PMSW_MMIO_VA            0x7ff00000u     /* -> PMSW_MMIO_GPA */
#define PMSW_MMIO_MAP_SIZE      0x00001000u

/* The payload image is mapped linearly: VA - PMSW_SWITCHER_VA + GPA. */
#define PMSW_SWITCHER_VA_TO_PA(va) ((va) - PMSW_SWITCHER_VA + PMSW_SWITCHER_GPA)

#endif
