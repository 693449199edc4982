/* SPDX-License-Identifier: MIT */
/* The manifest of `pmswitch batch`: one pair a line,
 *     ORIGINAL TARGET [EXPECTED-STATUS] [RUN-OPTIONS...]
 * fields separated by blanks (no quoting), '#' to the end of the line a
 * comment, blank lines ignored. Relative image paths are relative to the
 * manifest's folder. EXPECTED-STATUS is 0..255 (default 0); RUN-OPTIONS are
 * those of `pmswitch run` that shape the run (--method, --timeout, --memory,
 * --inject), checked by the same parser. */
#ifndef VMM_BATCH_MANIFEST_H
#define VMM_BATCH_MANIFEST_H

#include <stddef.h>
#include <stdio.h>

#include "cli/run_options.h"

#define BATCH_LINE_MAX 4096     /* bytes in one line, newline excluded */

struct batch_entry {
	unsigned int line;              /* 1-based line in the manifest */
	char *original, *target;        /* as written in the manifest */
	char *options;                  /* run options as written, blank-separated; "" if none */
	int expected;                   /* the exit status the pair should end with */
	struct run_request req;         /* .session.image: the resolved paths (owned) */
};

struct batch_manifest {
	struct batch_entry *entry;
	size_t n, cap;
};

/* Reads every line of f. name is what messages call the manifest; dir is the
 * folder relative paths are resolved against (NULL or "": kept as written);
 * base is the configuration each entry starts from before its run options.
 * On error returns -1 with one line in err, "NAME:LINE: problem", and keeps
 * nothing. */
int batch_manifest_read(struct batch_manifest *m, FILE *f, const char *name, const char *dir,
			const struct run_request *base, char *err, size_t errlen);

/* Opens path ("-": standard input, paths then relative to the current folder)
 * and reads it as above; also refuses a path that is not a regular file (a
 * FIFO, a device: "PATH: not a regular file") and a manifest without a
 * single pair. */
int batch_manifest_load(struct batch_manifest *m, const char *path,
			const struct run_request *base, char *err, size_t errlen);

void batch_manifest_free(struct batch_manifest *m);

#endif
