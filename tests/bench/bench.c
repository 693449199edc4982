// SPDX-License-Identifier: MIT
/*
 * bench [--runs N] [--keep DIR] SPEC
 *
 * SPEC names the workloads, one a line: LABEL CMD [ARG]... (words split at
 * blanks; # starts a comment line). They run interleaved, round after round
 * (round r starts at workload r mod count), so that whatever else the machine
 * does falls on all of them alike. Each run: fork, exec CMD with stdin,
 * stdout and stderr on /dev/null, wait4. Then one line per workload:
 *
 *   LABEL runs=N exit=S fails=K wall_us=MED/MIN/MAX cpu_us=... user_us=...
 *         sys_us=... tsc=... rss_kib=...
 *
 * wall_us: CLOCK_MONOTONIC; tsc: the TSC across fork to wait4; cpu_us: user +
 * system time from wait4's rusage (the kernel accounts it per task; sleeping
 * does not count); rss_kib: the peak resident set. exit: the first run's
 * status (128+N for signal N), fails: the runs whose status differed from it.
 * --keep DIR: the last round's stdout and stderr go to DIR/LABEL.out and
 * DIR/LABEL.err instead. Under an emulator the clocks disagree with each
 * other and with the wall: compare workloads by ratios of one figure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#define MAX_RUNS      1000
#define MAX_WORKLOADS 32
#define MAX_ARGS      64

enum { WALL, CPU, USER, SYS, TSC, RSS, NFIG };
static const char *const fig_name[NFIG] = {
	"wall_us", "cpu_us", "user_us", "sys_us", "tsc", "rss_kib",
};

struct workload {
	char *label;
	char *argv[MAX_ARGS + 1];
	uint64_t fig[NFIG][MAX_RUNS];
	int status, fails;
};

static struct workload wl[MAX_WORKLOADS];
static int nwl;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t tv_us(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench [--runs N(1..%d)] [--keep DIR] SPEC\n", MAX_RUNS);
	return 2;
}

static int read_spec(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (!f)
		return perror(path), -1;
	while (fgets(line, sizeof(line), f)) {
		struct workload *w = &wl[nwl];
		int n = 0;

		for (char *tok = strtok(line, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
			if (n == 0 && tok[0] == '#')
				break;
			if (n > MAX_ARGS) {
				fprintf(stderr, "bench: %s: too many words\n", path);
				return fclose(f), -1;
			}
			if (n == 0)
				w->label = strdup(tok);
			else
				w->argv[n - 1] = strdup(tok);
			n++;
		}
		if (n == 0)
			continue;
		if (n < 2 || nwl == MAX_WORKLOADS) {
			fprintf(stderr, "bench: %s: %s\n", path,
				n < 2 ? "a workload needs LABEL and CMD" : "too many workloads");
			return fclose(f), -1;
		}
		nwl++;
	}
	fclose(f);
	return nwl ? 0 : (fprintf(stderr, "bench: %s: no workloads\n", path), -1);
}

/* Where a run's stdout and stderr go: /dev/null, or DIR/LABEL.{out,err}. */
static int out_fd(const char *keep, const char *label, const char *ext)
{
	char path[4096];

	if (!keep)
		return open("/dev/null", O_WRONLY);
	snprintf(path, sizeof(path), "%s/%s.%s", keep, label, ext);
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

static int run_once(struct workload *w, int i, const char *keep)
{
	uint64_t t0 = __rdtsc(), u0 = now_us();
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY), out = out_fd(keep, w->label, "out"),
		    err = out_fd(keep, w->label, "err");

		if (in < 0 || out < 0 || err < 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		execvp(w->argv[0], w->argv);
		_exit(127);
	}
	if (pid < 0)
		return perror("bench: fork"), -1;
	while (wait4(pid, &status, 0, &ru) != pid)
		if (errno != EINTR)
			return perror("bench: wait4"), -1;
	w->fig[TSC][i] = __rdtsc() - t0;
	w->fig[WALL][i] = now_us() - u0;
	w->fig[USER][i] = tv_us(ru.ru_utime);
	w->fig[SYS][i] = tv_us(ru.ru_stime);
	w->fig[CPU][i] = w->fig[USER][i] + w->fig[SYS][i];
	w->fig[RSS][i] = (uint64_t)ru.ru_maxrss;
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (i == 0)
		w->status = status;
	else if (status != w->status)
		w->fails++;
	return 0;
}

int main(int argc, char **argv)
{
	const char *keep = NULL;
	int runs = 1, a = 1;

	for (; a < argc - 1 && argv[a][0] == '-'; a += 2) {
		if (!strcmp(argv[a], "--runs"))
			runs = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--keep"))
			keep = argv[a + 1];
		else
			return usage();
	}
	if (a != argc - 1 || runs < 1 || runs > MAX_RUNS)
		return usage();
	if (read_spec(argv[a]))
		return 2;
	for (int r = 0; r < runs; r++)
		for (int k = 0; k < nwl; k++)
			if (run_once(&wl[(r + k) % nwl], r, r == runs - 1 ? keep : NULL))
				return 1;
	for (int k = 0; k < nwl; k++) {
		struct workload *w = &wl[k];

		printf("%s runs=%d exit=%d fails=%d", w->label, runs, w->status, w->fails);
		for (int f = 0; f < NFIG; f++) {
			qsort(w->fig[f], (size_t)runs, sizeof(uint64_t), cmp_u64);
			printf(" %s=%llu/%llu/%llu", fig_name[f],
			       (unsigned long long)w->fig[f][runs / 2],
			       (unsigned long long)w->fig[f][0],
			       (unsigned long long)w->fig[f][runs - 1]);
		}
		printf("\n");
	}
	return 0;
}
