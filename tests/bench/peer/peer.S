/* SPDX-License-Identifier: MIT */
/*
 * The peer's guest (tests/bench/run): what a pmswitch run does, done by a
 * guest that QEMU boots. QEMU's microvm enters it through the PVH note in
 * 32-bit protected mode without paging; it builds and enters a context of
 * its own (GDT with a TSS, IDT, 2-level page tables, paging on), writes one
 * line to the serial console, and powers off through isa-debug-exit (QEMU
 * then exits with status 1: (0 << 1) | 1). A fault writes "fault" and exits
 * with status 3.
 */
#define COM1		0x3f8
#define EXIT_PORT	0xf4

	.section .note.Xen, "a", @note
	.p2align 2
	.long 4, 4, 18			/* namesz, descsz, XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long start

	.code32
	.text
	.globl start
start:
	cli
	/* TSS descriptor base, filled in here: its bits are split. */
	mov $tss, %eax
	mov %ax, gdt + 0x18 + 2
	shr $16, %eax
	mov %al, gdt + 0x18 + 4
	mov %ah, gdt + 0x18 + 7
	lgdt gdt_desc
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	mov $stack_top, %esp
	mov $0x18, %ax
	ltr %ax

	/* IDT: vectors 0-31 as interrupt gates to fault. */
	mov $idt, %edi
	mov $32, %ecx
2:	mov $fault, %eax
	mov %ax, (%edi)
	movw $0x08, 2(%edi)
	movw $0x8e00, 4(%edi)
	shr $16, %eax
	mov %ax, 6(%edi)
	add $8, %edi
	loop 2b
	lidt idt_desc

	/* Page tables: the first 4 MiB identity-mapped with 4 KiB pages. */
	mov $page_table, %edi
	mov $0x003, %eax		/* present, writable */
	mov $1024, %ecx
3:	mov %eax, (%edi)
	add $4, %edi
	add $0x1000, %eax
	loop 3b
	mov $page_table + 0x003, %eax
	mov %eax, page_dir
	mov $page_dir, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80010000, %eax		/* PG, WP */
	mov %eax, %cr0

	mov $hello, %esi
	call puts
	mov $0, %al
	outb %al, $EXIT_PORT
	jmp halt

fault:
	mov $fault_text, %esi
	call puts
	mov $1, %al
	outb %al, $EXIT_PORT
halt:	hlt
	jmp halt

/* The NUL-terminated string at %esi to COM1, each byte when the UART can take it. */
puts:	mov $COM1 + 5, %dx
4:	inb %dx, %al
	test $0x20, %al
	jz 4b
	lodsb
	test %al, %al
	jz 5f
	mov $COM1, %dx
	outb %al, %dx
	jmp puts
5:	ret

	.section .rodata
hello:	.asciz "hello from the peer guest\n"
fault_text: .asciz "fault\n"

	.data
	.p2align 3
gdt:	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08 code, flat 32-bit */
	.quad 0x00cf92000000ffff	/* 0x10 data, flat */
	.quad 0x0000890000000067	/* 0x18 TSS (available), base filled in */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt
idt_desc:
	.word 32 * 8 - 1
	.long idt

	.bss
	.p2align 12
page_dir:	.skip 4096
page_table:	.skip 4096
idt:		.skip 32 * 8
tss:		.skip 0x68
	.p2align 4
		.skip 4096
stack_top:
