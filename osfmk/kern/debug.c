/*
 * kern/debug.c - panic and the kernel console printf.
 */
#include <kern/debug.h>
#include <kern/md.h>
#include <printf.h>

static void
console_emit(void *arg, const char *buf, size_t len)
{
	(void)arg;
	md_console_write(buf, len);
}

/*
 * Routine:	kvprintf
 * Purpose:
 *	Format to the console.
 * Conditions:
 *	Nothing locked; may be called with any lock held (console output
 *	takes no IPC lock).
 * Returns:
 *	The number of characters written.
 */
int
kvprintf(const char *fmt, va_list ap)
{
	return harbor_vformat(console_emit, NULL, fmt, ap);
}

/*
 * Routine:	kprintf
 * Purpose:
 *	printf to the kernel console.
 * Conditions:
 *	As kvprintf.
 * Returns:
 *	The number of characters written.
 */
int
kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

/*
 * Routine:	panic
 * Purpose:
 *	Report a fatal kernel inconsistency and halt the machine.
 * Conditions:
 *	Any.
 * Returns:
 *	Never.
 */
void
panic(const char *fmt, ...)
{
	va_list ap;

	kprintf("panic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	md_halt(3);
}
