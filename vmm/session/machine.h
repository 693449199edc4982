/* SPDX-License-Identifier: MIT */
/*
 * The guest machine: a KVM VM with RAM, the virtio-console on the MMIO bus,
 * the payload loaded at PMSW_SWITCHER_GPA, the boot-info page, and the pages
 * of the switcher window every context maps.
 */
#ifndef VMM_MACHINE_H
#define VMM_MACHINE_H

#include <stddef.h>

#include <pmswitch/bootinfo.h>

#include "kvm/kvm.h"
#include "hw/mmio.h"
#include "hw/page_pool.h"
#include "context/page_table.h"
#include "report/report_decode.h"
#include "kvm/vcpu_run.h"

#define MACHINE_MAX_PAYLOAD_SEGS 4

struct machine {
	struct kvm_vm vm;
	struct page_pool pool;          /* VMM structures: page tables, GDT, ... */
	struct page_pool image_pool;    /* context images' segments and stacks */
	struct mmio_bus bus;
	struct virtio_console *console;
	struct report_decoder decoder;
	const char *device_error;       /* set once the console is broken */
	char device_error_buf[256];
	char early_text[256];           /* emergency writes, printable only */
	size_t early_len;

	struct pmsw_bootinfo *bootinfo; /* host view of the boot-info page */
	uint64_t bootinfo_gpa, stack_gpa, scratch_gpa;
	uint64_t payload_entry;
	unsigned int npayload_segs;
	struct { uint64_t va, len; unsigned int perm; } payload_seg[MACHINE_MAX_PAYLOAD_SEGS];
};

int machine_create(struct machine *m, int sys_fd, uint64_t ram_size, const char *payload_path,
		   report_record_fn on_record, void *ctx, char *err, size_t errlen);
/* The same guest memory layout without KVM, for inspecting contexts. */
int machine_create_offline(struct machine *m, uint64_t ram_size, const char *payload_path,
			   char *err, size_t errlen);
void machine_destroy(struct machine *m);
/* Maps the switcher window (payload, boot-info, stacks, system areas,
 * scratch, device registers) into a context's page tables. */
int machine_map_window(struct machine *m, struct page_table *pt);
/* Sets the vCPU to enter state at the payload entry and runs it. */
int machine_boot(struct machine *m, const struct pmsw_context_state *state,
		 unsigned int timeout_ms, struct vcpu_result *res, char *err, size_t errlen);

#endif
