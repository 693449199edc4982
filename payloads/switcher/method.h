/* SPDX-License-Identifier: MIT */
/*
 * A switch method as the switcher core sees it (doc/architecture.md
 * "Methods"). Each method is one file defining one struct switch_method,
 * listed in methods.c ("Adding a method"). The core hands it a switch_env
 * and never learns how the switch is done; the method never calls the core
 * by name, only through env->landed, so the files depend one way.
 */
#ifndef SWITCHER_METHOD_H
#define SWITCHER_METHOD_H

#include <stdint.h>

#include <pmswitch/bootinfo.h>

struct switch_env {
	const struct pmsw_bootinfo *bi;
	/* The core's continuation in T: reports ENTER_TARGET, runs T's entry,
	 * ends the run. Static data, so still reachable once in T. */
	__attribute__((noreturn)) void (*landed)(void);
};

struct switch_method {
	uint32_t code;          /* enum pmsw_method, as bootinfo->method */
	const char *name;       /* as the VMM's --method spells it */
	/* In O, before the switch (VMXON, VMCS...); may be NULL. Reports its
	 * steps; on failure reports it and ends the run. */
	void (*prepare)(const struct switch_env *env);
	/* The switch itself, in O. Control reappears in T, where the method
	 * sets payload_ctx, reports its own events and calls env->landed(). */
	__attribute__((noreturn)) void (*switch_now)(const struct switch_env *env);
	/* A monitor method runs the whole run from its own context instead
	 * (the VMM boots the vCPU there): O and T are its guests, entered
	 * and reported by it. NULL for the others. */
	__attribute__((noreturn)) void (*monitor)(const struct switch_env *env);
};

/* The built-in method with this code (enum pmsw_method), or NULL. */
const struct switch_method *switch_method_find(uint32_t code);

#endif
