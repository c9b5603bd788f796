/*
 * libc_printf.c - the guest libc's formatted output (libkern's printf
 * engine, shared with the kernel), checked against the C standard's
 * results.  Guest only: on the hosted machine printf is glibc's.
 */
#include "../ipc/ipc_test_util.h"

#include <stdio.h>
#include <string.h>

T_GLOBAL_META(T_META_NAMESPACE("harbor.guest.libc_printf"));

static void
expect_fmt(const char *got, int n, const char *want)
{
	T_EXPECT_EQ_STR(got, want, "formatted as the C standard says");
	T_EXPECT_EQ(n, (int)strlen(want), "returns the length of \"%s\"", want);
}

T_DECL(snprintf_conversions,
    "d i u o x X c s p %% with flags, width, precision and lengths")
{
	char b[128];
	int n;

	n = snprintf(b, sizeof(b), "%d|%i|%u|%o|%x|%X|%c|%s|%%", -42, 7,
	    3000000000u, 8, 255, 255, 'q', "str");
	expect_fmt(b, n, "-42|7|3000000000|10|ff|FF|q|str|%");
	n = snprintf(
	    b, sizeof(b), "[%5d][%-5d][%05d][%+d][% d]", 42, 42, 42, 42, 42);
	expect_fmt(b, n, "[   42][42   ][00042][+42][ 42]");
	n = snprintf(b, sizeof(b), "[%#x][%#o][%.3d][%*d][%.2s]", 255, 8, 7, 4,
	    9, "abc");
	expect_fmt(b, n, "[0xff][010][007][   9][ab]");
	n = snprintf(b, sizeof(b), "%lld|%llu|%hhd|%hd|%zu|%lx", -1LL,
	    18446744073709551615ULL, 257, 65537, (size_t)12, 0xdeadbeefUL);
	expect_fmt(b, n, "-1|18446744073709551615|1|1|12|deadbeef");
	n = snprintf(b, sizeof(b), "%p", (void *)0x1234);
	expect_fmt(b, n, "0x1234");
}

T_DECL(snprintf_truncates,
    "output beyond the buffer is cut, NUL-terminated, and counted")
{
	char b[8];
	int n;

	memset(b, 'x', sizeof(b));
	n = snprintf(b, sizeof(b), "%s", "0123456789");
	T_EXPECT_EQ(n, 10, "the full length");
	T_EXPECT_EQ_STR(b, "0123456", "seven characters and the NUL");
	n = snprintf(b, 0, "%d", 12345);
	T_EXPECT_EQ(n, 5, "size 0 writes nothing and still counts");
	T_EXPECT_EQ(b[0], '0', "the buffer is untouched");
}
