// SPDX-License-Identifier: MIT
#include <pmswitch/layout.h>
#include <pmswitch/x86.h>

#include "console.h"
#include "cpu.h"
#include "report.h"
#include "mem.h"

static uint32_t seq;

void report_emit(uint16_t event, uint8_t ctx, const void *body, size_t len)
{
	report_emit_at(event, ctx, rdtsc(), body, len);
}

void report_emit_at(uint16_t event, uint8_t ctx, uint64_t tsc, const void *body, size_t len)
{
	union {
		struct pmsw_record hdr;
		uint8_t bytes[PMSW_RECORD_MAX];
	} rec;

	if (len > PMSW_TEXT_MAX)
		len = PMSW_TEXT_MAX;
	memset(&rec.hdr, 0, sizeof(rec.hdr));
	rec.hdr.tsc = tsc;
	rec.hdr.magic = PMSW_RECORD_MAGIC;
	rec.hdr.event = event;
	rec.hdr.length = (uint16_t)(sizeof(rec.hdr) + len);
	rec.hdr.seq = seq++;
	rec.hdr.ctx = ctx;
	memcpy(rec.bytes + sizeof(rec.hdr), body, len);
	console_write(&rec, rec.hdr.length);
}

void report_text(uint8_t ctx, const char *text, size_t len)
{
	while (len) {
		size_t n = len < PMSW_TEXT_MAX ? len : PMSW_TEXT_MAX;

		report_emit(PMSW_EV_TEXT, ctx, text, n);
		text += n;
		len -= n;
	}
}

void report_snapshot(struct pmsw_regs *r)
{
	struct __attribute__((packed)) { uint16_t limit; unsigned long base; } gdtr, idtr;
	uint16_t cs, ss, tr;
	unsigned long sp, flags;

	memset(r, 0, sizeof(*r));
	r->cr0 = READ_CR(0);
	r->cr3 = READ_CR(3);
	r->cr4 = READ_CR(4);
	r->efer = rdmsr(MSR_EFER);
	__asm__ volatile("sgdt %0; sidt %1; str %2; mov %%cs, %3; mov %%ss, %4"
			 : "=m"(gdtr), "=m"(idtr), "=r"(tr), "=r"(cs), "=r"(ss));
	__asm__ volatile("mov %%" SP_REG ", %0; pushf; pop %1" : "=r"(sp), "=r"(flags));
	r->gdtr_base = gdtr.base;
	r->gdtr_limit = gdtr.limit;
	r->idtr_base = idtr.base;
	r->idtr_limit = idtr.limit;
	r->cs = cs;
	r->ss = ss;
	r->tr = tr;
	r->rip = (uintptr_t)__builtin_return_address(0);
	r->rsp = sp;
	r->rflags = flags;
}

void report_vmfail(uint8_t ctx, uint32_t insn, uint32_t fail, uint32_t vm_error,
		   uint32_t exit_reason, uint64_t qualification)
{
	struct pmsw_ev_vmfail f = {
		.insn = insn, .fail = fail, .vm_error = vm_error,
		.exit_reason = exit_reason, .qualification = qualification,
	};

	report_emit(PMSW_EV_VMFAIL, ctx, &f, sizeof(f));
	report_exit(PMSW_GUEST_FAILED);
}

void report_exit(uint32_t status)
{
	outl(PMSW_PORT_EXIT, status);
	cpu_halt_forever();
}
