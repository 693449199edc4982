/* SPDX-License-Identifier: MIT */
/* Guest driver for the virtio-mmio console (polling, transmit only). */
#ifndef PAYLOAD_CONSOLE_H
#define PAYLOAD_CONSOLE_H

#include <stddef.h>

/* 0 when the device is driven (DRIVER_OK), negative otherwise. */
int console_init(unsigned long mmio_va);
/* Sends len bytes as one buffer; falls back to emergency writes if the
 * queue is not up. Returns 0, or -1 when the device refused. */
int console_write(const void *buf, size_t len);
/* VIRTIO_CONSOLE_F_EMERG_WRITE: one byte through config space. */
void console_emerg_write(const char *s);

#endif
