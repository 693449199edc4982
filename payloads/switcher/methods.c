// SPDX-License-Identifier: MIT
/*
 * The methods built into the switcher (doc/architecture.md "Adding a
 * method"): each is defined in its own file; this list is the one place
 * that names them.
 */
#include <stddef.h>

#include <pmswitch/types.h>

#include "method.h"

extern const struct switch_method vmx_exit_method;
extern const struct switch_method piecemeal_method;
extern const struct switch_method task_switch_method;
extern const struct switch_method vmx_entry_method;
extern const struct switch_method svm_entry_method;

static const struct switch_method *const methods[] = {
	&vmx_exit_method,
	&piecemeal_method,
#ifdef __x86_64__
	&vmx_entry_method,      /* their monitor is a 64-bit context */
	&svm_entry_method,
#else
	&task_switch_method,    /* IA-32e mode has no task switch */
#endif
};

const struct switch_method *switch_method_find(uint32_t code)
{
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(methods); i++)
		if (methods[i]->code == code)
			return methods[i];
	return NULL;
}
