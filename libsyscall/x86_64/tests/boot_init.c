/*
 * boot_init.c - a minimal init for the x86_64 tests of the real kernel:
 * spawns every program named by the "tests=" argument (the kernel passes
 * the boot arguments to init), all at once, then waits for each and
 * reports in KTAP whether it exited with the expected status.
 *
 *	tests=/sbin/a,/sbin/b:139	/sbin/b must die with status 139
 *					(killed by SIGSEGV), /sbin/a exit 0
 *
 * It uses only BSD traps: posix_spawn (244), wait4 (7), write (4) and
 * exit (1).
 */
#include <stdint.h>
#include "../syscall_sw.h"

#define MAX_TESTS 16
#define PATH_MAX_ 64

int main(int argc, char **argv, char **envp);
_Noreturn void exit(int status);

struct test {
	char path[PATH_MAX_];
	int expect;
	int pid;
};

static struct test tests[MAX_TESTS];
static int ntests;

void
exit(int status)
{
	for (;;)
		harbor_trap(SYSCALL_CONSTRUCT_UNIX(1), status);
}

/*
 * Output is collected up to each newline and written with one trap, so
 * that lines of tasks running at the same time do not interleave.
 */
static void
put(const char *s)
{
	static char line[256];
	static uint64_t line_len;

	for (; *s != '\0'; s++) {
		line[line_len++] = *s;
		if (*s == '\n' || line_len == sizeof(line)) {
			harbor_trap(
			    SYSCALL_CONSTRUCT_UNIX(4), 1, line, line_len);
			line_len = 0;
		}
	}
}

static void
put_num(int64_t v)
{
	char buf[24];
	int i = 23;
	uint64_t u = v < 0 ? (uint64_t)-v : (uint64_t)v;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[--i] = '-';
	put(&buf[i]);
}

/* Parse "a,b:139,c" into tests[]. */
static void
parse_tests(const char *s)
{
	while (*s != '\0' && ntests < MAX_TESTS) {
		struct test *t = &tests[ntests++];
		int n = 0;

		while (
		    *s != '\0' && *s != ',' && *s != ':' && n < PATH_MAX_ - 1)
			t->path[n++] = *s++;
		if (*s == ':') {
			for (s++; *s >= '0' && *s <= '9'; s++)
				t->expect = t->expect * 10 + (*s - '0');
		}
		while (*s != '\0' && *s != ',')
			s++;
		if (*s == ',')
			s++;
	}
}

static int
spawn(struct test *t)
{
	char *args[2] = {t->path, 0};
	char *env[1] = {0};

	return (int)harbor_unix_trap(
	    SYSCALL_CONSTRUCT_UNIX(244), &t->pid, t->path, 0, 0, args, env);
}

static void
report(int i, int ok, const char *what, int64_t value)
{
	put(ok ? "ok " : "not ok ");
	put_num(i + 1);
	put(" ");
	put(tests[i].path);
	put(what);
	put_num(value);
	put("\n");
}

int
main(int argc, char **argv, char **envp)
{
	int i, status, failures = 0;
	int64_t r;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == 't' && a[1] == 'e' && a[2] == 's' && a[3] == 't' &&
		    a[4] == 's' && a[5] == '=')
			parse_tests(a + 6);
	}
	put("KTAP version 1\n1..");
	put_num(ntests);
	put("\n");
	for (i = 0; i < ntests; i++) {
		r = spawn(&tests[i]);
		if (r != 0) {
			report(i, 0, " could not be spawned: error ", -r);
			tests[i].pid = -1;
			failures++;
		}
	}
	for (i = 0; i < ntests; i++) {
		if (tests[i].pid <= 0)
			continue;
		status = 0;
		r = harbor_unix_trap(
		    SYSCALL_CONSTRUCT_UNIX(7), tests[i].pid, &status, 0, 0);
		status = (status >> 8) & 0xff;
		if (r != tests[i].pid)
			status = -1;
		report(i, status == tests[i].expect, " exited with status ",
		    status);
		failures += status != tests[i].expect;
	}
	return failures != 0;
}
