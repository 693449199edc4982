// SPDX-License-Identifier: MIT
/*
 * bench N LABEL CMD [ARG]... : runs CMD N times (stdout and stderr to
 * /dev/null) and prints one line: LABEL, the median and the minimum of the
 * TSC cycles and of the CLOCK_MONOTONIC microseconds per run, the median
 * peak resident memory (KiB, from wait4), and CMD's last exit status. Under an emulator the two clocks disagree; compare
 * workloads by the ratio of one clock, measured in the same run.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#define MAX_RUNS 1000

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

int main(int argc, char **argv)
{
	static uint64_t tsc[MAX_RUNS], us[MAX_RUNS], rss[MAX_RUNS];
	int n = argc > 3 ? atoi(argv[1]) : 0, status = 0;

	if (n < 1 || n > MAX_RUNS) {
		fprintf(stderr, "usage: bench N(1..%d) LABEL CMD [ARG]...\n", MAX_RUNS);
		return 2;
	}
	for (int i = 0; i < n; i++) {
		uint64_t t0 = __rdtsc(), u0 = now_us();
		struct rusage ru;
		pid_t pid = fork();

		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);

			dup2(null, 1);
			dup2(null, 2);
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
			return perror("bench"), 1;
		tsc[i] = __rdtsc() - t0;
		us[i] = now_us() - u0;
		rss[i] = (uint64_t)ru.ru_maxrss;
	}
	qsort(tsc, (size_t)n, sizeof(tsc[0]), cmp_u64);
	qsort(us, (size_t)n, sizeof(us[0]), cmp_u64);
	qsort(rss, (size_t)n, sizeof(rss[0]), cmp_u64);
	printf("%s runs=%d tsc_median=%llu tsc_min=%llu us_median=%llu us_min=%llu rss_kib=%llu "
	       "exit=%d\n", argv[2], n, (unsigned long long)tsc[n / 2], (unsigned long long)tsc[0],
	       (unsigned long long)us[n / 2], (unsigned long long)us[0],
	       (unsigned long long)rss[n / 2],
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
