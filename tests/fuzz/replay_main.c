// SPDX-License-Identifier: MIT
/*
 * make check's stand-in for libFuzzer: runs a fuzz target once on every
 * file of the folders (or the files) given, in name order, so the corpora
 * and saved crashes replay with gcc and the build's own sanitizers, no
 * clang needed. A crash or sanitizer report ends the process as it would
 * under libFuzzer; otherwise it says how many inputs ran.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target, as for libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned int replay_file(const char *path)
{
	FILE *f;
	uint8_t *buf = NULL;
	long len;

	errno = 0;
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc(len ? (size_t)len : 1)) || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno ? errno : EIO));
		exit(1);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 1;
}

/* Every regular file of dir not starting with '.' (a .gitkeep). */
static unsigned int replay_dir(const char *dir)
{
	struct dirent **names;
	unsigned int n = 0;
	int count = scandir(dir, &names, NULL, alphasort);

	if (count < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	for (int i = 0; i < count; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode))
			n += replay_file(path);
		free(names[i]);
	}
	free(names);
	return n;
}

int main(int argc, char **argv)
{
	unsigned int n = 0;
	struct stat st;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		n += !stat(argv[i], &st) && S_ISDIR(st.st_mode) ? replay_dir(argv[i]) :
		     replay_file(argv[i]);
	printf("replay %s: %u inputs\n", argv[0], n);
	return 0;
}
