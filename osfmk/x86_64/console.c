/*
 * x86_64/console.c - the serial console on COM1 (16550 at 0x3f8), a small
 * formatter for the machine layer's own messages, and panic.
 *
 * The machine layer formats its own boot and fault messages so that it
 * depends on nothing above kern/md.h; the kernel's printf (libkern) writes
 * through md_console_write like everyone else.
 */
#include <stdarg.h>
#include <x86_64/machine.h>

#define COM1 0x3f8
#define COM_THR 0 /* transmit holding register */
#define COM_IER 1
#define COM_FCR 2
#define COM_LCR 3
#define COM_MCR 4
#define COM_LSR 5
#define LSR_THRE 0x20

static md_lock_t console_lock;

/*
 * Routine:	x86_console_init
 * Purpose:	Program COM1 for 115200 8N1, no interrupts, FIFOs on.
 * Conditions:	Boot, interrupts off.
 * Returns:	Nothing.
 */
void
x86_console_init(void)
{
	outb(COM1 + COM_IER, 0x00);
	outb(COM1 + COM_LCR, 0x80); /* divisor latch */
	outb(COM1 + 0, 1);          /* 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + COM_LCR, 0x03); /* 8N1 */
	outb(COM1 + COM_FCR, 0xc7);
	outb(COM1 + COM_MCR, 0x03);
}

static void
com_putc(char c)
{
	int spins = 100000;

	while ((inb(COM1 + COM_LSR) & LSR_THRE) == 0 && --spins > 0)
		continue;
	outb(COM1 + COM_THR, (uint8_t)c);
}

/*
 * Routine:	md_console_write
 * Purpose:	Write bytes to the console; "\n" goes out as "\r\n".
 * Conditions:	Any context.  Writers are serialized, so lines from two
 *		threads do not interleave within one call.
 * Returns:	Nothing.
 */
void
md_console_write(const char *buf, size_t len)
{
	size_t i;

	md_lock_lock(&console_lock);
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			com_putc('\r');
		com_putc(buf[i]);
	}
	md_lock_unlock(&console_lock);
}

/* A bounded output buffer for the formatter. */
struct fmt_out {
	char *buf;
	size_t len;
	size_t pos;
};

static void
fmt_putc(struct fmt_out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void
fmt_num(struct fmt_out *o, uint64_t v, int base, bool neg, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		fmt_putc(o, pad);
	while (n > 0)
		fmt_putc(o, tmp[--n]);
}

static void
fmt_str(struct fmt_out *o, const char *s, int width)
{
	int n = 0;

	if (s == NULL)
		s = "(null)";
	while (s[n] != '\0')
		n++;
	while (width-- > n)
		fmt_putc(o, ' ');
	while (*s != '\0')
		fmt_putc(o, *s++);
}

static uint64_t
fmt_arg(va_list *ap, int lng, bool sgn, bool *neg)
{
	int64_t s;

	*neg = false;
	if (!sgn) {
		if (lng)
			return va_arg(*ap, uint64_t);
		return va_arg(*ap, unsigned int);
	}
	s = lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
	if (s < 0) {
		*neg = true;
		return (uint64_t)0 - (uint64_t)s;
	}
	return (uint64_t)s;
}

static void
fmt_conv(struct fmt_out *o, char c, int lng, int width, char pad, va_list *ap)
{
	bool neg;
	uint64_t v;

	switch (c) {
	case 'd':
	case 'i':
		v = fmt_arg(ap, lng, true, &neg);
		fmt_num(o, v, 10, neg, width, pad);
		break;
	case 'u':
		fmt_num(
		    o, fmt_arg(ap, lng, false, &neg), 10, false, width, pad);
		break;
	case 'x':
		fmt_num(
		    o, fmt_arg(ap, lng, false, &neg), 16, false, width, pad);
		break;
	case 'p':
		fmt_putc(o, '0');
		fmt_putc(o, 'x');
		fmt_num(o, (uint64_t)va_arg(*ap, void *), 16, false, 16, '0');
		break;
	case 's':
		fmt_str(o, va_arg(*ap, const char *), width);
		break;
	case 'c':
		fmt_putc(o, (char)va_arg(*ap, int));
		break;
	default:
		fmt_putc(o, '%');
		fmt_putc(o, c);
		break;
	}
}

static void
fmt_format(struct fmt_out *o, const char *fmt, va_list *ap)
{
	int width, lng;
	char pad;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			fmt_putc(o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			fmt_putc(o, '%');
			continue;
		}
		pad = ' ';
		if (*fmt == '0')
			pad = *fmt++;
		for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (lng = 0; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng = 1;
		if (*fmt == '\0')
			break;
		fmt_conv(o, *fmt, lng, width, pad, ap);
	}
	if (o->len > 0)
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
}

/*
 * Routine:	x86_snprintf
 * Purpose:	Format into buf: %d %i %u %x %p %s %c %%, with an optional
 *		0 flag, a width and l/ll/z length modifiers.
 * Conditions:	Any context.
 * Returns:	The length the full output would have had.
 */
int
x86_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	struct fmt_out o = {buf, len, 0};
	va_list ap;

	va_start(ap, fmt);
	fmt_format(&o, fmt, &ap);
	va_end(ap);
	return (int)o.pos;
}

static void
x86_vprintf(const char *fmt, va_list *ap)
{
	char buf[256];
	struct fmt_out o = {buf, sizeof(buf), 0};

	fmt_format(&o, fmt, ap);
	md_console_write(buf, o.pos < sizeof(buf) ? o.pos : sizeof(buf) - 1);
}

/*
 * Routine:	x86_printf
 * Purpose:	Print a formatted message (at most 255 bytes) on the console.
 * Conditions:	Any context.
 * Returns:	Nothing.
 */
void
x86_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	x86_vprintf(fmt, &ap);
	va_end(ap);
}

/*
 * Routine:	x86_panic
 * Purpose:	Report a fatal kernel error with a backtrace and stop the
 *		machine with exit status 3.
 * Conditions:	Any context.
 * Returns:	Never.
 */
void
x86_panic(const char *fmt, ...)
{
	va_list ap;
	uint64_t rbp;

	intr_disable();
	x86_printf("\npanic: ");
	va_start(ap, fmt);
	x86_vprintf(fmt, &ap);
	va_end(ap);
	x86_printf("\n");
	__asm__ volatile("movq %%rbp, %0" : "=r"(rbp));
	x86_backtrace(rbp);
	md_halt(3);
}

/*
 * Routine:	md_halt
 * Purpose:	Stop the machine.  Under QEMU with the isa-debug-exit device
 *		at port 0xf4 the emulator exits with status * 2 + 1; without
 *		the device the CPU halts for good.
 * Conditions:	Any context.
 * Returns:	Never.
 */
void
md_halt(int status)
{
	intr_disable();
	x86_kprof_dump();
	outb(0xf4, (uint8_t)status);
	for (;;)
		__asm__ volatile("cli; hlt");
}
