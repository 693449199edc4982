// SPDX-License-Identifier: MIT
/* The method table: every entry is whole and consistent, so a new method
 * is checked the moment it is added. */
#include <criterion/criterion.h>
#include <string.h>

#include <pmswitch/report.h>

#include "methods/methods.h"

static int step_index(const struct method *m, uint16_t ev)
{
	for (unsigned int i = 0; i < m->nevents; i++)
		if (m->events[i] == ev)
			return (int)i;
	return -1;
}

Test(methods, entries_are_whole)
{
	cr_assert_gt(nmethods, 0);
	for (unsigned int i = 0; i < nmethods; i++) {
		const struct method *m = methods[i];

		cr_expect(m->name && *m->name);
		cr_expect_eq(method_find(m->name), m, "%s found by name", m->name);
		cr_expect_eq(method_by_code(m->code), m, "%s found by code", m->name);
		cr_expect(!method_planned(m->name), "%s is built, not planned", m->name);
		cr_expect(m->widths != METHOD_SAME_WIDTH || (m->widths_why && *m->widths_why));
		/* A monitor sets VMX up in its own context before O runs. */
		cr_expect(m->monitor ? step_index(m, PMSW_EV_ENTER_ORIGINAL) > 0 :
			  m->events[0] == PMSW_EV_ENTER_ORIGINAL, "%s starts in O", m->name);
		cr_expect_eq(m->events[m->nevents - 1], PMSW_EV_TARGET_DONE, "%s ends in T", m->name);
		cr_expect_geq(step_index(m, PMSW_EV_ENTER_TARGET), 0, "%s enters T", m->name);
		cr_expect_lt(step_index(m, m->span_from), step_index(m, m->span_to),
			     "%s: the switch span runs forward over its own steps", m->name);
		cr_expect_geq(step_index(m, m->span_from), 0);
		cr_expect(m->span_what && *m->span_what);
		for (unsigned int k = 0; k < m->nevents; k++)
			cr_expect(m->events[k] > 0 && m->events[k] < PMSW_EV_MAX);
		for (unsigned int k = i + 1; k < nmethods; k++)
			cr_expect(strcmp(m->name, methods[k]->name) && m->code != methods[k]->code,
				  "%s and %s collide", m->name, methods[k]->name);
	}
}

Test(methods, lookups)
{
	cr_expect_eq(method_find("vmx-exit"), &method_vmx_exit);
	cr_expect_eq(method_vmx_exit.host, METHOD_HOST_NESTED_VMX);
	cr_expect_null(method_find("warp"));
	cr_expect_eq(method_find("piecemeal"), &method_piecemeal);
	cr_expect_eq(method_piecemeal.host, METHOD_HOST_ANY, "piecemeal needs no nesting");
	cr_expect_eq(method_find("vmx-entry"), &method_vmx_entry);
	cr_expect(method_vmx_entry.monitor, "vmx-entry runs a monitor of its own");
	cr_expect_eq(method_vmx_entry.widths, METHOD_ANY_WIDTHS, "a VM entry can change width");
	cr_expect_eq(method_find("svm-entry"), &method_svm_entry);
	cr_expect_eq(method_svm_entry.host, METHOD_HOST_NESTED_SVM);
	cr_expect(!method_planned("vmx-entry"));
	cr_expect(!method_planned("svm-entry"));
	cr_expect(!method_planned("warp"));
	cr_expect_str_eq(method_names(), "vmx-exit piecemeal task-switch vmx-entry svm-entry");
}

/* Which methods a host can run, and which one it runs without --method. */
Test(methods, by_host)
{
	const char *name;
	char buf[200];

	cr_expect_eq(method_host_default(true, false, &name), &method_vmx_exit);
	cr_expect_str_eq(name, "vmx-exit");
	cr_expect_eq(method_host_default(false, true, &name), &method_svm_entry);
	cr_expect_str_eq(name, "svm-entry");
	cr_expect_null(method_host_default(false, false, &name));
	cr_expect_str_eq(name, "");
	method_host_names(false, false, buf, sizeof(buf));
	cr_expect_str_eq(buf, "piecemeal task-switch");
	method_host_names(true, false, buf, sizeof(buf));
	cr_expect_str_eq(buf, "vmx-exit piecemeal task-switch vmx-entry");
	method_host_names(false, true, buf, sizeof(buf));
	cr_expect_str_eq(buf, "piecemeal task-switch svm-entry");
	method_host_names(true, false, buf, 12);
	cr_expect_str_eq(buf, "vmx-exit", "cut at a name, not inside one");
	cr_expect(!method_host_ok(&method_vmx_entry, false, true));
}
