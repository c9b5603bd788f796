/*
 * tools/mig/util.c - arena allocation and diagnostics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mig.h"

struct chunk {
	struct chunk *next;
	max_align_t data[];
};

static struct chunk *arena;
static jmp_buf *error_jump;
int mig_warnings_quiet;

/*
 * Routine:	mig_alloc
 * Purpose:	Zero-filled memory that lives until mig_arena_free.
 * Conditions:	Aborts the program when the host is out of memory.
 * Returns:	A pointer, never NULL.
 */
void *
mig_alloc(size_t size)
{
	struct chunk *c = calloc(1, sizeof(*c) + size);

	if (c == NULL) {
		fprintf(stderr, "mig: out of memory\n");
		exit(2);
	}
	c->next = arena;
	arena = c;
	return c->data;
}

/*
 * Routine:	mig_strdup
 * Purpose:	Copy a string into the arena.
 * Conditions:	None.
 * Returns:	The copy.
 */
char *
mig_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = mig_alloc(n);

	memcpy(p, s, n);
	return p;
}

/*
 * Routine:	mig_printf
 * Purpose:	Format a string into the arena.
 * Conditions:	None.
 * Returns:	The formatted string.
 */
char *
mig_printf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = mig_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * Routine:	mig_arena_free
 * Purpose:	Release everything mig_alloc handed out.
 * Conditions:	No pointer into the arena may be used afterwards.
 * Returns:	Nothing.
 */
void
mig_arena_free(void)
{
	while (arena != NULL) {
		struct chunk *c = arena;

		arena = c->next;
		free(c);
	}
}

/*
 * Routine:	mig_set_error_jump
 * Purpose:	Make fatal errors longjmp to jmpbuf (a jmp_buf *) instead of
 *		exiting; NULL restores exiting.  Used by tests and the fuzzer.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
mig_set_error_jump(void *jmpbuf)
{
	error_jump = jmpbuf;
}

/*
 * Routine:	mig_error_at
 * Purpose:	Report "file:line: message" on stderr and stop compiling.
 * Conditions:	Never returns.
 * Returns:	Nothing.
 */
void
mig_error_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!mig_warnings_quiet) {
		fprintf(stderr, "%s:%d: ", file ? file : "<input>", line);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	if (error_jump != NULL)
		longjmp(*error_jump, 1);
	exit(1);
}

/*
 * Routine:	mig_warn_at
 * Purpose:	Report "file:line: warning: message" on stderr.
 * Conditions:	None.
 * Returns:	Nothing.
 */
void
mig_warn_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (mig_warnings_quiet)
		return;
	fprintf(stderr, "%s:%d: warning: ", file ? file : "<input>", line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
