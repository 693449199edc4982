/* SPDX-License-Identifier: MIT */
/*
 * The guest machine: a KVM VM with RAM, the virtio-console and the exit
 * port on its buses, the payload loaded at PMSW_SWITCHER_GPA, the boot-info
 * page, and the pages of the switcher window (context/window.h). Without
 * KVM (sys_fd < 0) only guest memory is laid out, for inspecting contexts.
 */
#ifndef VMM_SESSION_MACHINE_H
#define VMM_SESSION_MACHINE_H

#include <stddef.h>

#include <pmswitch/bootinfo.h>

#include "context/window.h"
#include "hw/bus.h"
#include "hw/exit_port.h"
#include "hw/signal_port.h"
#include "hw/page_pool.h"
#include "kvm/kvm.h"
#include "kvm/vcpu_run.h"
#include "report/report_decode.h"

struct machine {
	struct kvm_vm vm;               /* offline: vm.mem only */
	struct page_pool pool;          /* VMM structures: page tables, GDT, ... */
	struct page_pool image_pool;    /* context images' segments and stacks */
	struct bus bus;
	struct exit_port exit_port;
	struct signal_port landing_port;        /* PMSW_PORT_LANDING */
	struct signal_port start_port;          /* PMSW_PORT_SWITCH_START */
	struct signal_port nmi_port;            /* PMSW_PORT_NMI */
	struct virtio_console *console;
	struct report_decoder decoder;
	char early_text[256];           /* emergency writes, printable only */
	size_t early_len;

	struct pmsw_bootinfo *bootinfo; /* host view of the boot-info page */
	struct window_map window;
	uint64_t payload_entry;
	uint64_t landing_va;            /* the payload's landing instruction, or 0 */
	uint64_t vectors_va, vectors_end_va;    /* its exception stubs, or 0, 0 */
};

/* sys_fd < 0: offline. Records the payload sends go to on_record(ctx, ...).
 * landing_symbol, unless NULL, names the payload's landing instruction
 * (landing_va), which must exist. */
int machine_create(struct machine *m, int sys_fd, uint64_t ram_size, const char *payload_path,
		   const char *landing_symbol, report_record_fn on_record, void *ctx,
		   char *err, size_t errlen);
void machine_destroy(struct machine *m);
/* Sets the vCPU to enter state at the payload entry; vcpu_run runs it. */
int machine_boot(struct machine *m, const struct pmsw_context_state *state, char *err,
		 size_t errlen);

#endif
