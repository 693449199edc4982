/* SPDX-License-Identifier: MIT */
/*
 * What a context image may say about itself, and the services the switcher
 * hands to its entry point:
 *
 *     long pmsw_entry(const struct pmsw_services *svc);
 *
 * called with the platform calling convention (SysV i386 cdecl or x86-64).
 * Returning from the original's entry requests the switch; the target's
 * return value (as a 32-bit int) ends the run.
 */
#ifndef PMSWITCH_IMAGE_H
#define PMSWITCH_IMAGE_H

#include "types.h"

/* Optional ELF note: PT_NOTE, name "pmswitch", type PMSW_NOTE_TYPE_CONTEXT. */
#define PMSW_NOTE_NAME          "pmswitch"
#define PMSW_NOTE_TYPE_CONTEXT  1u
#define PMSW_NOTE_VERSION       1u

#define PMSW_NOTE_F_PAE         (1u << 0)       /* ELF32 only: PAE paging */

/* CR4 bits an image may ask for (X86_CR4_*); others are refused. */
#define PMSW_NOTE_CR4_ALLOWED   ((1u << 7) | (1u << 9) | (1u << 10) | (1u << 20) | (1u << 21))
/*                                 PGE        OSFXSR     OSXMMEXCPT    SMEP         SMAP */

#define PMSW_STACK_DEFAULT      0x4000u
#define PMSW_STACK_MAX          0x100000u

struct pmsw_image_note {
	uint32_t version;       /* PMSW_NOTE_VERSION */
	uint32_t flags;         /* PMSW_NOTE_F_* */
	uint32_t cr4_set;       /* subset of PMSW_NOTE_CR4_ALLOWED */
	uint32_t stack_size;    /* bytes, page multiple, 0 = default */
};

/* Services table: function pointers use the context's own width. */
struct pmsw_services {
	uint32_t version;
	uint32_t ctx;           /* PMSW_CTX_ORIGINAL or PMSW_CTX_TARGET */
	void (*write)(const char *text, unsigned long len);
	void (*switch_now)(void);       /* original only: does not return */
	void (*exit)(int status);       /* ends the run now */
};

/*
 * For images written in C: PMSW_IMAGE_NOTE(flags, cr4_set, stack_size);
 * emits the note into a .note.pmswitch section (keep it in a PT_NOTE).
 */
#define PMSW_IMAGE_NOTE(f, cr4, stack)                                          \
	__attribute__((section(".note.pmswitch"), aligned(4), used))            \
	static const struct {                                                   \
		uint32_t namesz, descsz, type;                                  \
		char name[12];                                                  \
		struct pmsw_image_note desc;                                    \
	} pmsw_image_note_ = { 9, sizeof(struct pmsw_image_note),               \
			       PMSW_NOTE_TYPE_CONTEXT, PMSW_NOTE_NAME,          \
			       { PMSW_NOTE_VERSION, (f), (cr4), (stack) } }

#endif
