// SPDX-License-Identifier: MIT
#include "methods/methods.h"

#include <stdio.h>
#include <string.h>

const struct method *const methods[] = {
	&method_vmx_exit,
	&method_piecemeal,
	&method_task_switch,
	&method_vmx_entry,
	&method_svm_entry,
};
const unsigned int nmethods = PMSW_ARRAY_SIZE(methods);

/* Documented (man page, METHODS) but not built yet: the parser names them
 * as such. A name leaves this list when its entry joins the table. None is
 * left; the list stays for the next one. */
static const char *const planned[] = { NULL };

const struct method *method_find(const char *name)
{
	for (unsigned int i = 0; i < nmethods; i++)
		if (!strcmp(methods[i]->name, name))
			return methods[i];
	return NULL;
}

bool method_planned(const char *name)
{
	for (unsigned int i = 0; i < PMSW_ARRAY_SIZE(planned) && planned[i]; i++)
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

bool method_host_ok(const struct method *m, bool nested_vmx, bool nested_svm)
{
	switch (m->host) {
	case METHOD_HOST_NESTED_VMX:
		return nested_vmx;
	case METHOD_HOST_NESTED_SVM:
		return nested_svm;
	case METHOD_HOST_ANY:
		break;
	}
	return true;
}

const struct method *method_host_default(bool nested_vmx, bool nested_svm, const char **name)
{
	*name = nested_vmx ? "vmx-exit" : nested_svm ? "svm-entry" : "";
	return **name ? method_find(*name) : NULL;
}

void method_host_names(bool nested_vmx, bool nested_svm, char *buf, size_t len)
{
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	for (unsigned int i = 0; i < nmethods && n < len; i++) {
		int w;

		if (!method_host_ok(methods[i], nested_vmx, nested_svm))
			continue;
		w = snprintf(buf + n, len - n, "%s%s", n ? " " : "", methods[i]->name);
		if (w < 0 || (size_t)w >= len - n) {
			buf[n] = '\0';         /* whole names only */
			return;
		}
		n += (size_t)w;
	}
}
