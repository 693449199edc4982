// SPDX-License-Identifier: MIT
/* pmswitch batch [-j N] [--tap] [--junit FILE] [-t SECONDS] MANIFEST */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/batch/batch_manifest.h"
#include "cli/batch/batch_report.h"
#include "cli/batch/batch_run.h"
#include "cli/commands.h"
#include "cli/exit_status.h"
#include "cli/run_options.h"

#define JOBS_MAX 1024u

struct batch_opts {
	unsigned int jobs;
	enum batch_format format;
	const char *junit;
	unsigned int timeout_s;
	const char *manifest;
};

__attribute__((format(printf, 1, 2)))
static int bad_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("pmswitch batch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage_batch(stderr);
	return PMSW_EXIT_USAGE;
}

static unsigned int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > (long)JOBS_MAX ? JOBS_MAX : (unsigned int)n;
}

/* Returns -1 to go on, or the exit status. */
static int parse_args(int argc, char **argv, struct batch_opts *o)
{
	static const struct option opts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "tap", no_argument, NULL, 'T' },
		{ "junit", required_argument, NULL, 'J' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c;

	*o = (struct batch_opts){ .jobs = online_cpus(), .format = BATCH_HUMAN, .timeout_s = 10 };
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:j:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (run_options_uint(optarg, 1, JOBS_MAX, &v))
				return bad_usage("-j wants 1..%u parallel runs, not '%s'", JOBS_MAX, optarg);
			o->jobs = (unsigned int)v;
			break;
		case 'T':
			o->format = BATCH_TAP;
			break;
		case 'J':
			o->junit = optarg;
			break;
		case 't':
			if (run_options_uint(optarg, 1, RUN_TIMEOUT_MAX_S, &v))
				return bad_usage("--timeout wants 1..%u seconds, not '%s'", RUN_TIMEOUT_MAX_S,
						 optarg);
			o->timeout_s = (unsigned int)v;
			break;
		case 'h':
			usage_batch(stdout);
			return PMSW_EXIT_OK;
		case ':':
			return bad_usage("option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt)
				return bad_usage("unknown option '-%c'", optopt);
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return bad_usage("%s", optind == argc ? "needs a MANIFEST" : "takes one MANIFEST");
	o->manifest = argv[optind];
	return -1;
}

int cmd_batch(int argc, char **argv, const struct global_opts *g)
{
	struct batch_opts o;
	struct batch_manifest m;
	struct batch_report rep;
	struct batch_result *res = NULL;
	struct batch_signals bs;
	struct batch_junit_file junit = { 0 };
	struct run_request base;
	char err[600];
	double start = batch_now();
	int status = parse_args(argc, argv, &o);

	if (status >= 0)
		return status;
	run_request_defaults(&base);
	base.session.payload_dir = g->payload_dir;
	base.user = g->user;
	base.session.timeout_ms = o.timeout_s * 1000;
	/* Read before the stop signals are blocked: a manifest on a terminal
	 * can still be left with ^C. */
	if (batch_manifest_load(&m, o.manifest, &base, err, sizeof(err))) {
		fprintf(stderr, "pmswitch batch: %s\n", err);
		return PMSW_EXIT_USAGE;
	}
	if (batch_signals_block(&bs)) {
		fprintf(stderr, "pmswitch batch: cannot block the stop signals: %s\n", strerror(errno));
		status = PMSW_EXIT_FAIL;
		goto out;
	}
	if (o.junit && batch_junit_open(&junit, o.junit)) {
		fprintf(stderr, "pmswitch batch: cannot write %s: %s\n", o.junit, strerror(errno));
		status = PMSW_EXIT_USAGE;
		goto out;
	}
	res = calloc(m.n, sizeof(*res));
	if (!res) {
		fprintf(stderr, "pmswitch batch: out of memory\n");
		status = PMSW_EXIT_FAIL;
		goto out;
	}
	batch_report_begin(&rep, stdout, o.format, m.n);
	if (batch_run(&m, o.jobs, &bs, res, batch_report_pair, &rep) < 0) {
		status = PMSW_EXIT_FAIL;
		goto out;
	}
	batch_report_end(&rep);
	status = batch_report_status(&rep);
	/* Not written whole: discarded below, the file is left as it was. */
	if (junit.f && (batch_junit_write(junit.f, o.manifest, &m, res, batch_now() - start) ||
			batch_junit_commit(&junit))) {
		fprintf(stderr, "pmswitch batch: cannot write %s: %s\n", o.junit, strerror(errno));
		if (!rep.stop_signal)   /* a stop's 128+N stands */
			status = PMSW_EXIT_FAIL;
	}
out:
	batch_junit_discard(&junit);
	if (res)
		batch_results_free(res, m.n);
	free(res);
	batch_manifest_free(&m);
	return status;
}
