/*
 * stdio.c - formatted output for the guest: the console streams, with
 * the kernel's printf engine (libkern/printf.c, built into the guest libc
 * as well) doing the formatting.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <printf.h>

struct harbor_file {
	int fd;
};

static struct harbor_file file_stdout = {1}, file_stderr = {2};
FILE *stdout = &file_stdout;
FILE *stderr = &file_stderr;

/*
 * Routine:	vsnprintf, snprintf, sprintf, vfprintf, fprintf, vprintf,
 *		printf, fputs, puts, fputc, putchar, fwrite, fflush,
 *		setvbuf, perror
 * Purpose:	Formatted and plain console output (stdout and stderr are
 *		both the console).
 * Conditions:	Any; each call writes its output with one trap.
 * Returns:	As in the C standard; nothing is buffered, so fflush and
 *		setvbuf do nothing and return 0.
 */
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return harbor_vsnprintf(buf, size, fmt, ap);
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, (size_t)1 << 30, fmt, ap);
	va_end(ap);
	return n;
}

int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	write(
	    f->fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

int
fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int
vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int
fputs(const char *s, FILE *f)
{
	return (int)write(f->fd, s, strlen(s));
}

int
puts(const char *s)
{
	size_t n = strlen(s);
	char buf[512];

	if (n + 1 <= sizeof(buf)) {
		memcpy(buf, s, n);
		buf[n] = '\n';
		return (int)write(1, buf, n + 1);
	}
	write(1, s, n);
	return (int)write(1, "\n", 1);
}

int
fputc(int c, FILE *f)
{
	char ch = (char)c;

	write(f->fd, &ch, 1);
	return (unsigned char)ch;
}

int
putchar(int c)
{
	return fputc(c, stdout);
}

size_t
fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	ssize_t r = write(f->fd, p, size * n);

	return r < 0 || size == 0 ? 0 : (size_t)r / size;
}

int
fflush(FILE *f)
{
	return 0; /* nothing is buffered */
}

int
setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	return 0;
}

void
perror(const char *s)
{
	fprintf(stderr, "%s: %s\n", s, strerror(errno));
}
