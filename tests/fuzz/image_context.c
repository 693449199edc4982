// SPDX-License-Identifier: MIT
/*
 * The image loader and the context builder. The input is an ELF file, given
 * to a session built offline with one context, as `pmswitch inspect` builds
 * it, and then to the payload loader, as a --payload-dir file is. Beyond
 * the sanitizers, what is built must hold: every mapping lies in guest RAM
 * (the device registers aside) and the entry is mapped executable; a
 * payload's segments lie in the switcher area and their bytes in the file,
 * which is what the machine copies them by.
 * The payloads come from $PMSWITCH_PAYLOAD_DIR (make sets build/payloads).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pmswitch/layout.h>

#include "fuzz.h"
#include "image/elf_image.h"
#include "image/elf_symbols.h"
#include "session/session.h"

static void broken(const char *what, uint64_t a, uint64_t b)
{
	fprintf(stderr, "image_context: %s (0x%" PRIx64 ", 0x%" PRIx64 ")\n", what, a, b);
	abort();
}

static int check_mapping(void *ctx, uint64_t va, uint64_t pa, uint64_t len, unsigned int perm)
{
	const struct guest_mem *mem = ctx;

	if (va == PMSW_MMIO_VA && pa == PMSW_MMIO_GPA && len == PMSW_MMIO_MAP_SIZE)
		return 0;
	if (!guest_mem_contains(mem, pa, len))
		broken("a mapping lies outside guest RAM", va, pa);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("PMSWITCH_PAYLOAD_DIR");
	char path[4096];

	/* Without the payloads every build fails alike and finds nothing. */
	snprintf(path, sizeof(path), "%s/switcher64.elf", dir ? dir : "");
	if (!dir || access(path, R_OK)) {
		fprintf(stderr, "image_context: PMSWITCH_PAYLOAD_DIR must name the built payloads "
			"(build/payloads)\n");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session_options so = { .memory_mib = PMSW_RAM_DEFAULT_MIB, .offline = true };
	const char *path = fuzz_file(data, size);
	struct elf_image payload;
	struct session s;
	enum session_error e;
	char err[256], sym[128];
	uint64_t pa, v;
	unsigned int perm;

	so.image[0] = path;
	e = session_build(&s, &so);
	if (e == SESSION_OK) {
		const struct context *c = &s.ctx[0];

		page_table_for_each(&c->pt, check_mapping, &s.m.vm.mem);
		if (page_table_walk(&c->pt, c->state.entry, &pa, &perm) || !(perm & PT_EXEC))
			broken("the entry is not mapped executable", c->state.entry, perm);
		session_destroy(&s);
	} else if (e != SESSION_BAD_IMAGE) {
		/* Not the image's fault: the payloads or guest RAM. */
		fprintf(stderr, "image_context: %s\n", s.error);
		abort();
	}
	if (!elf_image_load_payload(&payload, path, err, sizeof(err))) {
		for (unsigned int i = 0; i < payload.nseg; i++) {
			const struct elf_segment *g = &payload.seg[i];

			if (g->vaddr < PMSW_SWITCHER_VA || g->memsz > PMSW_SWITCHER_MAX ||
			    g->vaddr - PMSW_SWITCHER_VA > PMSW_SWITCHER_MAX - g->memsz)
				broken("a payload segment lies outside the switcher area", g->vaddr,
				       g->memsz);
			if (g->filesz > g->memsz || g->offset > payload.size ||
			    g->filesz > payload.size - g->offset)
				broken("a payload segment's bytes are not the file's", g->offset,
				       g->filesz);
		}
		elf_image_symbol(&payload, "pmsw_vectors", &v);
		elf_image_symbolize(&payload, payload.entry, sym, sizeof(sym));
		elf_image_free(&payload);
	}
	return 0;
}
