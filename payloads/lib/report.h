/* SPDX-License-Identifier: MIT */
/* Emits report records (include/pmswitch/report.h) on the console. */
#ifndef PAYLOAD_REPORT_H
#define PAYLOAD_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <pmswitch/report.h>

void report_emit(uint16_t event, uint8_t ctx, const void *body, size_t len);
/* The same, for an event whose TSC was taken earlier. */
void report_emit_at(uint16_t event, uint8_t ctx, uint64_t tsc, const void *body, size_t len);
void report_text(uint8_t ctx, const char *text, size_t len);
/* Fills r from the running CPU (control registers, descriptor tables). */
void report_snapshot(struct pmsw_regs *r);
/* Reports a failed VMX step (struct pmsw_ev_vmfail) and ends the run. */
__attribute__((noreturn)) void report_vmfail(uint8_t ctx, uint32_t insn, uint32_t fail,
					     uint32_t vm_error, uint32_t exit_reason,
					     uint64_t qualification);
/* Ends the run: the VMM stops at this port write. */
__attribute__((noreturn)) void report_exit(uint32_t status);

#endif
