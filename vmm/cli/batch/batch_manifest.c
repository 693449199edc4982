// SPDX-License-Identifier: MIT
#include "cli/batch/batch_manifest.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/run_options.h"
#include "image/regular_file.h"

#define BLANKS " \t\r\v\f"

__attribute__((format(printf, 5, 6)))
static int line_error(char *err, size_t errlen, const char *name, unsigned int line,
		      const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, errlen, "%s:%u: ", name, line);
	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static char *resolve(const char *dir, const char *path)
{
	char *s;

	if (path[0] == '/' || !dir || !*dir || !strcmp(dir, "."))
		return strdup(path);
	if (asprintf(&s, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", path) < 0)
		return NULL;
	return s;
}

static char *join(char **tok, int n)
{
	size_t len = 1;
	char *s, *p;

	for (int i = 0; i < n; i++)
		len += strlen(tok[i]) + 1;
	s = p = malloc(len);
	if (!s)
		return NULL;
	*p = '\0';
	for (int i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? " " : "", tok[i]);
	return s;
}

static void entry_free(struct batch_entry *e)
{
	free(e->original);
	free(e->target);
	free(e->options);
	free((char *)e->req.session.image[0]);
	free((char *)e->req.session.image[1]);
}

/* "0".."255", digits only. */
static int parse_status(const char *s, int *out)
{
	int v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 255)
			return -1;
	}
	*out = v;
	return 0;
}

/* tok[0..n-1]: the fields of one line (n >= 2). */
static int parse_fields(struct batch_entry *e, char **tok, int n, const char *name, const char *dir,
			const struct run_request *base, char *err, size_t errlen)
{
	int first = 2, next;
	char why[256];
	char **argv;

	e->expected = 0;
	if (n > 2 && (tok[2][0] != '-' || (tok[2][1] >= '0' && tok[2][1] <= '9'))) {
		if (parse_status(tok[2], &e->expected))
			return line_error(err, errlen, name, e->line,
					  "expected status '%s' is not a number 0..255", tok[2]);
		first = 3;
	}
	e->req = *base;
	/* getopt wants argv[0]: tok[first - 1] stands in for it. */
	argv = tok + first - 1;
	if (run_options_parse(n - first + 1, argv, 0, &e->req, &next, why, sizeof(why)))
		return line_error(err, errlen, name, e->line, "run option: %s", why);
	if (next < n - first + 1)
		return line_error(err, errlen, name, e->line, "too many fields: '%s' is %s",
				  argv[next], first == 3 || next > 1 ? "not a run option" :
				  "neither an expected status nor a run option");
	e->original = strdup(tok[0]);
	e->target = strdup(tok[1]);
	e->options = join(tok + first, n - first);
	e->req.session.image[0] = resolve(dir, tok[0]);
	e->req.session.image[1] = resolve(dir, tok[1]);
	if (!e->original || !e->target || !e->options || !e->req.session.image[0] || !e->req.session.image[1])
		return line_error(err, errlen, name, e->line, "out of memory");
	return 0;
}

static int parse_line(struct batch_manifest *m, char *line, unsigned int lineno, const char *name,
		      const char *dir, const struct run_request *base, char *err, size_t errlen)
{
	char *tok[BATCH_LINE_MAX / 2 + 2], *save, *t;
	struct batch_entry e = { .line = lineno };
	int n = 0;

	line[strcspn(line, "#")] = '\0';
	for (t = strtok_r(line, BLANKS, &save); t; t = strtok_r(NULL, BLANKS, &save))
		tok[n++] = t;
	if (n == 0)
		return 0;
	if (n == 1)
		return line_error(err, errlen, name, lineno, "needs ORIGINAL and TARGET, "
				  "found only '%s'", tok[0]);
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct batch_entry *p = realloc(m->entry, cap * sizeof(*p));

		if (!p)
			return line_error(err, errlen, name, lineno, "out of memory");
		m->entry = p;
		m->cap = cap;
	}
	if (parse_fields(&e, tok, n, name, dir, base, err, errlen)) {
		entry_free(&e);
		return -1;
	}
	m->entry[m->n++] = e;
	return 0;
}

enum { LINE_EOF = -1, LINE_LONG = -2, LINE_NUL = -3 };

/* One line of f into buf (BATCH_LINE_MAX bytes and a NUL), without its
 * newline. It stops at the first byte past the limit, so an endless line
 * (a pipe from /dev/zero or `yes`) costs no memory. Returns the length, or
 * LINE_EOF, LINE_LONG or LINE_NUL (the rest of the line left unread). */
static int read_line(FILE *f, char *buf)
{
	int len = 0, c;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0')
			return LINE_NUL;
		if (len == BATCH_LINE_MAX)
			return LINE_LONG;
		buf[len++] = (char)c;
	}
	buf[len] = '\0';
	return c == EOF && len == 0 ? LINE_EOF : len;
}

int batch_manifest_read(struct batch_manifest *m, FILE *f, const char *name, const char *dir,
			const struct run_request *base, char *err, size_t errlen)
{
	char line[BATCH_LINE_MAX + 1];
	unsigned int lineno = 0;
	int len, rc = 0;

	memset(m, 0, sizeof(*m));
	while (!rc && (len = read_line(f, line)) != LINE_EOF) {
		lineno++;
		if (len == LINE_LONG)
			rc = line_error(err, errlen, name, lineno, "line longer than %d bytes",
					BATCH_LINE_MAX);
		else if (len == LINE_NUL)
			rc = line_error(err, errlen, name, lineno, "NUL byte in the line");
		else
			rc = parse_line(m, line, lineno, name, dir, base, err, errlen);
	}
	if (!rc && ferror(f)) {
		snprintf(err, errlen, "cannot read %s: %s", name, strerror(errno));
		rc = -1;
	}
	if (rc)
		batch_manifest_free(m);
	return rc;
}

/* The manifest named path, if it is a regular file: a FIFO or a device
 * could block or never end. */
static FILE *open_manifest(const char *path, char *err, size_t errlen)
{
	struct stat st;
	FILE *f;
	int fd = regular_file_open(path, &st);

	if (fd == REGULAR_FILE_OTHER) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return NULL;
	}
	if (fd < 0 || !(f = fdopen(fd, "r"))) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

int batch_manifest_load(struct batch_manifest *m, const char *path,
			const struct run_request *base, char *err, size_t errlen)
{
	bool std_in = !strcmp(path, "-");
	const char *name = std_in ? "stdin" : path;
	char *copy = NULL;
	FILE *f;
	int rc;

	memset(m, 0, sizeof(*m));
	f = std_in ? stdin : open_manifest(path, err, errlen);
	if (!f)
		return -1;
	if (!std_in && !(copy = strdup(path))) {
		snprintf(err, errlen, "out of memory");
		fclose(f);
		return -1;
	}
	errno = 0;
	rc = batch_manifest_read(m, f, name, copy ? dirname(copy) : NULL, base, err, errlen);
	if (!rc && m->n == 0) {
		snprintf(err, errlen, "%s: no pairs in the manifest", name);
		rc = -1;
	}
	if (!std_in)
		fclose(f);
	free(copy);
	return rc;
}

void batch_manifest_free(struct batch_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		entry_free(&m->entry[i]);
	free(m->entry);
	memset(m, 0, sizeof(*m));
}
