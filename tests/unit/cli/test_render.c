// SPDX-License-Identifier: MIT
/* One outcome, four ways to show it: the lines scripts and people rely on. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/render.h"
#include "outcome_fixture.h"

static char *render(enum render_format f, bool verbose, struct run_outcome *o)
{
	struct render_opts r = { .format = f, .verbose = verbose };
	struct verdict v;
	char *buf = NULL;
	size_t len = 0;

	r.out = open_memstream(&buf, &len);
	cr_assert(r.out);
	verdict_judge(o, &v);
	render_header(&r, o);
	render_records(&r, o);
	render_end(&r, o, &v);
	fclose(r.out);
	return buf;
}

#define EXPECT_LINE(buf, line) \
	cr_expect(strstr(buf, line "\n"), "no line '%s' in:\n%s", line, buf)

Test(render, human)
{
	struct run_outcome o;
	char *s;

	fixture_passing(&o);
	s = render(RENDER_HUMAN, false, &o);
	cr_expect(strstr(s, "pmswitch: o.elf (64-bit) -> t.elf (64-bit), method vmx-exit\n") == s, "%s", s);
	EXPECT_LINE(s, "    1 O text                     +50 \"hello\"");
	EXPECT_LINE(s, "    6 T vmexit                  +500 reason 18 (VMCALL) qualification 0x0");
	EXPECT_LINE(s, "      cr3          0x415000             0x420000");
	EXPECT_LINE(s, "landing: the vCPU at the first instruction in the target is the target (cr3)\n"
		    "verified: final vCPU state matches the target context (cr3 gdtr.base)");
	EXPECT_LINE(s, "result: PASS switched o.elf -> t.elf with vmx-exit in 100 TSC cycles "
		    "(vmcall -> first target instruction)");
	cr_expect(!strstr(s, " rip="), "rip only with -v");
	free(s);
	s = render(RENDER_HUMAN, true, &o);
	cr_expect(strstr(s, " T enter-target ") && strstr(s, " rip=0x0 rsp=0x0 rflags=0x0\n"), "%s", s);
	free(s);
	run_outcome_free(&o);
}

Test(render, json)
{
	struct run_outcome o;
	char *s;

	fixture_passing(&o);
	s = render(RENDER_JSON, false, &o);
	EXPECT_LINE(s, "{\"seq\": 1, \"event\": \"text\", \"ctx\": \"O\", \"tsc\": 1050, \"delta\": 50, "
		    "\"text\": \"hello\\u000a\"}");
	EXPECT_LINE(s, "{\"event\": \"verify\", \"ok\": true, \"fields\": {\"cr3\": {\"actual\": 4325376, "
		    "\"expected\": 4325376}, \"gdtr.base\": {\"actual\": 2145517568, \"expected\": "
		    "2145517568}}}");
	EXPECT_LINE(s, "{\"event\": \"result\", \"status\": 0, \"switched\": true, \"verified\": true, "
		    "\"switch-tsc\": 100, \"reason\": \"\"}");
	cr_expect(!strstr(s, "pmswitch:"), "no header in JSON");
	free(s);
	run_outcome_free(&o);
}

Test(render, tap)
{
	struct run_outcome o;
	char *s;

	fixture_passing(&o);
	s = render(RENDER_TAP, false, &o);
	cr_expect(strstr(s, "TAP version 13\n# pmswitch: o.elf ") == s, "%s", s);
	EXPECT_LINE(s, "#     6 T vmexit                  +500 reason 18 (VMCALL) qualification 0x0");
	EXPECT_LINE(s, "1..3\nok 1 - all nine steps of the switch, in order");
	EXPECT_LINE(s, "ok 2 - final vCPU state verified against the target context");
	EXPECT_LINE(s, "ok 3 - target returned 0");
	free(s);
	/* A step missing: the first and last checks fail, and the reason is a
	 * comment. */
	o.log.next_step--;
	s = render(RENDER_TAP, false, &o);
	EXPECT_LINE(s, "not ok 1 - all nine steps of the switch, in order");
	EXPECT_LINE(s, "ok 2 - final vCPU state verified against the target context");
	EXPECT_LINE(s, "not ok 3 - target returned 0\n# the switch is incomplete: step target-done "
		    "never came");
	free(s);
	run_outcome_free(&o);
}

Test(render, quiet_is_the_result_line)
{
	struct run_outcome o;
	char *s;

	fixture_passing(&o);
	s = render(RENDER_QUIET, false, &o);
	cr_expect_str_eq(s, "result: PASS switched o.elf -> t.elf with vmx-exit in 100 TSC cycles "
			 "(vmcall -> first target instruction)\n");
	free(s);
	run_outcome_free(&o);
}

/* Hostile text stays one printable line in every format. */
Test(render, hostile_text)
{
	struct run_outcome o;
	char *s;

	fixture_passing(&o);
	fixture_record(&o, PMSW_EV_TEXT, PMSW_CTX_TARGET, 1790, "a\"\\\x1b[31m\n\xff", 10);
	s = render(RENDER_HUMAN, false, &o);
	cr_expect(strstr(s, " \"a\"\\\\x1b[31m\\x0a\\xff\"\n"), "%s", s);
	free(s);
	s = render(RENDER_JSON, false, &o);
	cr_expect(strstr(s, "\"text\": \"a\\\"\\\\\\u001b[31m\\u000a\\u00ff\"}"), "%s", s);
	free(s);
	run_outcome_free(&o);
}

/* Shown as the records come (run's live timeline), the lines are those of
 * the whole log shown at once. */
Test(render, streamed_is_whole)
{
	static const enum render_format formats[] = { RENDER_HUMAN, RENDER_JSON, RENDER_TAP };
	struct run_outcome o, part;

	fixture_passing(&o);
	for (size_t f = 0; f < PMSW_ARRAY_SIZE(formats); f++) {
		struct render_opts r = { .format = formats[f] };
		struct render_stream st = { 0 };
		char *whole = NULL, *streamed = NULL;
		size_t len = 0;

		r.out = open_memstream(&whole, &len);
		render_records(&r, &o);
		fclose(r.out);
		r.out = open_memstream(&streamed, &len);
		part = o;
		for (part.log.n = 0; part.log.n <= o.log.n; part.log.n++)
			render_records_new(&r, &part, &st);
		render_records_end(&r, &o, &st);
		fclose(r.out);
		cr_expect_str_eq(streamed, whole, "format %d", formats[f]);
		free(whole);
		free(streamed);
	}
	run_outcome_free(&o);
}
