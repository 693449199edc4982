// SPDX-License-Identifier: MIT
/* What batch makes of the runs: outcome and exit status, the verdict line,
 * the human and TAP lines, and JUnit XML that escapes hostile output. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/batch/batch_report.h"
#include "cli/run_options.h"

static struct batch_entry entry(const char *o, const char *t, const char *opts, int expected)
{
	struct batch_entry e = { .line = 1, .expected = expected };

	e.original = (char *)o;
	e.target = (char *)t;
	e.options = (char *)opts;
	return e;
}

/* A pair that printed output and, unless line is NULL, handed back a summary. */
static struct batch_result result(int status, const char *output, const char *line)
{
	struct batch_result r = { .status = status };

	r.output = (char *)output;
	r.len = output ? strlen(output) : 0;
	r.reported = line != NULL;
	r.summary.status = status;
	snprintf(r.summary.line, sizeof(r.summary.line), "%s", line ? line : "");
	return r;
}

Test(batch_report, outcome)
{
	cr_expect_eq(batch_outcome(0, 0), BATCH_PASS);
	cr_expect_eq(batch_outcome(3, 3), BATCH_PASS);
	cr_expect_eq(batch_outcome(77, 77), BATCH_PASS, "77 expected: a pass");
	cr_expect_eq(batch_outcome(0, 77), BATCH_SKIP);
	cr_expect_eq(batch_outcome(1, 77), BATCH_SKIP);
	cr_expect_eq(batch_outcome(0, 1), BATCH_FAIL);
	cr_expect_eq(batch_outcome(77, 0), BATCH_FAIL);
	cr_expect_eq(batch_outcome(1, 139), BATCH_FAIL);
}

/* The verdict comes from what the run handed back, never from its output. */
Test(batch_report, verdict_line)
{
	struct batch_result r;
	char v[128];

	r = result(1, "pmswitch: x (64-bit)\n 1 O enter-original\nresult: FAIL printed\n",
		   "result: FAIL exception 14");
	batch_verdict(&r, v, sizeof(v));
	cr_expect_str_eq(v, "result: FAIL exception 14");
	r = result(3, "", "pmswitch: a.elf: not an ELF file");
	batch_verdict(&r, v, sizeof(v));
	cr_expect_str_eq(v, "pmswitch: a.elf: not an ELF file", "an error before the run");
	r = result(1, "result: FAIL printed but not handed back\n", NULL);
	batch_verdict(&r, v, sizeof(v));
	cr_expect_str_eq(v, "(the run reported no result)", "output is never parsed");
	r = result(4, "", "result: FAIL x");
	strcpy(r.note, "killed by the batch");
	batch_verdict(&r, v, sizeof(v));
	cr_expect_str_eq(v, "killed by the batch", "the batch's own note first");
}

static char *report(enum batch_format f, const struct batch_entry *e, const struct batch_result *r,
		    size_t n, int *status)
{
	struct batch_report rep;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert(out);
	batch_report_begin(&rep, out, f, n);
	for (size_t i = 0; i < n; i++)
		batch_report_pair(&rep, i, &e[i], &r[i]);
	batch_report_end(&rep);
	*status = batch_report_status(&rep);
	fclose(out);
	return buf;
}

Test(batch_report, human_and_tap)
{
	struct batch_entry e[3] = {
		entry("o.elf", "t.elf", "", 0),
		entry("o.elf", "bad.elf", "--timeout=2", 3),
		entry("o.elf", "pf.elf", "", 1),
	};
	struct batch_result r[3] = {
		result(0, "result: PASS switched\n", "result: PASS switched"),
		result(1, "line one\nresult: FAIL target returned 5\n", "result: FAIL target returned 5"),
		result(77, "pmswitch: this host cannot run vmx-exit: no nested VMX\n",
		       "pmswitch: this host cannot run vmx-exit: no nested VMX"),
	};
	int status;
	char *s = report(BATCH_HUMAN, e, r, 3, &status);

	cr_expect_str_eq(s,
		"PASS  o.elf -> t.elf (exit 0, expected 0)\n"
		"FAIL  o.elf -> bad.elf --timeout=2 (exit 1, expected 3)\n"
		"      result: FAIL target returned 5\n"
		"SKIP  o.elf -> pf.elf (exit 77, expected 1)\n"
		"      pmswitch: this host cannot run vmx-exit: no nested VMX\n"
		"batch: 1 passed, 1 failed, 1 skipped\n");
	cr_expect_eq(status, 1);
	free(s);

	s = report(BATCH_TAP, e, r, 3, &status);
	cr_expect_str_eq(s,
		"TAP version 13\n1..3\n"
		"ok 1 - o.elf -> t.elf\n"
		"not ok 2 - o.elf -> bad.elf --timeout=2 # exit 1, expected 3\n"
		"# line one\n"
		"# result: FAIL target returned 5\n"
		"ok 3 - o.elf -> pf.elf # SKIP host cannot run it\n"
		"# pmswitch: this host cannot run vmx-exit: no nested VMX\n"
		"# batch: 1 passed, 1 failed, 1 skipped\n");
	free(s);

	/* Without the failure: skipped is 77; without the skip too: 0. */
	s = report(BATCH_HUMAN, (struct batch_entry[]){ e[0], e[2] },
		   (struct batch_result[]){ r[0], r[2] }, 2, &status);
	cr_expect_eq(status, 77);
	free(s);
	s = report(BATCH_HUMAN, e, r, 1, &status);
	cr_expect_eq(status, 0);
	free(s);
}

Test(batch_report, junit_escapes_everything)
{
	struct batch_entry e[2] = { entry("a&b.elf", "t.elf", "", 0), entry("o.elf", "t.elf", "", 0) };
	struct batch_result r[2] = {
		result(1, "<tag> \"q\" & \x01\x1b[31m caf\xc3\xa9 \xff\xfe ]]>\nresult: FAIL x<y\n",
		       "result: FAIL x<y"),
		result(77, "pmswitch: cannot run\n", "pmswitch: cannot run"),
	};
	struct batch_manifest m = { .entry = e, .n = 2 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert(out);
	cr_expect_eq(batch_junit_write(out, "m<1>.txt", &m, r, 1.5), 0);
	fclose(out);
	cr_expect(strstr(buf, "<testsuites tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""), "%s", buf);
	cr_expect(strstr(buf, "<testsuite name=\"m&lt;1&gt;.txt\" tests=\"2\" failures=\"1\""), "%s", buf);
	cr_expect(strstr(buf, "classname=\"pmswitch.batch\" name=\"a&amp;b.elf -&gt; t.elf\""), "%s", buf);
	cr_expect(strstr(buf, "message=\"exit 1, expected 0: result: FAIL x&lt;y\""), "%s", buf);
	cr_expect(strstr(buf, "&lt;tag&gt; \"q\" &amp; \\x01\\x1b[31m caf\xc3\xa9 \\xff\\xfe ]]&gt;\n"), "%s", buf);
	cr_expect(strstr(buf, "<skipped message=\"host cannot run it: pmswitch: cannot run\"/>"), "%s", buf);
	for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
		cr_expect(*p >= 0x20 || *p == '\n', "control byte 0x%02x in the XML", *p);
	free(buf);
}

/* Stopped by SIGTERM: a pair that ran is "stopped" and one never started
 * "not run", whatever status they were expected to end with; the batch
 * exits 143. */
static void stop(struct batch_result *r, bool ran)
{
	r->stop_signal = SIGTERM;
	r->ran = ran;
	r->status = 143;
	snprintf(r->note, sizeof(r->note), ran ? "stopped by SIGTERM" :
		 "not run: the batch was stopped by SIGTERM");
}

Test(batch_report, stopped)
{
	struct batch_entry e[3] = {
		entry("o.elf", "t.elf", "", 0),
		entry("loop.elf", "t.elf", "", 143),
		entry("o.elf", "t2.elf", "", 0),
	};
	struct batch_result r[3] = {
		result(0, "result: PASS switched\n", "result: PASS switched"),
		result(0, " 0 O enter-original\nresult: FAIL stopped by SIGTERM at rip=0x1\n",
		       "result: FAIL stopped by SIGTERM at rip=0x1"),
		result(0, NULL, NULL),
	};
	int status;
	char *s;

	stop(&r[1], true);
	stop(&r[2], false);
	cr_expect_eq(batch_result_outcome(&e[1], &r[1]), BATCH_STOPPED, "143 expected: still stopped");
	cr_expect_eq(batch_result_outcome(&e[2], &r[2]), BATCH_NOT_RUN);
	s = report(BATCH_HUMAN, e, r, 3, &status);
	cr_expect_str_eq(s,
		"PASS  o.elf -> t.elf (exit 0, expected 0)\n"
		"STOP  loop.elf -> t.elf (stopped by SIGTERM)\n"
		"      result: FAIL stopped by SIGTERM at rip=0x1\n"
		"STOP  o.elf -> t2.elf (not run: the batch was stopped by SIGTERM)\n"
		"batch: stopped by SIGTERM: 1 passed, 0 failed, 0 skipped, 1 stopped, 1 not run\n");
	cr_expect_eq(status, 143);
	free(s);

	s = report(BATCH_TAP, e, r, 3, &status);
	cr_expect_str_eq(s,
		"TAP version 13\n1..3\n"
		"ok 1 - o.elf -> t.elf\n"
		"not ok 2 - loop.elf -> t.elf # stopped by SIGTERM\n"
		"#  0 O enter-original\n"
		"# result: FAIL stopped by SIGTERM at rip=0x1\n"
		"not ok 3 - o.elf -> t2.elf # not run: the batch was stopped by SIGTERM\n"
		"# batch: stopped by SIGTERM: 1 passed, 0 failed, 0 skipped, 1 stopped, 1 not run\n");
	cr_expect_eq(status, 143);
	free(s);
}

Test(batch_report, junit_stopped)
{
	struct batch_entry e[3] = {
		entry("o.elf", "t.elf", "", 0),
		entry("loop.elf", "t.elf", "", 0),
		entry("o.elf", "t2.elf", "", 0),
	};
	struct batch_result r[3] = {
		result(0, "result: PASS switched\n", "result: PASS switched"),
		result(0, "result: FAIL stopped by SIGTERM at rip=0x1\n",
		       "result: FAIL stopped by SIGTERM at rip=0x1"),
		result(0, NULL, NULL),
	};
	struct batch_manifest m = { .entry = e, .n = 3 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert(out);
	stop(&r[1], true);
	stop(&r[2], false);
	cr_expect_eq(batch_junit_write(out, "m.txt", &m, r, 1.5), 0);
	fclose(out);
	cr_expect(strstr(buf, "<testsuites tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""), "%s", buf);
	cr_expect(strstr(buf, "<failure type=\"stopped\" message=\"stopped by SIGTERM: result: FAIL "
			 "stopped by SIGTERM at rip=0x1\">stopped by SIGTERM\n"), "%s", buf);
	cr_expect(strstr(buf, "<skipped message=\"not run: the batch was stopped by SIGTERM\"/>"),
		  "%s", buf);
	free(buf);
}

/* The report reaches its file whole or not at all: never truncated. */
Test(batch_report, junit_file_replaced_whole)
{
	char dir[] = "/tmp/pmsw-junit.XXXXXX", path[64], got[16] = "";
	struct batch_junit_file j;
	FILE *f;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/j.xml", dir);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("old", f);
	fclose(f);
	cr_assert_eq(batch_junit_open(&j, path), 0);
	fputs("new", j.f);
	batch_junit_discard(&j);
	f = fopen(path, "r");
	cr_assert(f && fgets(got, sizeof(got), f));
	fclose(f);
	cr_expect_str_eq(got, "old", "discarded: the file as it was");
	cr_assert_eq(batch_junit_open(&j, path), 0);
	fputs("new", j.f);
	cr_expect_eq(batch_junit_commit(&j), 0);
	f = fopen(path, "r");
	cr_assert(f && fgets(got, sizeof(got), f));
	fclose(f);
	cr_expect_str_eq(got, "new");
	cr_expect_eq(unlink(path), 0);
	cr_expect_eq(rmdir(dir), 0, "no temporary file left");
	cr_expect_neq(batch_junit_open(&j, "/nonexistent-dir/j.xml"), 0);
}

/* A symbolic link stays one; a device is written straight, nothing made
 * beside it. */
Test(batch_report, junit_file_link_and_device)
{
	char dir[] = "/tmp/pmsw-junit.XXXXXX", path[64], link[64], got[16] = "";
	struct batch_junit_file j;
	struct stat st;
	FILE *f;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/real.xml", dir);
	snprintf(link, sizeof(link), "%s/link.xml", dir);
	f = fopen(path, "w");
	cr_assert(f);
	fclose(f);
	cr_assert_eq(symlink("real.xml", link), 0);
	cr_assert_eq(batch_junit_open(&j, link), 0);
	fputs("new", j.f);
	cr_expect_eq(batch_junit_commit(&j), 0);
	cr_expect(!lstat(link, &st) && S_ISLNK(st.st_mode), "the link was replaced");
	f = fopen(path, "r");
	cr_assert(f && fgets(got, sizeof(got), f));
	fclose(f);
	cr_expect_str_eq(got, "new");
	cr_expect_eq(unlink(link) || unlink(path) || rmdir(dir), 0);
	cr_assert_eq(batch_junit_open(&j, "/dev/null"), 0);
	cr_expect_null(j.tmp);
	cr_expect_eq(batch_junit_commit(&j), 0);
}
