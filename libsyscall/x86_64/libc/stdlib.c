/*
 * stdlib.c - the guest libc's heap, exit and conversions.
 *
 * The heap (behind a spin lock that yields) is a static arena (it is zero-filled and mapped with the
 * program's .bss) carved by a bump pointer into blocks of power-of-two
 * sizes; a freed block goes to the free list of its size and is reused
 * for the next request of that size.  Enough for test programs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "../syscall_sw.h"

#define HEAP_SIZE (1UL << 20)
#define MIN_SHIFT 4
#define MAX_SHIFT 22
#define MAX_ATEXIT 32

struct block {
	uint64_t shift;     /* size class */
	struct block *next; /* while free */
};

int errno;
static uint8_t heap[HEAP_SIZE] __attribute__((aligned(16)));
static size_t heap_used;
static struct block *bins[MAX_SHIFT + 1];
static void (*atexit_fns[MAX_ATEXIT])(void);
static int natexit;
static volatile int heap_lock; /* threads: a yielding spin lock */

uint64_t swtch_pri(int pri);

static void
heap_acquire(void)
{
	while (__atomic_exchange_n(&heap_lock, 1, __ATOMIC_ACQUIRE) != 0)
		swtch_pri(0);
}

static void
heap_release(void)
{
	__atomic_store_n(&heap_lock, 0, __ATOMIC_RELEASE);
}

static unsigned int
size_shift(size_t size)
{
	unsigned int s = MIN_SHIFT;

	while ((1UL << s) < size + 16)
		s++;
	return s;
}

/*
 * Routine:	malloc, free, calloc, realloc, atexit, exit, _Exit,
 *		abort, strtoul, strtol, atoi, atol, abs, getenv
 * Purpose:	The C library's heap, process end and conversions.
 * Conditions:	Any thread; the heap takes its spin lock.
 * Returns:	As in the C standard; malloc sets ENOMEM when the arena is
 *		used up.
 */
void *
malloc(size_t size)
{
	unsigned int s;
	struct block *b;

	if (size > (1UL << MAX_SHIFT) - 16) {
		errno = ENOMEM;
		return NULL;
	}
	s = size_shift(size);
	heap_acquire();
	if ((b = bins[s]) != NULL) {
		bins[s] = b->next;
	} else {
		if (heap_used + (1UL << s) > HEAP_SIZE) {
			heap_release();
			errno = ENOMEM;
			return NULL;
		}
		b = (struct block *)(void *)&heap[heap_used];
		heap_used += 1UL << s;
		b->shift = s;
	}
	heap_release();
	return (char *)b + 16;
}

void
free(void *p)
{
	struct block *b;

	if (p == NULL)
		return;
	b = (struct block *)(void *)((char *)p - 16);
	heap_acquire();
	b->next = bins[b->shift];
	bins[b->shift] = b;
	heap_release();
}

void *
calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	p = malloc(n * size);
	if (p != NULL)
		memset(p, 0, n * size);
	return p;
}

void *
realloc(void *p, size_t size)
{
	struct block *b;
	size_t have;
	void *q;

	if (p == NULL)
		return malloc(size);
	b = (struct block *)(void *)((char *)p - 16);
	have = (1UL << b->shift) - 16;
	if (size <= have)
		return p;
	q = malloc(size);
	if (q != NULL) {
		memcpy(q, p, have);
		free(p);
	}
	return q;
}

int
atexit(void (*fn)(void))
{
	if (natexit == MAX_ATEXIT)
		return -1;
	atexit_fns[natexit++] = fn;
	return 0;
}

void
exit(int status)
{
	while (natexit > 0)
		atexit_fns[--natexit]();
	_exit(status);
}

void
_Exit(int status)
{
	_exit(status);
}

void
abort(void)
{
	harbor_unix_trap(SYSCALL_CONSTRUCT_UNIX(37), getpid(), 6); /* SIGABRT */
	_exit(134);
}

void harbor_assert_fail(const char *expr, const char *file, int line);

/*
 * Routine:	harbor_assert_fail
 * Purpose:	Report a failed assert() and abort.
 * Conditions:	Any.
 * Returns:	Never.
 */
void
harbor_assert_fail(const char *expr, const char *file, int line)
{
	static const char msg[] = "assertion failed: ";

	write(2, msg, sizeof(msg) - 1);
	write(2, expr, strlen(expr));
	write(2, " at ", 4);
	write(2, file, strlen(file));
	write(2, "\n", 1);
	(void)line;
	abort();
}

static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long
strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;
	int d;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '+')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	while ((d = digit_value(*s)) < base) {
		v = v * (unsigned long)base + (unsigned long)d;
		s++;
	}
	if (end != NULL)
		*end = (char *)(uintptr_t)s;
	return v;
}

long
strtol(const char *s, char **end, int base)
{
	int neg = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	return neg ? -(long)strtoul(s, end, base) : (long)strtoul(s, end, base);
}

int
atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long
atol(const char *s)
{
	return strtol(s, NULL, 10);
}

int
abs(int v)
{
	return v < 0 ? -v : v;
}

extern char **environ;

char *
getenv(const char *name)
{
	size_t n = strlen(name);
	char **e;

	for (e = environ; e != NULL && *e != NULL; e++) {
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	}
	return NULL;
}
