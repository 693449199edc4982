// SPDX-License-Identifier: MIT
#include "methods/methods.h"

#include <stdio.h>
#include <string.h>

const struct method *const methods[] = {
	&method_vmx_exit,
	&method_piecemeal,
	&method_task_switch,
	&method_vmx_entry,
};
const unsigned int nmethods = PMSW_ARRAY_SIZE(methods);

/* Documented (man page, METHODS) but not built yet: the parser names them
 * as such. A name leaves this list when its entry joins the table. */
static const char *const planned[] = { "svm-entry" };

const struct method *method_find(const char *name)
{
	for (unsigned int i = 0; i < nmethods; i++)
		if (!strcmp(methods[i]->name, name))
			return methods[i];
	return NULL;
}

bool method_planned(const char *name)
{
	for (unsigned int i = 0; i < PMSW_ARRAY_SIZE(planned); i++)
		if (!strcmp(planned[i], name))
			return true;
	return false;
}

const struct method *method_by_code(enum pmsw_method code)
{
	for (unsigned int i = 0; i < nmethods; i++)
		if (methods[i]->code == code)
			return methods[i];
	return NULL;
}

const char *method_names(void)
{
	static char names[256];

	if (!names[0])
		for (unsigned int i = 0; i < nmethods; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 i ? " " : "", methods[i]->name);
	return names;
}
