/* SPDX-License-Identifier: MIT */
/*
 * virtio-mmio (version 2) and virtio-console constants, with the names the
 * virtio 1.2 specification uses (sections 2.1, 2.7, 4.2.2, 5.3).
 * Shared by the device (vmm/) and the driver (payloads/).
 */
#ifndef PMSWITCH_VIRTIO_H
#define PMSWITCH_VIRTIO_H

#include <stdint.h>

/* 4.2.2 MMIO device register layout */
#define VIRTIO_MMIO_MAGIC_VALUE         0x000   /* "virt" */
#define VIRTIO_MMIO_VERSION             0x004
#define VIRTIO_MMIO_DEVICE_ID           0x008
#define VIRTIO_MMIO_VENDOR_ID           0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL           0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034
#define VIRTIO_MMIO_QUEUE_NUM           0x038
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define VIRTIO_MMIO_SHM_SEL             0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW         0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH        0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW        0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH       0x0bc
#define VIRTIO_MMIO_QUEUE_RESET         0x0c0
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0fc
#define VIRTIO_MMIO_CONFIG              0x100

#define VIRTIO_MMIO_MAGIC               0x74726976u     /* "virt" */
#define VIRTIO_MMIO_VERSION_2           2u
#define VIRTIO_MMIO_INT_VRING           (1u << 0)
#define VIRTIO_MMIO_INT_CONFIG          (1u << 1)

/* 2.1 Device Status Field */
#define VIRTIO_STATUS_ACKNOWLEDGE       1u
#define VIRTIO_STATUS_DRIVER            2u
#define VIRTIO_STATUS_DRIVER_OK         4u
#define VIRTIO_STATUS_FEATURES_OK       8u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED            128u

/* 6 Reserved Feature Bits */
#define VIRTIO_F_VERSION_1              32

/* 5.3 Console Device */
#define VIRTIO_ID_CONSOLE               3u
#define VIRTIO_CONSOLE_F_SIZE           0
#define VIRTIO_CONSOLE_F_MULTIPORT      1
#define VIRTIO_CONSOLE_F_EMERG_WRITE    2
#define VIRTIO_CONSOLE_RX_QUEUE         0       /* receiveq(port0) */
#define VIRTIO_CONSOLE_TX_QUEUE         1       /* transmitq(port0) */
/* struct virtio_console_config: cols u16, rows u16, max_nr_ports u32, emerg_wr u32 */
#define VIRTIO_CONSOLE_CONFIG_COLS      0x0
#define VIRTIO_CONSOLE_CONFIG_ROWS      0x2
#define VIRTIO_CONSOLE_CONFIG_MAX_PORTS 0x4
#define VIRTIO_CONSOLE_CONFIG_EMERG_WR  0x8

/* 2.7 Split Virtqueues */
#define VIRTQ_DESC_F_NEXT               1u
#define VIRTQ_DESC_F_WRITE              2u
#define VIRTQ_DESC_F_INDIRECT           4u
#define VIRTQ_AVAIL_F_NO_INTERRUPT      1u
#define VIRTQ_USED_F_NO_NOTIFY          1u

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];        /* queue size entries, then used_event */
};

struct virtq_used_elem {
	uint32_t id;            /* head of the used descriptor chain */
	uint32_t len;           /* bytes written into the chain */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* queue size entries, then avail_event */
};

/* Alignment the spec requires of each part (2.7.2). */
#define VIRTQ_DESC_ALIGN                16u
#define VIRTQ_AVAIL_ALIGN               2u
#define VIRTQ_USED_ALIGN                4u
#define VIRTQ_SIZE_MAX                  32768u

#endif
