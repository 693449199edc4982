// SPDX-License-Identifier: MIT
/*
 * The floor a KVM process cannot go below: open /dev/kvm, create a VM with
 * one 2 MiB RAM slot and one vCPU, run real-mode code to a single OUT, exit.
 * pmswitch's cost is reported as a multiple of this (tests/bench/run).
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define RAM (2u << 20)

int main(void)
{
	static const unsigned char code[] = { 0xe6, 0xf4, 0xf4 };      /* out %al, $0xf4; hlt */
	struct kvm_userspace_memory_region slot = { .memory_size = RAM };
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = 0x1000, .rflags = 2 };
	struct kvm_run *run;
	int kvm, vm, vcpu;
	void *mem;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0 || (vm = ioctl(kvm, KVM_CREATE_VM, 0)) < 0)
		return perror("kvm_floor: VM"), 1;
	mem = mmap(NULL, RAM, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return perror("kvm_floor: mmap"), 1;
	memcpy((char *)mem + 0x1000, code, sizeof(code));
	slot.userspace_addr = (unsigned long)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &slot) || (vcpu = ioctl(vm, KVM_CREATE_VCPU, 0)) < 0)
		return perror("kvm_floor: slot/vCPU"), 1;
	run = mmap(NULL, (size_t)ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0), PROT_READ | PROT_WRITE,
		   MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &sregs))
		return perror("kvm_floor: vCPU state"), 1;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) || ioctl(vcpu, KVM_SET_REGS, &regs) ||
	    ioctl(vcpu, KVM_RUN, 0) || run->exit_reason != KVM_EXIT_IO || run->io.port != 0xf4)
		return fprintf(stderr, "kvm_floor: guest did not reach its OUT\n"), 1;
	return 0;
}
