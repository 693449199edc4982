// SPDX-License-Identifier: MIT
/* The JUnit XML report of `pmswitch batch`, in the shape CI servers read
 * (Jenkins, GitLab): <testsuites><testsuite><testcase>, with <failure> and
 * <skipped>. Everything from the runs is escaped into valid XML 1.0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/batch/batch_report.h"

/* Length of the valid UTF-8 sequence at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned int cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

/* Text or attribute content: markup escaped; bytes XML 1.0 cannot hold
 * (controls, invalid UTF-8) written as \xNN. */
static void xml_escape(FILE *f, const char *str, size_t n, bool attr)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0; i < n; i++) {
		size_t u;

		switch (s[i]) {
		case '&': fputs("&amp;", f); continue;
		case '<': fputs("&lt;", f); continue;
		case '>': fputs("&gt;", f); continue;
		case '"': fputs(attr ? "&quot;" : "\"", f); continue;
		case '\n': fputs(attr ? "&#10;" : "\n", f); continue;
		case '\t': fputs(attr ? "&#9;" : "\t", f); continue;
		default: break;
		}
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			fputc(s[i], f);
		} else if (s[i] >= 0x80 && (u = utf8_len(s + i, n - i))) {
			fwrite(s + i, 1, u, f);
			i += u - 1;
		} else {
			fprintf(f, "\\x%02x", s[i]);
		}
	}
}

static void xml_attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	xml_escape(f, value, strlen(value), true);
	fputc('"', f);
}

/* A <failure> with the pair's output, the batch's note first. */
static void failure(FILE *f, const char *type, const char *msg, const struct batch_result *r)
{
	fprintf(f, "      <failure type=\"%s\"", type);
	xml_attr(f, "message", msg);
	fputs(">", f);
	if (r->note[0]) {
		xml_escape(f, r->note, strlen(r->note), false);
		fputc('\n', f);
	}
	xml_escape(f, r->output ? r->output : "", r->len, false);
	fputs("</failure>\n", f);
}

static void system_out(FILE *f, const struct batch_result *r)
{
	fputs("      <system-out>", f);
	xml_escape(f, r->output ? r->output : "", r->len, false);
	fputs("</system-out>\n", f);
}

static void testcase(FILE *f, const struct batch_entry *e, const struct batch_result *r)
{
	enum batch_outcome o = batch_result_outcome(e, r);
	char name[2 * 4096 + 16], verdict[512], msg[900];

	batch_pair_name(e, name, sizeof(name));
	batch_verdict(r, verdict, sizeof(verdict));
	fputs("    <testcase classname=\"pmswitch.batch\"", f);
	xml_attr(f, "name", name);
	fprintf(f, " time=\"%.3f\">\n", r->seconds);
	if (o == BATCH_FAIL) {
		snprintf(msg, sizeof(msg), "exit %d, expected %d: %s", r->status, e->expected, verdict);
		failure(f, "exit-status", msg, r);
	} else if (o == BATCH_STOPPED) {
		snprintf(msg, sizeof(msg), "%s%s%s", r->note, r->reported ? ": " : "",
			 r->reported ? r->summary.line : "");
		failure(f, "stopped", msg, r);
	} else if (o == BATCH_SKIP || o == BATCH_NOT_RUN) {
		if (o == BATCH_SKIP)
			snprintf(msg, sizeof(msg), "host cannot run it: %s", verdict);
		else
			snprintf(msg, sizeof(msg), "%s", r->note);
		fputs("      <skipped", f);
		xml_attr(f, "message", msg);
		fputs("/>\n", f);
		system_out(f, r);
	} else {
		system_out(f, r);
	}
	fputs("    </testcase>\n", f);
}

int batch_junit_write(FILE *f, const char *suite, const struct batch_manifest *m,
		      const struct batch_result *res, double seconds)
{
	unsigned int failed = 0, skipped = 0;
	char stamp[32] = "";
	time_t t = time(NULL);
	struct tm tm;

	for (size_t i = 0; i < m->n; i++) {
		enum batch_outcome o = batch_result_outcome(&m->entry[i], &res[i]);

		failed += o == BATCH_FAIL || o == BATCH_STOPPED;
		skipped += o == BATCH_SKIP || o == BATCH_NOT_RUN;
	}
	if (localtime_r(&t, &tm))
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites tests=\"%zu\" failures=\"%u\" errors=\"0\" skipped=\"%u\" "
		"time=\"%.3f\">\n", m->n, failed, skipped, seconds);
	fputs("  <testsuite", f);
	xml_attr(f, "name", suite);
	fprintf(f, " tests=\"%zu\" failures=\"%u\" errors=\"0\" skipped=\"%u\" time=\"%.3f\" "
		"timestamp=\"%s\">\n", m->n, failed, skipped, seconds, stamp);
	for (size_t i = 0; i < m->n; i++)
		testcase(f, &m->entry[i], &res[i]);
	fputs("  </testsuite>\n</testsuites>\n", f);
	return fflush(f) || ferror(f) ? -1 : 0;
}

/* FILE.XXXXXX beside j->path, with the mode fopen would give it. */
static int temp_open(struct batch_junit_file *j)
{
	mode_t mask = umask(0);
	int fd, e;

	umask(mask);
	if (asprintf(&j->tmp, "%s.XXXXXX", j->path) < 0) {
		j->tmp = NULL;
		return -1;
	}
	fd = mkstemp(j->tmp);
	if (fd >= 0 && !fchmod(fd, 0666 & ~mask) && (j->f = fdopen(fd, "w")))
		return 0;
	e = errno;
	if (fd >= 0) {
		close(fd);
		unlink(j->tmp);
	}
	free(j->tmp);
	j->tmp = NULL;
	errno = e;
	return -1;
}

int batch_junit_open(struct batch_junit_file *j, const char *path)
{
	struct stat st;

	memset(j, 0, sizeof(*j));
	/* A pipe or a device (/dev/stdout) is written straight: it cannot be
	 * left truncated, and no file may be renamed over it. */
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		j->f = fopen(path, "w");
		return j->f ? 0 : -1;
	}
	/* Renamed over what a symbolic link names, so that the link stays. */
	j->path = realpath(path, NULL);
	if (!j->path && errno == ENOENT)
		j->path = strdup(path);
	if (!j->path)
		return -1;
	if (!temp_open(j))
		return 0;
	batch_junit_discard(j);
	return -1;
}

int batch_junit_commit(struct batch_junit_file *j)
{
	int rc = fclose(j->f), e;

	j->f = NULL;
	if (!rc && j->tmp)
		rc = rename(j->tmp, j->path);
	e = errno;
	batch_junit_discard(j);         /* after a rename, nothing left to remove */
	errno = e;
	return rc ? -1 : 0;
}

void batch_junit_discard(struct batch_junit_file *j)
{
	int e = errno;

	if (j->f)
		fclose(j->f);
	if (j->tmp)
		unlink(j->tmp);
	free(j->tmp);
	free(j->path);
	memset(j, 0, sizeof(*j));
	errno = e;
}
