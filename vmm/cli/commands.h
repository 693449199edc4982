/* SPDX-License-Identifier: MIT */
/* The subcommands of pmswitch, and what every one of them shares. */
#ifndef VMM_COMMANDS_H
#define VMM_COMMANDS_H

#include <stdio.h>

#include "cli/sandbox.h"

struct global_opts {
	const char *payload_dir;        /* --payload-dir, or NULL */
	struct sandbox_user user;       /* --user: who runs the vCPU (run, batch) */
};

int cmd_batch(int argc, char **argv, const struct global_opts *g);
int cmd_check(int argc, char **argv, const struct global_opts *g);
int cmd_run(int argc, char **argv, const struct global_opts *g);
int cmd_inspect(int argc, char **argv, const struct global_opts *g);
int cmd_probe(int argc, char **argv, const struct global_opts *g);

void usage_main(FILE *f);
void usage_batch(FILE *f);
void usage_check(FILE *f);
void usage_run(FILE *f);
void usage_inspect(FILE *f);
void usage_probe(FILE *f);

#endif
