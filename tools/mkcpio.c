/*
 * mkcpio.c - build a boot archive: a cpio "newc" archive, byte for byte
 * reproducible (fixed inode numbers, times, owners and modes).
 *
 *	mkcpio -o archive.cpio NAME=HOSTFILE ...
 *
 * NAME is the path inside the archive (e.g. sbin/init or /sbin/init; a
 * leading "/" is dropped); HOSTFILE is read from the host.  Directories
 * are not stored: the kernel looks files up by full path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
put_header(FILE *out, unsigned ino, unsigned mode, unsigned long size,
    const char *name)
{
	unsigned long namesz = strlen(name) + 1;
	long pad;

	if (fprintf(out,
		"070701%08X%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
		ino, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, namesz, 0) < 0)
		return -1;
	fwrite(name, 1, namesz, out);
	for (pad = (long)((110 + namesz) % 4); pad != 0 && pad < 4; pad++)
		fputc(0, out);
	return ferror(out) ? -1 : 0;
}

static int
put_file(FILE *out, unsigned ino, const char *name, const char *path)
{
	FILE *in = fopen(path, "rb");
	char *buf;
	long size;
	int err = 0;

	if (in == NULL) {
		fprintf(stderr, "mkcpio: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fseek(in, 0, SEEK_END);
	size = ftell(in);
	fseek(in, 0, SEEK_SET);
	buf = malloc(size > 0 ? (size_t)size : 1);
	if (buf == NULL || fread(buf, 1, (size_t)size, in) != (size_t)size) {
		fprintf(stderr, "mkcpio: cannot read %s\n", path);
		err = -1;
	}
	fclose(in);
	if (err == 0)
		err = put_header(out, ino, 0100755, (unsigned long)size, name);
	if (err == 0) {
		fwrite(buf, 1, (size_t)size, out);
		while (size++ % 4 != 0)
			fputc(0, out);
	}
	free(buf);
	return err;
}

int
main(int argc, char **argv)
{
	const char *outname = NULL;
	FILE *out;
	int i, first = 1;

	if (argc >= 3 && strcmp(argv[1], "-o") == 0) {
		outname = argv[2];
		first = 3;
	}
	if (outname == NULL) {
		fprintf(stderr, "usage: mkcpio -o archive NAME=FILE ...\n");
		return 2;
	}
	out = fopen(outname, "wb");
	if (out == NULL) {
		fprintf(stderr, "mkcpio: %s: %s\n", outname, strerror(errno));
		return 1;
	}
	for (i = first; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char *name = argv[i];

		if (eq == NULL) {
			fprintf(stderr, "mkcpio: %s: want NAME=FILE\n", name);
			return 2;
		}
		*eq = '\0';
		while (*name == '/')
			name++;
		if (put_file(out, (unsigned)(i - first + 1), name, eq + 1))
			return 1;
	}
	if (put_header(out, 0, 0, 0, "TRAILER!!!") != 0 || fclose(out) != 0) {
		fprintf(stderr, "mkcpio: write error on %s\n", outname);
		return 1;
	}
	return 0;
}
