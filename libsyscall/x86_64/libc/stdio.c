/*
 * stdio.c - formatted output for the guest: a printf engine (flags
 * -+ #0, width and precision with *, lengths hh h l ll z j t, conversions
 * d i u o x X c s p %) and the console streams.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

struct harbor_file {
	int fd;
};

static struct harbor_file file_stdout = {1}, file_stderr = {2};
FILE *stdout = &file_stdout;
FILE *stderr = &file_stderr;

struct out {
	char *buf;
	size_t size;
	size_t pos;
};

struct spec {
	int left, plus, space, alt, zero;
	int width, prec;
	int len; /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void
out_c(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void
out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_c(o, c);
}

static void
out_num(struct out *o, const struct spec *sp, uint64_t v, int base, bool upper,
    const char *sign)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, zeros, pad, slen = (int)strlen(sign);

	while (v != 0) {
		tmp[n++] = digits[v % (unsigned)base];
		v /= (unsigned)base;
	}
	if (n == 0 && sp->prec != 0)
		tmp[n++] = '0';
	zeros = sp->prec > n ? sp->prec - n : 0;
	pad = sp->width - n - zeros - slen;
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		out_pad(o, ' ', pad);
	while (*sign != '\0')
		out_c(o, *sign++);
	out_pad(o, '0', zeros);
	while (n > 0)
		out_c(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', pad);
}

static void
out_str(struct out *o, const struct spec *sp, const char *s)
{
	int n, i;

	if (s == NULL)
		s = "(null)";
	n = (int)(sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s));
	if (!sp->left)
		out_pad(o, ' ', sp->width - n);
	for (i = 0; i < n; i++)
		out_c(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - n);
}

static int64_t
arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case 2:
		return va_arg(*ap, long long);
	case 1:
		return va_arg(*ap, long);
	case -1:
		return (short)va_arg(*ap, int);
	case -2:
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t
arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->len) {
	case 2:
		return va_arg(*ap, unsigned long long);
	case 1:
		return va_arg(*ap, unsigned long);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	case -2:
		return (unsigned char)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '+')
			sp->plus = 1;
		else if (*f == ' ')
			sp->space = 1;
		else if (*f == '#')
			sp->alt = 1;
		else if (*f == '0')
			sp->zero = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->len++;
		else if (*f == 'h')
			sp->len--;
		else if (*f == 'z' || *f == 'j' || *f == 't')
			sp->len = 1;
		else
			break;
	}
	return f;
}

static void
convert(struct out *o, char c, struct spec *sp, va_list *ap)
{
	int64_t v;

	switch (c) {
	case 'd':
	case 'i':
		v = arg_signed(sp, ap);
		out_num(o, sp, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v,
		    10, false,
		    v < 0           ? "-"
			: sp->plus  ? "+"
			: sp->space ? " "
				    : "");
		break;
	case 'u':
		out_num(o, sp, arg_unsigned(sp, ap), 10, false, "");
		break;
	case 'o':
		out_num(
		    o, sp, arg_unsigned(sp, ap), 8, false, sp->alt ? "0" : "");
		break;
	case 'x':
	case 'X':
		out_num(o, sp, arg_unsigned(sp, ap), 16, c == 'X',
		    sp->alt ? (c == 'X' ? "0X" : "0x") : "");
		break;
	case 'p':
		sp->len = 1;
		out_num(o, sp, (uint64_t)(uintptr_t)va_arg(*ap, void *), 16,
		    false, "0x");
		break;
	case 'c':
		out_pad(o, ' ', sp->left ? 0 : sp->width - 1);
		out_c(o, (char)va_arg(*ap, int));
		out_pad(o, ' ', sp->left ? sp->width - 1 : 0);
		break;
	case 's':
		out_str(o, sp, va_arg(*ap, const char *));
		break;
	default:
		out_c(o, '%');
		out_c(o, c);
		break;
	}
}

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
	struct out o = {buf, size, 0};
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		if (*++fmt == '%') {
			out_c(&o, '%');
			continue;
		}
		fmt = parse_spec(fmt, &sp, &aq);
		if (*fmt == '\0')
			break;
		convert(&o, *fmt, &sp, &aq);
	}
	va_end(aq);
	if (size > 0)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
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
