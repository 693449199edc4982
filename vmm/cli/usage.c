// SPDX-License-Identifier: MIT
/* Usage texts, kept together so --help and the man page are easy to compare. */
#include "cli/commands.h"

void usage_batch(FILE *f)
{
	fprintf(f,
		"usage: pmswitch batch [-j N] [--tap] [--junit FILE] [-t SECONDS] MANIFEST\n"
		"Runs every pair MANIFEST lists, each as `pmswitch run` would, N at a time,\n"
		"and reports them in manifest order. A line of MANIFEST (\"-\": stdin):\n"
		"  ORIGINAL TARGET [EXPECTED-STATUS] [--method=M --timeout=S --memory=MIB]\n"
		"('#' starts a comment; paths are relative to the manifest's folder;\n"
		"EXPECTED-STATUS 0..255, default 0). A pair passes when it exits with its\n"
		"expected status, is skipped when it exits 77 instead, fails otherwise.\n"
		"Exit 0 all passed, 1 one failed, 77 none failed but one was skipped,\n"
		"2 bad command line or manifest (nothing run).\n"
		"  -j, --jobs N          pairs at once (default: the online CPUs)\n"
		"      --tap             TAP (version 13) instead of PASS/FAIL lines\n"
		"      --junit FILE      also write a JUnit XML report to FILE\n"
		"  -t, --timeout SECONDS each pair's --timeout unless its line sets one\n"
		"                        (default 10)\n");
}

void usage_check(FILE *f)
{
	fprintf(f,
		"usage: pmswitch check [--json]\n"
		"Reports whether this host's KVM can run pmswitch: /dev/kvm, API version,\n"
		"nested VMX/SVM, and what a guest sees. Exit 0 if it can, 77 if not.\n"
		"  --json   one JSON object instead of key: value lines\n");
}

void usage_run(FILE *f)
{
	fprintf(f,
		"usage: pmswitch run [OPTIONS] ORIGINAL.elf TARGET.elf\n"
		"Switches atomically from ORIGINAL to TARGET, prints the timeline, verifies\n"
		"the final vCPU state. Exit 0 switched, 1 failed, 2 usage, 3 bad image,\n"
		"4 timeout, 77 this host cannot run it.\n"
		"  -m, --method METHOD     vmx-exit, vmx-entry, svm-entry, piecemeal, task-switch\n"
		"                          (default: the host's, vmx-exit or svm-entry)\n"
		"  -t, --timeout SECONDS   stop a guest that never ends (1..3600, default 10)\n"
		"      --memory MIB        guest RAM (32..3072, default 64)\n"
		"      --json              one JSON object per record, then verify and result\n"
		"      --tap               TAP: the timeline as comments, then three checks\n"
		"  -q, --quiet             print only the verdict\n"
		"  -v, --verbose           all registers in each record, and the final vCPU state\n"
		"      --payload-dir DIR   where switcher32.elf and switcher64.elf are\n"
		"      --nmi N             step the whole run and raise N NMIs (1..1000) in it,\n"
		"                          half on the switch's path; report each one\n"
		"      --round-trips N     then back to O and again to T N times (1..1000),\n"
		"                          each landing checked, beside bare exit round trips\n"
		"      --inject FAULT      test only: host-tr, guest-rflags or skip-exit\n"
		"  -h, --help              this text\n");
}

void usage_probe(FILE *f)
{
	fprintf(f,
		"usage: pmswitch probe [OPTIONS] ORIGINAL.elf TARGET.elf\n"
		"Runs the pair as `run` does, single-steps the switch from its start to its\n"
		"landing, and shows at each instruction boundary whose each context register\n"
		"is and whether an NMI raised there, in a fresh VM, is handled; ends with\n"
		"`inconsistent boundaries: K of N, crashed: C of N`. Exit status as for run.\n"
		"  -m, --method METHOD     vmx-exit, vmx-entry, svm-entry, piecemeal, task-switch\n"
		"                          (default: the host's, vmx-exit or svm-entry)\n"
		"  -t, --timeout SECONDS   stop a guest that never ends (1..3600, default 60)\n"
		"      --memory MIB        guest RAM (32..3072, default 64)\n"
		"      --json              one JSON object per boundary, then the summary\n"
		"      --payload-dir DIR   where switcher32.elf and switcher64.elf are\n"
		"      --inject FAULT      test only: host-tr, guest-rflags or skip-exit\n"
		"  -h, --help              this text\n");
}

void usage_inspect(FILE *f)
{
	fprintf(f,
		"usage: pmswitch inspect [--json] [--memory MIB] IMAGE.elf\n"
		"Shows the context the VMM would build for IMAGE (as the original): mode,\n"
		"paging, control registers, GDT/IDT/TSS, and every mapping. Needs no KVM.\n"
		"  --json         one JSON object\n"
		"  --memory MIB   guest RAM to plan for (default 64)\n");
}
