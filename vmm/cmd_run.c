// SPDX-License-Identifier: MIT
/* pmswitch run [OPTIONS] ORIGINAL.elf TARGET.elf */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pmswitch/layout.h>

#include "commands.h"
#include "exit_status.h"
#include "run.h"

static int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_inject(const char *s, uint32_t *flags)
{
	if (!strcmp(s, "host-tr"))
		*flags |= PMSW_BI_BREAK_HOST_TR;
	else if (!strcmp(s, "guest-rflags"))
		*flags |= PMSW_BI_BREAK_GUEST_RFLAGS;
	else
		return -1;
	return 0;
}

/* Colour only for a terminal that can show it (NO_COLOR: no-color.org). */
static bool color_wanted(void)
{
	const char *term = getenv("TERM");

	return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && term && *term && strcmp(term, "dumb");
}

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("pmswitch run: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage_run(stderr);
	return PMSW_EXIT_USAGE;
}

int cmd_run(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "memory", required_argument, NULL, 'M' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "inject", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_config cfg = {
		.method = PMSW_METHOD_VMX_EXIT, .timeout_ms = 10000,
		.memory_mib = PMSW_RAM_DEFAULT_MIB, .format = TIMELINE_HUMAN,
		.payload_dir = g->payload_dir, .out = stdout,
	};
	unsigned long v;
	int c;

	while ((c = getopt_long(argc, argv, "+m:t:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (run_method_parse(optarg, &cfg.method))
				return bad_usage("unknown method '%s'", optarg);
			if (cfg.method != PMSW_METHOD_VMX_EXIT)
				return bad_usage("method '%s' is not built into this version "
						 "(available: vmx-exit)", optarg);
			break;
		case 't':
			if (parse_uint(optarg, 1, 3600, &v))
				return bad_usage("--timeout wants 1..3600 seconds, not '%s'", optarg);
			cfg.timeout_ms = (unsigned int)v * 1000;
			break;
		case 'M':
			if (parse_uint(optarg, PMSW_RAM_MIN_MIB, PMSW_RAM_MAX_MIB, &v))
				return bad_usage("--memory wants 32..3072 MiB, not '%s'", optarg);
			cfg.memory_mib = (unsigned int)v;
			break;
		case 'j':
			cfg.format = TIMELINE_JSON;
			break;
		case 'q':
			cfg.format = TIMELINE_QUIET;
			break;
		case 'v':
			cfg.verbose = true;
			break;
		case 'I':
			if (parse_inject(optarg, &cfg.inject))
				return bad_usage("unknown --inject fault '%s'", optarg);
			break;
		case 'h':
			usage_run(stdout);
			return PMSW_EXIT_OK;
		default:
			usage_run(stderr);
			return PMSW_EXIT_USAGE;
		}
	}
	if (argc - optind != 2)
		return bad_usage("%s", argc - optind < 2 ? "needs ORIGINAL.elf and TARGET.elf" :
				 "takes exactly two images");
	cfg.original = argv[optind];
	cfg.target = argv[optind + 1];
	cfg.color = color_wanted();
	return run_pair(&cfg);
}
