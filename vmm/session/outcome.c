// SPDX-License-Identifier: MIT
#include "session/outcome.h"

#include <stdlib.h>

void run_outcome_free(struct run_outcome *o)
{
	record_log_free(&o->log);
	free(o->steps);
	o->steps = NULL;
	free(o->nmis);
	o->nmis = NULL;
	o->nnmis = 0;
	o->nsteps = 0;
}

uint64_t run_outcome_switch_tsc(const struct run_outcome *o)
{
	const struct record_log *l = &o->log;
	uint64_t from, to;

	if (!o->method || !record_log_saw(l, o->method->span_from) ||
	    !record_log_saw(l, o->method->span_to))
		return 0;
	from = l->tsc[o->method->span_from];
	to = l->tsc[o->method->span_to];
	return to > from ? to - from : 0;
}
