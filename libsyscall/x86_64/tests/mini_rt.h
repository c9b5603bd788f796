/*
 * mini_rt.h - the little run-time of the guest programs built without
 * the libc (benchmarks and boot tests): exit, console output a line at a
 * time, numbers, and the time-stamp counter.  Include it in the one
 * source file of such a program: it defines exit.
 *
 * Output is collected up to each newline and written with one trap, so
 * that lines of tasks running at the same time do not interleave.
 */
#ifndef _MINI_RT_H_
#define _MINI_RT_H_

#include <stdint.h>
#include "../syscall_sw.h"

_Noreturn void exit(int status);

/*
 * Routine:	exit
 * Purpose:	End the task (BSD exit), as crt0 does after main.
 * Conditions:	User mode.
 * Returns:	Never.
 */
void
exit(int status)
{
	for (;;)
		harbor_trap(SYSCALL_CONSTRUCT_UNIX(1), status);
}

/*
 * Routine:	put, put_num
 * Purpose:	Write a string, or an unsigned number in decimal, to the
 *		console (machine-dependent console trap), a line at a time.
 * Conditions:	User mode; one thread writes at a time.
 * Returns:	Nothing.
 */
static inline void
put(const char *s)
{
	static char line[256];
	static uint64_t line_len;

	for (; *s != '\0'; s++) {
		line[line_len++] = *s;
		if (*s == '\n' || line_len == sizeof(line)) {
			harbor_console_write(line, line_len);
			line_len = 0;
		}
	}
}

static inline void
put_num(uint64_t v)
{
	char buf[24];
	int i = 23;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	put(&buf[i]);
}

/*
 * Routine:	rdtsc
 * Purpose:	The time-stamp counter: guest instructions under
 *		qemu -icount shift=0.
 * Conditions:	Any.
 * Returns:	The counter.
 */
static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Routine:	put_figure
 * Purpose:	Print a benchmark's line for tools/bench-table.sh:
 *		"harbor NAME=X.YZ n=N total_ns=T", X.YZ being total / n.
 * Conditions:	User mode; n > 0.
 * Returns:	Nothing.
 */
static inline void
put_figure(const char *name, uint64_t total, uint64_t n)
{
	uint64_t per100 = total * 100 / n;

	put("harbor ");
	put(name);
	put("=");
	put_num(per100 / 100);
	put(".");
	put_num(per100 % 100 / 10);
	put_num(per100 % 10);
	put(" n=");
	put_num(n);
	put(" total_ns=");
	put_num(total);
	put("\n");
}

#endif /* _MINI_RT_H_ */
