// SPDX-License-Identifier: MIT
/*
 * The manifest of `pmswitch batch`: the input is the manifest file, loaded
 * as `batch` loads it (its run options through the same parser as `run`'s).
 * What it keeps must be what the format allows: two image paths, a status
 * 0..255, lines in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/batch/batch_manifest.h"
#include "fuzz.h"

static void broken(const char *what, unsigned int line)
{
	fprintf(stderr, "batch_manifest: %s (line %u)\n", what, line);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct batch_manifest m;
	struct run_request base;
	char err[512];

	run_request_defaults(&base);
	if (batch_manifest_load(&m, fuzz_file(data, size), &base, err, sizeof(err)))
		return 0;
	for (size_t i = 0; i < m.n; i++) {
		const struct batch_entry *e = &m.entry[i];

		if (!*e->original || !*e->target || !e->req.session.image[0] ||
		    !e->req.session.image[1] || e->expected < 0 || e->expected > 255)
			broken("an entry the format does not allow", e->line);
		if (i && e->line <= m.entry[i - 1].line)
			broken("entries out of order", e->line);
	}
	batch_manifest_free(&m);
	return 0;
}
