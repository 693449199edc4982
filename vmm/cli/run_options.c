// SPDX-License-Identifier: MIT
#include "cli/run_options.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pmswitch/layout.h>

#include "session/nmi_plan.h"

void run_request_defaults(struct run_request *req)
{
	memset(req, 0, sizeof(*req));
	session_options_defaults(&req->session);
	req->session.method_by_host = true;
	req->render.format = RENDER_HUMAN;
	req->render.out = stdout;
	req->keep_fd = -1;
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
	else if (!strcmp(s, "skip-exit"))
		*flags |= PMSW_BI_SKIP_EXIT;
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

int run_options_parse(int argc, char **argv, unsigned int allow, struct run_request *req,
		      int *next, char *err, size_t errlen)
{
	static const struct option opts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "memory", required_argument, NULL, 'M' },
		{ "inject", required_argument, NULL, 'I' },
		{ "nmi", required_argument, NULL, 'N' },
		{ "round-trips", required_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "tap", no_argument, NULL, 'T' },
		{ "payload-dir", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct session_options *so = &req->session;
	struct render_opts *ro = &req->render;
	unsigned long v;
	int c;

	optind = 0;             /* a full reset of getopt's state */
	opterr = 0;             /* the caller says what went wrong, its own way */
	while ((c = getopt_long(argc, argv, "+:m:t:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			so->method = method_find(optarg);
			so->method_by_host = false;
			if (so->method)
				break;
			if (method_planned(optarg))
				return fail(err, errlen, "method '%s' is not built into this version "
					    "(available: %s)", optarg, method_names());
			return fail(err, errlen, "unknown method '%s'", optarg);
		case 't':
			if (run_options_uint(optarg, 1, RUN_TIMEOUT_MAX_S, &v))
				return fail(err, errlen, "--timeout wants 1..%u seconds, not '%s'",
					    RUN_TIMEOUT_MAX_S, optarg);
			so->timeout_ms = (unsigned int)v * 1000;
			break;
		case 'M':
			if (run_options_memory(optarg, &so->memory_mib, err, errlen))
				return RUN_OPTIONS_ERROR;
			break;
		case 'I':
			if (parse_inject(optarg, &so->inject))
				return fail(err, errlen, "unknown --inject fault '%s' "
					    "(host-tr, guest-rflags, skip-exit)", optarg);
			break;
		case 'N':
			if (run_options_uint(optarg, 1, NMI_PLAN_MAX, &v))
				return fail(err, errlen, "--nmi wants 1..%u NMIs, not '%s'",
					    NMI_PLAN_MAX, optarg);
			so->nmi_count = (unsigned int)v;
			break;
		case 'R':
			if (run_options_uint(optarg, 1, RUN_ROUND_TRIPS_MAX, &v))
				return fail(err, errlen, "--round-trips wants 1..%u, not '%s'",
					    RUN_ROUND_TRIPS_MAX, optarg);
			so->round_trips = (unsigned int)v;
			break;
		case 'j':
		case 'q':
		case 'T':
		case 'v':
		case 'P':
			if (!(allow & RUN_OPT_OUTPUT))
				return fail(err, errlen, "'%s' is not accepted here", offending(argc, argv));
			if (c == 'j')
				ro->format = RENDER_JSON;
			else if (c == 'q')
				ro->format = RENDER_QUIET;
			else if (c == 'T')
				ro->format = RENDER_TAP;
			else if (c == 'P')
				so->payload_dir = optarg;
			else
				ro->verbose = true;
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
