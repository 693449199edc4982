// SPDX-License-Identifier: MIT
#include "cli/run_options.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmswitch/layout.h>

void run_config_defaults(struct run_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->method = PMSW_METHOD_VMX_EXIT;
	cfg->timeout_ms = 10000;
	cfg->memory_mib = PMSW_RAM_DEFAULT_MIB;
	cfg->format = TIMELINE_HUMAN;
	cfg->out = stdout;
}

int run_options_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s < '0' || *s > '9')
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

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...);

int run_options_memory(const char *s, unsigned int *mib, char *err, size_t errlen)
{
	unsigned long v;

	if (run_options_uint(s, PMSW_RAM_MIN_MIB, PMSW_RAM_MAX_MIB, &v))
		return fail(err, errlen, "--memory wants %u..%u MiB, not '%s'",
			    PMSW_RAM_MIN_MIB, PMSW_RAM_MAX_MIB, s);
	*mib = (unsigned int)v;
	return 0;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return RUN_OPTIONS_ERROR;
}

/* The option getopt stopped at, as the user wrote it. */
static const char *offending(int argc, char **argv)
{
	int i = optind - 1;

	return i >= 1 && i < argc ? argv[i] : "?";
}

int run_options_parse(int argc, char **argv, unsigned int allow, struct run_config *cfg,
		      int *next, char *err, size_t errlen)
{
	static const struct option opts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "memory", required_argument, NULL, 'M' },
		{ "inject", required_argument, NULL, 'I' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "tap", no_argument, NULL, 'T' },
		{ "payload-dir", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c;

	optind = 0;             /* a full reset of getopt's state */
	opterr = 0;             /* the caller says what went wrong, its own way */
	while ((c = getopt_long(argc, argv, "+:m:t:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (run_method_parse(optarg, &cfg->method))
				return fail(err, errlen, "unknown method '%s'", optarg);
			if (cfg->method != PMSW_METHOD_VMX_EXIT)
				return fail(err, errlen, "method '%s' is not built into this version "
					    "(available: vmx-exit)", optarg);
			break;
		case 't':
			if (run_options_uint(optarg, 1, RUN_TIMEOUT_MAX_S, &v))
				return fail(err, errlen, "--timeout wants 1..%u seconds, not '%s'",
					    RUN_TIMEOUT_MAX_S, optarg);
			cfg->timeout_ms = (unsigned int)v * 1000;
			break;
		case 'M':
			if (run_options_memory(optarg, &cfg->memory_mib, err, errlen))
				return RUN_OPTIONS_ERROR;
			break;
		case 'I':
			if (parse_inject(optarg, &cfg->inject))
				return fail(err, errlen, "unknown --inject fault '%s' "
					    "(host-tr, guest-rflags)", optarg);
			break;
		case 'j':
		case 'q':
		case 'T':
		case 'v':
		case 'P':
			if (!(allow & RUN_OPT_OUTPUT))
				return fail(err, errlen, "'%s' is not accepted here", offending(argc, argv));
			if (c == 'j')
				cfg->format = TIMELINE_JSON;
			else if (c == 'q')
				cfg->format = TIMELINE_QUIET;
			else if (c == 'T')
				cfg->format = TIMELINE_TAP;
			else if (c == 'P')
				cfg->payload_dir = optarg;
			else
				cfg->verbose = true;
			break;
		case 'h':
			if (!(allow & RUN_OPT_HELP))
				return fail(err, errlen, "'%s' is not accepted here", offending(argc, argv));
			*next = optind;
			return RUN_OPTIONS_HELP;
		case ':':
			return fail(err, errlen, "option '%s' needs a value", offending(argc, argv));
		default: {
			const char *a = offending(argc, argv);

			if (strncmp(a, "--", 2))
				return fail(err, errlen, "unknown option '-%c'", optopt);
			if (strchr(a, '='))
				return fail(err, errlen, "'%s': unknown option, or one that takes "
					    "no value", a);
			return fail(err, errlen, "unknown option '%s'", a);
		}
		}
	}
	*next = optind;
	return RUN_OPTIONS_OK;
}
