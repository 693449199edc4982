// SPDX-License-Identifier: MIT
#include "session/machine.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include <pmswitch/layout.h>
#include <pmswitch/x86.h>

#include "context/context.h"
#include "image/elf_image.h"
#include "image/elf_symbols.h"
#include "kvm/vcpu_nested.h"
#include "virtio/virtio_console.h"

static void console_tx(void *ctx, const uint8_t *buf, size_t len)
{
	struct machine *m = ctx;

	report_decoder_feed(&m->decoder, buf, len);
}

/* Emergency writes are plain text; keep printable bytes, escape nothing. */
static void console_emerg(void *ctx, uint8_t ch)
{
	struct machine *m = ctx;

	if (m->early_len + 1 < sizeof(m->early_text) && (isprint(ch) || ch == '\n'))
		m->early_text[m->early_len++] = (char)ch;
}

static void console_broken(void *ctx, const char *reason)
{
	struct machine *m = ctx;

	bus_stop_device_error(&m->bus, "virtio-console: %s", reason);
}

static int load_payload(struct machine *m, const char *path, const char *landing_symbol,
			char *err, size_t errlen)
{
	struct elf_image img;
	char why[200];

	if (elf_image_load_payload(&img, path, why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	if (landing_symbol && elf_image_symbol(&img, landing_symbol, &m->landing_va)) {
		snprintf(err, errlen, "%s: no symbol %s (the method's landing)", path, landing_symbol);
		elf_image_free(&img);
		return -1;
	}
	/* The exception stubs and their common path: never the run's own steps. */
	if (elf_image_symbol(&img, "pmsw_vectors", &m->vectors_va) ||
	    elf_image_symbol(&img, "pmsw_vectors_end", &m->vectors_end_va))
		m->vectors_va = m->vectors_end_va = 0;
	for (unsigned int i = 0; i < img.nseg && i < WINDOW_MAX_PAYLOAD_SEGS; i++) {
		const struct elf_segment *s = &img.seg[i];
		uint8_t *dst = guest_mem_ptr(&m->vm.mem, PMSW_SWITCHER_VA_TO_PA(s->vaddr), s->memsz);

		memset(dst, 0, s->memsz);
		memcpy(dst, img.data + s->offset, s->filesz);
		elf_segment_pages(s, &m->window.payload_seg[i].va, &m->window.payload_seg[i].len);
		m->window.payload_seg[i].perm = page_table_perm_elf(s->perm);
	}
	m->window.npayload_segs = img.nseg < WINDOW_MAX_PAYLOAD_SEGS ? img.nseg :
				  WINDOW_MAX_PAYLOAD_SEGS;
	m->payload_entry = img.entry;
	elf_image_free(&img);
	return 0;
}

/* Guest memory as every context sees it: pools, payload, boot-info, stacks. */
static int machine_layout(struct machine *m, uint64_t ram_size, const char *payload_path,
			  const char *landing_symbol, char *err, size_t errlen)
{
	struct pmsw_bootinfo *bi;

	if (load_payload(m, payload_path, landing_symbol, err, errlen))
		return -1;
	if (page_pool_init(&m->pool, &m->vm.mem, PMSW_POOL_GPA, PMSW_POOL_SIZE) ||
	    page_pool_init(&m->image_pool, &m->vm.mem, PMSW_IMAGE_GPA, ram_size - PMSW_IMAGE_GPA)) {
		snprintf(err, errlen, "guest RAM too small for the page pool");
		return -1;
	}
	for (unsigned int id = 0; id < WINDOW_NREGIONS; id++) {
		if (window_regions[id].backing != WINDOW_POOL)
			continue;
		m->window.gpa[id] = page_pool_alloc(&m->pool, (unsigned int)(window_regions[id].size /
								       PMSW_PAGE_SIZE));
		if (!m->window.gpa[id]) {
			snprintf(err, errlen, "cannot set up the guest machine: page pool exhausted");
			return -1;
		}
	}
	bi = m->bootinfo = guest_mem_ptr(&m->vm.mem, m->window.gpa[WINDOW_BOOTINFO], sizeof(*bi));
	bi->magic = PMSW_BOOTINFO_MAGIC;
	bi->version = PMSW_BOOTINFO_VERSION;
	bi->vmxon_pa = m->window.gpa[WINDOW_SCRATCH];
	bi->vmxon_va = window_regions[WINDOW_SCRATCH].va;
	bi->vmcs_pa = bi->vmxon_pa + PMSW_PAGE_SIZE;
	bi->vmcs_va = bi->vmxon_va + PMSW_PAGE_SIZE;
	bi->vmcs_t_pa = bi->vmxon_pa + 2 * PMSW_PAGE_SIZE;
	bi->vmcs_t_va = bi->vmxon_va + 2 * PMSW_PAGE_SIZE;
	bi->vmsave_pa = bi->vmxon_pa + 4 * PMSW_PAGE_SIZE;     /* after the transfer page */
	bi->console_va = PMSW_MMIO_VA;
	bi->ram_size = ram_size;
	return 0;
}

/* Guest RAM without KVM: what `inspect` lays out. */
static int offline_mem(struct machine *m, uint64_t ram_size, char *err, size_t errlen)
{
	m->vm.sys_fd = m->vm.vm_fd = m->vm.vcpu_fd = -1;
	if (guest_mem_alloc(&m->vm.mem, ram_size)) {
		snprintf(err, errlen, "cannot allocate %llu MiB of guest RAM",
			 (unsigned long long)(ram_size >> 20));
		return -1;
	}
	return 0;
}

int machine_create(struct machine *m, int sys_fd, uint64_t ram_size, const char *payload_path,
		   const char *landing_symbol, report_record_fn on_record, void *ctx,
		   char *err, size_t errlen)
{
	struct virtio_console_sink sink = {
		.ctx = m, .tx = console_tx, .emerg = console_emerg, .broken = console_broken,
	};

	memset(m, 0, sizeof(*m));
	report_decoder_init(&m->decoder, on_record, ctx);
	if (sys_fd < 0) {
		if (offline_mem(m, ram_size, err, errlen))
			return -1;
		if (machine_layout(m, ram_size, payload_path, landing_symbol, err, errlen))
			goto fail;
		return 0;
	}
	if (kvm_vm_create(&m->vm, sys_fd, ram_size, err, errlen))
		return -1;
	if (vcpu_nested_setup(&m->vm, err, errlen) ||
	    machine_layout(m, ram_size, payload_path, landing_symbol, err, errlen))
		goto fail;
	exit_port_init(&m->exit_port);
	signal_port_init(&m->landing_port, PMSW_PORT_LANDING);
	signal_port_init(&m->start_port, PMSW_PORT_SWITCH_START);
	signal_port_init(&m->nmi_port, PMSW_PORT_NMI);
	m->console = virtio_console_create(&m->vm.mem, PMSW_MMIO_CONSOLE_GPA, &sink);
	if (!m->console || bus_register(&m->bus, BUS_MMIO, virtio_console_device(m->console)) ||
	    bus_register(&m->bus, BUS_PIO, &m->exit_port.dev) ||
	    bus_register(&m->bus, BUS_PIO, &m->landing_port.dev) ||
	    bus_register(&m->bus, BUS_PIO, &m->start_port.dev) ||
	    bus_register(&m->bus, BUS_PIO, &m->nmi_port.dev)) {
		snprintf(err, errlen, "cannot set up the guest machine: out of memory");
		goto fail;
	}
	return 0;
fail:
	machine_destroy(m);
	return -1;
}

void machine_destroy(struct machine *m)
{
	if (m->console)
		virtio_console_destroy(m->console);
	m->console = NULL;
	kvm_vm_destroy(&m->vm);
}

int machine_boot(struct machine *m, const struct pmsw_context_state *state, char *err,
		 size_t errlen)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };

	if (ioctl(m->vm.vcpu_fd, KVM_GET_SREGS, &sregs)) {
		snprintf(err, errlen, "KVM_GET_SREGS: %s", strerror(errno));
		return -1;
	}
	context_sregs(state, &sregs);
	if (ioctl(m->vm.vcpu_fd, KVM_SET_SREGS, &sregs)) {
		snprintf(err, errlen, "KVM_SET_SREGS refused the %u-bit context: %s",
			 state->width, strerror(errno));
		return -1;
	}
	regs.rip = m->payload_entry;
	regs.rsp = PMSW_STACK_TOP_VA;
	regs.rflags = X86_RFLAGS_FIXED;
	if (ioctl(m->vm.vcpu_fd, KVM_SET_REGS, &regs)) {
		snprintf(err, errlen, "KVM_SET_REGS: %s", strerror(errno));
		return -1;
	}
	return 0;
}
