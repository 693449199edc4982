// SPDX-License-Identifier: MIT
/* Common exception handler: report what happened, where, and end the run. */
#include <pmswitch/x86.h>

#include "cpu.h"
#include "exception.h"
#include "report.h"
#include "mem.h"

uint8_t payload_ctx;

/* The stack as vectors.S and the CPU left it (native width words). */
struct exception_frame {
	unsigned long vector, error_code, ip, cs, flags;
};

void payload_exception(const struct exception_frame *f);
void payload_exception(const struct exception_frame *f)
{
	struct pmsw_ev_exception e;

	memset(&e, 0, sizeof(e));
	e.vector = (uint32_t)f->vector;
	e.error_code = f->error_code;
	e.rip = f->ip;
	e.cs = (uint16_t)f->cs;
	e.cr2 = READ_CR(2);
	report_emit(PMSW_EV_EXCEPTION, payload_ctx, &e, sizeof(e));
	report_exit(PMSW_GUEST_FAILED);
}
