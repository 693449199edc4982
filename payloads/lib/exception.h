/* SPDX-License-Identifier: MIT */
#ifndef PAYLOAD_EXCEPTION_H
#define PAYLOAD_EXCEPTION_H

#include <stdint.h>

/* The context the CPU is in now (PMSW_CTX_*), for exception reports. */
extern uint8_t payload_ctx;

#endif
