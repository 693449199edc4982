// SPDX-License-Identifier: MIT
/* A target that gcc -O2 compiles to SSE (array initialisers, vector adds):
 * contexts must have CR4.OSFXSR on, or this is #UD (vector 6). */
#include <pmswitch/image.h>

struct block {
	long v[8];
};

static void fill(struct block *b, long x)
{
	for (int i = 0; i < 8; i++)
		b->v[i] = x + i;
}

long pmsw_entry(const struct pmsw_services *svc)
{
	char msg[32] = "target used SSE registers\n";
	struct block b;
	long sum = 0;

	fill(&b, 3);
	for (int i = 0; i < 8; i++)
		sum += b.v[i];
	svc->write(msg, 26);
	return sum == 52 ? 0 : 1;
}
