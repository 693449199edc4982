// SPDX-License-Identifier: MIT
/*
 * pmswitch inspect [--json] [--memory MIB] IMAGE.elf: the context the VMM
 * would build for an image (as the original), without KVM: mode, paging,
 * control registers, descriptor tables, and every mapping.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmswitch/layout.h>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/run_options.h"
#include "cli/run_pair.h"
#include "context/context_regs.h"
#include "context/window.h"
#include "session/session.h"

#define X64 "0x%" PRIx64

struct inspect {
	const struct elf_image *img;
	const struct context *ctx;
	bool json;
	unsigned int n;
};

static const char *paging_name(enum pmsw_paging p)
{
	return p == PMSW_PAGING_4LEVEL ? "4-level" : p == PMSW_PAGING_PAE ? "pae" : "2-level";
}

/* What a virtual range is for: the image's own segments, or the window. */
static const char *region(const struct inspect *in, uint64_t va)
{
	uint64_t stack = elf_image_stack_size(in->img);
	const char *what;

	for (unsigned int i = 0; i < in->img->nseg; i++) {
		uint64_t seg_va, seg_len;

		elf_segment_pages(&in->img->seg[i], &seg_va, &seg_len);
		if (va - seg_va < seg_len)
			return "image segment";
	}
	if (va >= in->ctx->state.stack_top - stack && va < in->ctx->state.stack_top)
		return "image stack";
	what = window_what(va, in->ctx->idx);
	return what ? what : "other";
}

static int print_mapping(void *ctx, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm)
{
	struct inspect *in = ctx;
	char p[5] = { 'r', perm & PT_WRITE ? 'w' : '-', perm & PT_EXEC ? 'x' : '-',
		      perm & PT_UNCACHED ? 'u' : '-', 0 };

	if (in->json)
		printf("%s{\"va\": %" PRIu64 ", \"pa\": %" PRIu64 ", \"size\": %" PRIu64
		       ", \"perm\": \"%s\", \"what\": \"%s\"}", in->n ? ", " : "", va, pa, len, p,
		       region(in, va));
	else
		printf("  " X64 "-" X64 " -> " X64 "  %s  %s\n", va, va + len, pa, p, region(in, va));
	in->n++;
	return 0;
}

/* "cr0: 0x...  cr3: ..." or JSON members, from the register table. */
static void print_control_regs(const struct pmsw_context_state *s, bool json)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < reg_nfields; i++) {
		const struct reg_field *f = &reg_fields[i];

		if (!(f->flags & REG_CONTROL))
			continue;
		if (json)
			printf(", \"%s\": %" PRIu64, f->name, reg_get(s, f->state));
		else
			printf("%s%s: " X64, n ? "  " : "", f->name, reg_get(s, f->state));
		n++;
	}
	if (!json)
		printf("\n");
}

static void print_context(const struct elf_image *img, const struct context *c, bool json)
{
	const struct pmsw_context_state *s = &c->state;
	struct inspect in = { img, c, json, 0 };

	if (json) {
		printf("{\"width\": %u, \"paging\": \"%s\", \"entry\": %" PRIu64 ", \"stack-top\": %"
		       PRIu64 ", \"stack-size\": %" PRIu64, s->width, paging_name(s->paging), s->entry,
		       s->stack_top, elf_image_stack_size(img));
		print_control_regs(s, json);
		printf(", \"gdtr\": {\"base\": %" PRIu64 ", \"limit\": %u}, \"idtr\": {\"base\": %"
		       PRIu64 ", \"limit\": %u}, \"tss\": {\"base\": %" PRIu64 ", \"limit\": %u}, "
		       "\"selectors\": {\"cs\": %u, \"ss\": %u, \"ds\": %u, \"tr\": %u}, \"mappings\": [",
		       s->gdtr_base, s->gdtr_limit, s->idtr_base, s->idtr_limit, s->tr_base,
		       s->tr_limit, s->cs, s->ss, s->ds, s->tr);
		page_table_for_each(&c->pt, print_mapping, &in);
		printf("]}\n");
		return;
	}
	printf("mode: %u-bit %s, %s paging\n", s->width,
	       s->width == 64 ? "IA-32e mode" : "protected mode", paging_name(s->paging));
	printf("entry: " X64 "\n", s->entry);
	printf("stack: " X64 "-" X64 " (%" PRIu64 " KiB)\n", s->stack_top - elf_image_stack_size(img),
	       s->stack_top, elf_image_stack_size(img) >> 10);
	print_control_regs(s, json);
	printf("gdt: " X64 " limit 0x%x (null, code 0x%x, data 0x%x, tss 0x%x)\n", s->gdtr_base,
	       s->gdtr_limit, s->cs, s->ds, s->tr);
	printf("idt: " X64 " limit 0x%x (vectors 0-31 -> switcher stubs at 0x%x)\n", s->idtr_base,
	       s->idtr_limit, PMSW_VECTORS_VA);
	printf("tss: " X64 " limit 0x%x\n", s->tr_base, s->tr_limit);
	printf("mappings (virtual -> physical, r/w/x/u = read, write, execute, uncached):\n");
	page_table_for_each(&c->pt, print_mapping, &in);
}

int cmd_inspect(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "memory", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct session_options so = { .memory_mib = PMSW_RAM_DEFAULT_MIB, .offline = true };
	struct session s;
	enum session_error e;
	char err[320];
	bool json = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (opt == 'j') {
			json = true;
		} else if (opt == 'M') {
			if (run_options_memory(optarg, &so.memory_mib, err, sizeof(err))) {
				fprintf(stderr, "pmswitch inspect: %s\n", err);
				return usage_inspect(stderr), PMSW_EXIT_USAGE;
			}
		} else if (opt == 'h') {
			return usage_inspect(stdout), PMSW_EXIT_OK;
		} else {
			return usage_inspect(stderr), PMSW_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "pmswitch inspect: needs exactly one IMAGE.elf\n");
		return usage_inspect(stderr), PMSW_EXIT_USAGE;
	}
	so.image[0] = argv[optind];
	so.payload_dir = g->payload_dir;
	e = session_build(&s, &so);
	if (e) {
		fprintf(stderr, "pmswitch: %s\n", s.error);
		return run_build_status(e);
	}
	if (!json)
		printf("image: %s\n", argv[optind]);
	print_context(&s.img[0], &s.ctx[0], json);
	session_destroy(&s);
	return PMSW_EXIT_OK;
}
