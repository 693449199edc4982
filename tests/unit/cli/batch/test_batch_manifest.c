// SPDX-License-Identifier: MIT
/* The batch manifest: good lines and what they become, bad lines and the one
 * message each gets (NAME:LINE: problem), path resolution, line limits. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pmswitch/layout.h>

#include "cli/batch/batch_manifest.h"
#include "cli/run_options.h"


static struct run_request base;

static void setup(void)
{
	run_request_defaults(&base);
	base.session.timeout_ms = 7000;        /* as `batch -t 7` would set it */
}

TestSuite(batch_manifest, .init = setup);

/* Reads text as manifest "m.txt" in folder dir. */
static int read_text(struct batch_manifest *m, const char *text, const char *dir, char *err,
		     size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	cr_assert(f);
	err[0] = '\0';
	rc = batch_manifest_read(m, f, "m.txt", dir, &base, err, errlen);
	fclose(f);
	return rc;
}

struct good_case {
	const char *line;
	const char *original, *target, *options;    /* as written */
	int expected;
	unsigned int timeout_ms, memory_mib;
	uint32_t inject;
};

static const struct good_case good[] = {
	{ "o.elf t.elf", "o.elf", "t.elf", "", 0, 7000, PMSW_RAM_DEFAULT_MIB, 0 },
	{ "  o.elf\tt.elf  ", "o.elf", "t.elf", "", 0, 7000, PMSW_RAM_DEFAULT_MIB, 0 },
	{ "o.elf t.elf 1", "o.elf", "t.elf", "", 1, 7000, PMSW_RAM_DEFAULT_MIB, 0 },
	{ "o.elf t.elf 255", "o.elf", "t.elf", "", 255, 7000, PMSW_RAM_DEFAULT_MIB, 0 },
	{ "o.elf t.elf 077", "o.elf", "t.elf", "", 77, 7000, PMSW_RAM_DEFAULT_MIB, 0 },
	{ "o.elf t.elf 3 # bad image", "o.elf", "t.elf", "", 3, 7000, PMSW_RAM_DEFAULT_MIB, 0 },
	{ "o.elf t.elf# no blank before the comment", "o.elf", "t.elf", "", 0, 7000,
	  PMSW_RAM_DEFAULT_MIB, 0 },
	{ "o.elf t.elf --timeout=2", "o.elf", "t.elf", "--timeout=2", 0, 2000,
	  PMSW_RAM_DEFAULT_MIB, 0 },
	{ "o.elf t.elf 4 -t 1 --memory 128", "o.elf", "t.elf", "-t 1 --memory 128", 4, 1000, 128, 0 },
	{ "o.elf t.elf 1 --inject=host-tr --method=vmx-exit", "o.elf", "t.elf",
	  "--inject=host-tr --method=vmx-exit", 1, 7000, PMSW_RAM_DEFAULT_MIB, PMSW_BI_BREAK_HOST_TR },
	{ "o.elf t.elf 0 -m vmx-exit --", "o.elf", "t.elf", "-m vmx-exit --", 0, 7000,
	  PMSW_RAM_DEFAULT_MIB, 0 },
	{ "/abs/o.elf sub/t.elf\r", "/abs/o.elf", "sub/t.elf", "", 0, 7000, PMSW_RAM_DEFAULT_MIB, 0 },
};

Test(batch_manifest, good_lines)
{
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(good); i++) {
		const struct good_case *c = &good[i];
		struct batch_manifest m;
		char text[256], err[512];
		struct batch_entry *e;

		snprintf(text, sizeof(text), "%s\n", c->line);
		cr_assert_eq(read_text(&m, text, NULL, err, sizeof(err)), 0, "'%s': %s", c->line, err);
		cr_assert_eq(m.n, 1, "'%s'", c->line);
		e = &m.entry[0];
		cr_expect_eq(e->line, 1);
		cr_expect_str_eq(e->original, c->original, "'%s'", c->line);
		cr_expect_str_eq(e->target, c->target, "'%s'", c->line);
		cr_expect_str_eq(e->options, c->options, "'%s'", c->line);
		cr_expect_str_eq(e->req.session.image[0], c->original, "'%s': no folder, kept", c->line);
		cr_expect_eq(e->expected, c->expected, "'%s'", c->line);
		cr_expect_eq(e->req.session.timeout_ms, c->timeout_ms, "'%s'", c->line);
		cr_expect_eq(e->req.session.memory_mib, c->memory_mib, "'%s'", c->line);
		cr_expect_eq(e->req.session.inject, c->inject, "'%s'", c->line);
		cr_expect_eq(e->req.session.method->code, PMSW_METHOD_VMX_EXIT, "'%s'", c->line);
		batch_manifest_free(&m);
	}
}

struct bad_case {
	const char *line;
	const char *error;      /* after "m.txt:2: " */
};

static const struct bad_case bad[] = {
	{ "only.elf", "needs ORIGINAL and TARGET, found only 'only.elf'" },
	{ "only.elf # and a comment", "needs ORIGINAL and TARGET" },
	{ "o.elf t.elf pass", "expected status 'pass' is not a number 0..255" },
	{ "o.elf t.elf 256", "expected status '256' is not a number 0..255" },
	{ "o.elf t.elf 99999999999999999999", "expected status '99999999999999999999' is not" },
	{ "o.elf t.elf -1", "expected status '-1' is not a number 0..255" },
	{ "o.elf t.elf 1x", "expected status '1x' is not" },
	{ "o.elf t.elf 0 extra", "too many fields: 'extra' is not a run option" },
	{ "o.elf t.elf 0 1", "too many fields: '1' is not a run option" },
	{ "o.elf t.elf 0 --timeout=1 extra", "too many fields: 'extra' is not a run option" },
	{ "o.elf t.elf -", "too many fields: '-' is neither an expected status nor a run option" },
	{ "o.elf t.elf --bogus", "run option: unknown option '--bogus'" },
	{ "o.elf t.elf 0 -x", "run option: unknown option '-x'" },
	{ "o.elf t.elf 0 --method=warp", "run option: unknown method 'warp'" },
	{ "o.elf t.elf 0 --timeout=0", "run option: --timeout wants 1..3600 seconds, not '0'" },
	{ "o.elf t.elf 0 --timeout", "run option: option '--timeout' needs a value" },
	{ "o.elf t.elf 0 --memory=1", "run option: --memory wants 32..3072 MiB, not '1'" },
	{ "o.elf t.elf 0 --inject=everything", "run option: unknown --inject fault 'everything'" },
	{ "o.elf t.elf 0 --json", "run option: '--json' is not accepted here" },
	{ "o.elf t.elf 0 -q", "run option: '-q' is not accepted here" },
	{ "o.elf t.elf 0 --help", "run option: '--help' is not accepted here" },
	{ "o.elf t.elf 0 --json=1", "run option: '--json=1': unknown option" },
};

Test(batch_manifest, bad_lines)
{
	for (size_t i = 0; i < PMSW_ARRAY_SIZE(bad); i++) {
		struct batch_manifest m;
		char text[256], err[512], want[300];

		/* A good first line: an error keeps nothing of it. */
		snprintf(text, sizeof(text), "o.elf t.elf\n%s\n", bad[i].line);
		snprintf(want, sizeof(want), "m.txt:2: %s", bad[i].error);
		cr_expect_eq(read_text(&m, text, NULL, err, sizeof(err)), -1, "'%s' accepted", bad[i].line);
		cr_expect(!strncmp(err, want, strlen(want)), "'%s': got '%s', want '%s...'",
			  bad[i].line, err, want);
		cr_expect(!strchr(err, '\n'), "one line: '%s'", err);
		cr_expect_eq(m.n, 0);
		cr_expect_null(m.entry);
	}
}

Test(batch_manifest, comments_blanks_and_line_numbers)
{
	static const char text[] =
		"# pairs for the nightly run\n"
		"\n"
		"   \t  \n"
		"a.elf b.elf 0   # first\n"
		"#c.elf d.elf\n"
		"   # indented comment\n"
		"c.elf d.elf 1\n"
		"e.elf f.elf";          /* no newline at the end */
	struct batch_manifest m;
	char err[512];

	cr_assert_eq(read_text(&m, text, NULL, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(m.n, 3);
	cr_expect_eq(m.entry[0].line, 4);
	cr_expect_str_eq(m.entry[0].original, "a.elf");
	cr_expect_eq(m.entry[1].line, 7);
	cr_expect_eq(m.entry[1].expected, 1);
	cr_expect_eq(m.entry[2].line, 8);
	cr_expect_str_eq(m.entry[2].target, "f.elf");
	batch_manifest_free(&m);
	cr_expect_eq(m.n, 0);
}

Test(batch_manifest, only_comments_is_empty)
{
	struct batch_manifest m;
	char err[512];

	cr_expect_eq(read_text(&m, "# nothing\n\n", NULL, err, sizeof(err)), 0);
	cr_expect_eq(m.n, 0);
	batch_manifest_free(&m);
}

Test(batch_manifest, relative_paths_resolve_against_the_folder)
{
	static const struct {
		const char *dir, *written, *resolved;
	} c[] = {
		{ "/srv/tests", "o.elf", "/srv/tests/o.elf" },
		{ "/srv/tests/", "o.elf", "/srv/tests/o.elf" },
		{ "/srv/tests", "../images/o.elf", "/srv/tests/../images/o.elf" },
		{ "/srv/tests", "/abs/o.elf", "/abs/o.elf" },
		{ "rel/dir", "o.elf", "rel/dir/o.elf" },
		{ ".", "o.elf", "o.elf" },
		{ "/", "o.elf", "/o.elf" },
		{ "", "o.elf", "o.elf" },
	};

	for (size_t i = 0; i < PMSW_ARRAY_SIZE(c); i++) {
		struct batch_manifest m;
		char text[256], err[512];

		snprintf(text, sizeof(text), "%s %s\n", c[i].written, c[i].written);
		cr_assert_eq(read_text(&m, text, c[i].dir, err, sizeof(err)), 0, "%s", err);
		cr_expect_str_eq(m.entry[0].req.session.image[0], c[i].resolved, "dir '%s'", c[i].dir);
		cr_expect_str_eq(m.entry[0].req.session.image[1], c[i].resolved, "dir '%s'", c[i].dir);
		cr_expect_str_eq(m.entry[0].original, c[i].written, "shown as written");
		batch_manifest_free(&m);
	}
}

/* A line of exactly len bytes: two paths padded with blanks. */
static char *line_of(size_t len)
{
	char *s = malloc(len + 2);

	cr_assert(s);
	memset(s, ' ', len);
	memcpy(s, "o.elf t.elf", 11);
	s[len] = '\n';
	s[len + 1] = '\0';
	return s;
}

Test(batch_manifest, very_long_lines)
{
	struct batch_manifest m;
	char err[512];
	char *s = line_of(BATCH_LINE_MAX);

	cr_expect_eq(read_text(&m, s, NULL, err, sizeof(err)), 0, "at the limit: %s", err);
	cr_expect_eq(m.n, 1);
	batch_manifest_free(&m);
	free(s);

	s = line_of(BATCH_LINE_MAX + 1);
	cr_expect_eq(read_text(&m, s, NULL, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "m.txt:1: line longer than 4096 bytes");
	free(s);

	/* One huge path: refused the same way, and the message stays one short line. */
	s = malloc(100000 + 8);
	cr_assert(s);
	memset(s, 'x', 100000);
	strcpy(s + 100000, " t.elf\n");
	cr_expect_eq(read_text(&m, s, NULL, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "m.txt:1: line longer than 4096 bytes");
	free(s);

	/* The most fields a line can hold: many options, all checked. */
	s = malloc(BATCH_LINE_MAX + 2);
	cr_assert(s);
	strcpy(s, "o.elf t.elf 0");
	while (strlen(s) + 5 <= BATCH_LINE_MAX)
		strcat(s, " -t 1");
	strcat(s, "\n");
	cr_expect_eq(read_text(&m, s, NULL, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(m.entry[0].req.session.timeout_ms, 1000);
	batch_manifest_free(&m);
	free(s);
}

/* A stream of one endless line, as `yes | tr -d '\\n'` gives: it counts what
 * was taken from it, and ends after 64 MiB so a reader without a bound fails
 * the test instead of exhausting memory. */
#define ENDLESS_CAP (64u << 20)

static ssize_t endless_read(void *cookie, char *buf, size_t size)
{
	size_t *served = cookie;

	if (*served >= ENDLESS_CAP)
		return 0;
	memset(buf, 'y', size);
	*served += size;
	return (ssize_t)size;
}

Test(batch_manifest, endless_line_is_read_only_to_the_limit)
{
	size_t served = 0;
	FILE *f = fopencookie(&served, "r", (cookie_io_functions_t){ .read = endless_read });
	struct batch_manifest m;
	char err[512];

	cr_assert(f);
	cr_expect_eq(batch_manifest_read(&m, f, "stdin", NULL, &base, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "stdin:1: line longer than 4096 bytes");
	/* stdio reads ahead by its buffer, BUFSIZ, at most. */
	cr_expect_leq(served, BATCH_LINE_MAX + 2 * BUFSIZ, "%zu bytes read for one line", served);
	fclose(f);
}

Test(batch_manifest, nul_byte)
{
	static const char text[] = "o.elf t.elf\0 3\n";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct batch_manifest m;
	char err[512];

	cr_assert(f);
	cr_expect_eq(batch_manifest_read(&m, f, "m.txt", NULL, &base, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "m.txt:1: NUL byte in the line");
	fclose(f);
}

Test(batch_manifest, load_from_a_file)
{
	char dir[] = "/tmp/pmsw-manifest.XXXXXX", path[64], err[512];
	struct batch_manifest m;
	FILE *f;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.txt", dir);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("o.elf /abs/t.elf 3\n", f);
	fclose(f);
	cr_assert_eq(batch_manifest_load(&m, path, &base, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(m.n, 1);
	cr_expect(!strncmp(m.entry[0].req.session.image[0], dir, strlen(dir)), "%s", m.entry[0].req.session.image[0]);
	cr_expect_str_eq(m.entry[0].req.session.image[1], "/abs/t.elf");
	batch_manifest_free(&m);

	f = fopen(path, "w");
	cr_assert(f);
	fputs("# nothing to run\n", f);
	fclose(f);
	cr_expect_eq(batch_manifest_load(&m, path, &base, err, sizeof(err)), -1);
	cr_expect(strstr(err, "no pairs in the manifest"), "%s", err);

	unlink(path);
	cr_expect_eq(batch_manifest_load(&m, path, &base, err, sizeof(err)), -1);
	cr_expect(strstr(err, "cannot open") && strstr(err, "No such file"), "%s", err);
	cr_expect_eq(batch_manifest_load(&m, dir, &base, err, sizeof(err)), -1, "a folder");
	cr_expect(strstr(err, ": not a regular file"), "%s", err);
	rmdir(dir);
}

/* A FIFO nobody writes to would block the open; /dev/zero never ends. */
Test(batch_manifest, only_regular_files, .timeout = 10)
{
	char dir[] = "/tmp/pmsw-manifest.XXXXXX", path[64], want[96], err[512];
	struct batch_manifest m;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	cr_expect_eq(batch_manifest_load(&m, path, &base, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: not a regular file", path);
	cr_expect_str_eq(err, want);
	cr_expect_eq(batch_manifest_load(&m, "/dev/zero", &base, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "/dev/zero: not a regular file");
	unlink(path);
	rmdir(dir);
}
