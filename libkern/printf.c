/*
 * libkern/printf.c - a small, freestanding printf engine.
 *
 * Supports the conversions the kernel uses: %d %i %u %x %X %o %p %s %c %%,
 * the flags '-', '0', '#', ' ' and '+', a field width and precision (also
 * as '*'), and the length modifiers hh h l ll z t j.
 */
#include <printf.h>
#include <stdbool.h>
#include <stdint.h>

struct fmt_spec {
	bool left;
	bool zero;
	bool alt;
	char sign;
	int width;
	int prec;
	int length; /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

struct fmt_out {
	harbor_emit_t emit;
	void *arg;
	int count;
};

static void
out_buf(struct fmt_out *o, const char *s, size_t n)
{
	if (n > 0) {
		o->emit(o->arg, s, n);
		o->count += (int)n;
	}
}

static void
out_pad(struct fmt_out *o, char c, int n)
{
	char pad[16];
	int i;

	for (i = 0; i < (int)sizeof(pad); i++)
		pad[i] = c;
	while (n > 0) {
		int chunk = n > (int)sizeof(pad) ? (int)sizeof(pad) : n;
		out_buf(o, pad, (size_t)chunk);
		n -= chunk;
	}
}

static void
out_field(struct fmt_out *o, const struct fmt_spec *sp, const char *prefix,
    const char *body, int len)
{
	int plen = 0, zeros = 0, fill;

	while (prefix[plen] != '\0')
		plen++;
	if (sp->prec > len)
		zeros = sp->prec - len;
	fill = sp->width - plen - zeros - len;
	if (fill < 0)
		fill = 0;
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += fill;
		fill = 0;
	}
	if (!sp->left)
		out_pad(o, ' ', fill);
	out_buf(o, prefix, (size_t)plen);
	out_pad(o, '0', zeros);
	out_buf(o, body, (size_t)len);
	if (sp->left)
		out_pad(o, ' ', fill);
}

static void
out_number(struct fmt_out *o, const struct fmt_spec *sp, uintmax_t v,
    bool negative, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[32];
	char prefix[4] = {0};
	int pos = sizeof(buf), np = 0;

	do {
		buf[--pos] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (sp->prec == 0 && pos == (int)sizeof(buf) - 1 && buf[pos] == '0')
		pos++;
	if (negative)
		prefix[np++] = '-';
	else if (sp->sign != 0)
		prefix[np++] = sp->sign;
	if (sp->alt && base == 16) {
		prefix[np++] = '0';
		prefix[np++] = upper ? 'X' : 'x';
	} else if (sp->alt && base == 8 && buf[pos] != '0') {
		prefix[np++] = '0';
	}
	out_field(o, sp, prefix, buf + pos, (int)sizeof(buf) - pos);
}

static const char *
parse_spec(const char *f, struct fmt_spec *sp, va_list *ap)
{
	*sp = (struct fmt_spec){.prec = -1};
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '#')
			sp->alt = true;
		else if (*f == ' ' || *f == '+')
			sp->sign = (sp->sign == '+') ? '+' : *f;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->length++;
		else if (*f == 'h')
			sp->length--;
		else if (*f == 'z' || *f == 't' || *f == 'j')
			sp->length = 2;
		else
			break;
	}
	return f;
}

static uintmax_t
arg_unsigned(const struct fmt_spec *sp, va_list *ap)
{
	if (sp->length >= 2)
		return va_arg(*ap, unsigned long long);
	if (sp->length == 1)
		return va_arg(*ap, unsigned long);
	if (sp->length == -1)
		return (unsigned short)va_arg(*ap, unsigned int);
	if (sp->length <= -2)
		return (unsigned char)va_arg(*ap, unsigned int);
	return va_arg(*ap, unsigned int);
}

static intmax_t
arg_signed(const struct fmt_spec *sp, va_list *ap)
{
	if (sp->length >= 2)
		return va_arg(*ap, long long);
	if (sp->length == 1)
		return va_arg(*ap, long);
	if (sp->length == -1)
		return (short)va_arg(*ap, int);
	if (sp->length <= -2)
		return (signed char)va_arg(*ap, int);
	return va_arg(*ap, int);
}

static void
out_conversion(struct fmt_out *o, char c, struct fmt_spec *sp, va_list *ap)
{
	const char *s;
	char ch;
	int len;
	intmax_t sv;

	switch (c) {
	case 'd':
	case 'i':
		sv = arg_signed(sp, ap);
		out_number(o, sp,
		    sv < 0 ? (uintmax_t)0 - (uintmax_t)sv : (uintmax_t)sv,
		    sv < 0, 10, false);
		break;
	case 'u':
		out_number(o, sp, arg_unsigned(sp, ap), false, 10, false);
		break;
	case 'x':
	case 'X':
		out_number(o, sp, arg_unsigned(sp, ap), false, 16, c == 'X');
		break;
	case 'o':
		out_number(o, sp, arg_unsigned(sp, ap), false, 8, false);
		break;
	case 'p':
		sp->alt = true;
		out_number(
		    o, sp, (uintptr_t)va_arg(*ap, void *), false, 16, false);
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		out_field(o, sp, "", &ch, 1);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "(null)";
		for (len = 0;
		     s[len] != '\0' && (sp->prec < 0 || len < sp->prec); len++)
			continue;
		sp->prec = -1;
		out_field(o, sp, "", s, len);
		break;
	default:
		ch = c;
		out_buf(o, "%", 1);
		out_buf(o, &ch, 1);
		break;
	}
}

/*
 * Routine:	harbor_vformat
 * Purpose:
 *	Format fmt and ap, handing the output to emit in runs.
 * Conditions:
 *	Nothing; takes no locks and allocates nothing.
 * Returns:
 *	The number of characters produced.
 */
int
harbor_vformat(harbor_emit_t emit, void *arg, const char *fmt, va_list ap)
{
	struct fmt_out o = {.emit = emit, .arg = arg, .count = 0};
	struct fmt_spec sp;
	va_list ap2;
	const char *run;

	va_copy(ap2, ap);
	while (*fmt != '\0') {
		run = fmt;
		while (*fmt != '\0' && *fmt != '%')
			fmt++;
		out_buf(&o, run, (size_t)(fmt - run));
		if (*fmt == '\0')
			break;
		fmt++;
		if (*fmt == '%') {
			out_buf(&o, "%", 1);
			fmt++;
			continue;
		}
		fmt = parse_spec(fmt, &sp, &ap2);
		if (*fmt == '\0')
			break;
		out_conversion(&o, *fmt++, &sp, &ap2);
	}
	va_end(ap2);
	return o.count;
}

struct snprintf_state {
	char *buf;
	size_t size;
	size_t used;
};

static void
snprintf_emit(void *arg, const char *s, size_t n)
{
	struct snprintf_state *st = arg;
	size_t i;

	for (i = 0; i < n; i++, st->used++) {
		if (st->size > 0 && st->used < st->size - 1)
			st->buf[st->used] = s[i];
	}
}

/*
 * Routine:	harbor_vsnprintf
 * Purpose:
 *	vsnprintf: format into buf, always NUL-terminated when size > 0.
 * Conditions:
 *	Nothing.
 * Returns:
 *	The length the full output would have had.
 */
int
harbor_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snprintf_state st = {.buf = buf, .size = size, .used = 0};
	int n = harbor_vformat(snprintf_emit, &st, fmt, ap);

	if (size > 0)
		buf[st.used < size ? st.used : size - 1] = '\0';
	return n;
}

/*
 * Routine:	harbor_snprintf
 * Purpose:
 *	snprintf on top of harbor_vsnprintf.
 * Conditions:
 *	Nothing.
 * Returns:
 *	The length the full output would have had.
 */
int
harbor_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = harbor_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
