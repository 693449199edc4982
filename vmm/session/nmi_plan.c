// SPDX-License-Identifier: MIT
#include "session/nmi_plan.h"

#include <stdlib.h>

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* k points evenly over [from, from + len): from itself first. */
static unsigned int spread(unsigned int from, unsigned int len, unsigned int k, unsigned int *at)
{
	for (unsigned int i = 0; i < k; i++)
		at[i] = from + (unsigned int)((unsigned long long)i * len / k);
	return k;
}

unsigned int nmi_plan(unsigned int total, unsigned int sw_from, unsigned int sw_to,
		      unsigned int n, unsigned int *at)
{
	unsigned int sw_len = 0, n_sw, m = 0, out = 0, outside;

	if (!total || !n)
		return 0;
	if (n > NMI_PLAN_MAX)
		n = NMI_PLAN_MAX;
	if (sw_from && sw_from <= sw_to && sw_to <= total)
		sw_len = sw_to - sw_from + 1;
	n_sw = (n + 1) / 2 < sw_len ? (n + 1) / 2 : sw_len;
	m += spread(sw_from, sw_len, n_sw, at);
	/* The rest evenly over the run off the switch, each in the middle of
	 * its share: the j-th boundary off the switch is j + 1, or past it. */
	outside = total - sw_len;
	for (unsigned int i = 0; i < n - n_sw && outside; i++) {
		unsigned int j = (unsigned int)(((unsigned long long)2 * i + 1) * outside /
						(2ull * (n - n_sw)));

		at[m++] = sw_len && j + 1 >= sw_from ? j + 1 + sw_len : j + 1;
	}
	qsort(at, m, sizeof(*at), cmp_uint);
	for (unsigned int i = 0; i < m; i++)
		if (!out || at[i] != at[out - 1])
			at[out++] = at[i];
	return out;
}
