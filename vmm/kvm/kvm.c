// SPDX-License-Identifier: MIT
#include "kvm/kvm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <pmswitch/types.h>

static const struct {
	int cap;
	const char *name;
} kvm_required_caps[] = {
	{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
	{ KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID" },
	{ KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
	{ KVM_CAP_GET_MSR_FEATURES, "KVM_CAP_GET_MSR_FEATURES" },
};

int kvm_open_system(char *err, size_t errlen)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC), api;

	if (fd < 0) {
		if (errno == ENOENT)
			snprintf(err, errlen, "no /dev/kvm (kvm module not loaded, or no hardware virtualization)");
		else if (errno == EACCES || errno == EPERM)
			snprintf(err, errlen, "no permission to open /dev/kvm (join group kvm)");
		else
			snprintf(err, errlen, "cannot open /dev/kvm: %s", strerror(errno));
		return -1;
	}
	api = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (api != KVM_API_VERSION_EXPECTED) {
		snprintf(err, errlen, "KVM API version %d, need %d", api, KVM_API_VERSION_EXPECTED);
		close(fd);
		return -1;
	}
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(kvm_required_caps); i++) {
		if (ioctl(fd, KVM_CHECK_EXTENSION, kvm_required_caps[i].cap) <= 0) {
			snprintf(err, errlen, "KVM lacks %s", kvm_required_caps[i].name);
			close(fd);
			return -1;
		}
	}
	return fd;
}

int kvm_vm_create(struct kvm_vm *vm, int sys_fd, uint64_t ram_size, char *err, size_t errlen)
{
	struct kvm_userspace_memory_region slot = { 0 };
	int sz;

	memset(vm, 0, sizeof(*vm));
	vm->vm_fd = vm->vcpu_fd = -1;
	vm->sys_fd = sys_fd;
	vm->vm_fd = ioctl(sys_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VM: %s", strerror(errno));
		goto fail;
	}
	if (guest_mem_alloc(&vm->mem, ram_size)) {
		snprintf(err, errlen, "cannot allocate %llu MiB of guest RAM",
			 (unsigned long long)(ram_size >> 20));
		goto fail;
	}
	slot.memory_size = ram_size;
	slot.userspace_addr = (uintptr_t)vm->mem.host;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &slot)) {
		snprintf(err, errlen, "KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
		goto fail;
	}
	vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VCPU: %s", strerror(errno));
		goto fail;
	}
	sz = ioctl(sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (sz < (int)sizeof(struct kvm_run)) {
		snprintf(err, errlen, "KVM_GET_VCPU_MMAP_SIZE: %d", sz);
		goto fail;
	}
	vm->run_size = (size_t)sz;
	vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		vm->run = NULL;
		snprintf(err, errlen, "mmap of kvm_run: %s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	kvm_vm_destroy(vm);
	return -1;
}

void kvm_vm_destroy(struct kvm_vm *vm)
{
	if (vm->run)
		munmap(vm->run, vm->run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	guest_mem_free(&vm->mem);
	vm->run = NULL;
	vm->vcpu_fd = vm->vm_fd = -1;
}

struct kvm_cpuid2 *kvm_supported_cpuid(int sys_fd)
{
	for (uint32_t n = 64; n <= 4096; n *= 2) {
		struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));

		if (!c)
			return NULL;
		c->nent = n;
		if (ioctl(sys_fd, KVM_GET_SUPPORTED_CPUID, c) == 0)
			return c;
		free(c);
		if (errno != E2BIG)
			return NULL;
	}
	errno = E2BIG;
	return NULL;
}

const struct kvm_cpuid_entry2 *kvm_cpuid_find(const struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
	for (uint32_t i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function == fn &&
		    (!(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || e->index == idx))
			return e;
	}
	return NULL;
}

int kvm_vcpu_single_step(struct kvm_vm *vm, bool on)
{
	struct kvm_guest_debug dbg = {
		.control = on ? KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP : 0,
	};

	return ioctl(vm->vcpu_fd, KVM_SET_GUEST_DEBUG, &dbg);
}

/* Whether the vCPU runs a nested guest now (KVM_GET_NESTED_STATE). */
static bool vcpu_in_nested_guest(struct kvm_vm *vm)
{
	int size = ioctl(vm->sys_fd, KVM_CHECK_EXTENSION, KVM_CAP_NESTED_STATE);
	struct kvm_nested_state *st;
	bool in;

	if (size < (int)sizeof(*st))
		return false;
	st = calloc(1, (size_t)size);
	if (!st)
		return false;
	st->size = (uint32_t)size;
	in = !ioctl(vm->vcpu_fd, KVM_GET_NESTED_STATE, st) &&
	     (st->flags & KVM_STATE_NESTED_GUEST_MODE);
	free(st);
	return in;
}

/* Marked as being injected, not pending: the next VM entry delivers it,
 * whatever NMI window the (maybe emulated) VMX would wait for. In a nested
 * guest it is made pending instead (KVM_NMI), so that the nested guest's
 * own controls decide, as on hardware: with NMI exiting it exits to its
 * monitor rather than entering the guest's IDT. */
int kvm_vcpu_nmi(struct kvm_vm *vm)
{
	struct kvm_vcpu_events ev;

	if (vcpu_in_nested_guest(vm))
		return ioctl(vm->vcpu_fd, KVM_NMI);

	if (ioctl(vm->vcpu_fd, KVM_GET_VCPU_EVENTS, &ev))
		return -1;
	ev.nmi.injected = 1;
	ev.flags = 0;
	return ioctl(vm->vcpu_fd, KVM_SET_VCPU_EVENTS, &ev);
}

struct kvm_msrs_one {
	struct kvm_msrs hdr;
	struct kvm_msr_entry e;
};

static int msr_ioctl(int fd, unsigned long req, uint32_t index, uint64_t *value)
{
	struct kvm_msrs_one m = { .hdr.nmsrs = 1, .e.index = index, .e.data = *value };

	if (ioctl(fd, req, &m) != 1)
		return -1;
	*value = m.e.data;
	return 0;
}

int kvm_feature_msr(int sys_fd, uint32_t index, uint64_t *value)
{
	*value = 0;
	return msr_ioctl(sys_fd, KVM_GET_MSRS, index, value);
}

int kvm_vcpu_set_msr(struct kvm_vm *vm, uint32_t index, uint64_t value)
{
	return msr_ioctl(vm->vcpu_fd, KVM_SET_MSRS, index, &value);
}

int kvm_vcpu_get_msr(struct kvm_vm *vm, uint32_t index, uint64_t *value)
{
	*value = 0;
	return msr_ioctl(vm->vcpu_fd, KVM_GET_MSRS, index, value);
}
