/*
 * string.c - the guest libc's string functions beyond the kernel's.
 * memcpy, memmove, memset, memcmp, strlen, strnlen, strcmp, strncmp,
 * strchr and strlcpy come from libkern/string.c, built into the guest
 * libc as well (osfmk/x86_64/x86_64.mk).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Routine:	memchr, strrchr, strstr, strcpy, strncpy, strcat, strdup,
 *		strerror
 * Purpose:	The C library's string and memory functions.
 * Conditions:	Any; strdup allocates from the heap.
 * Returns:	As in the C standard.
 */
void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	}
	return NULL;
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)(uintptr_t)last;
	}
}

char *
strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		if (strncmp(hay, needle, n) == 0)
			return (char *)(uintptr_t)hay;
	}
	return n == 0 ? (char *)(uintptr_t)hay : NULL;
}

char *
strcpy(char *dst, const char *src)
{
	return memcpy(dst, src, strlen(src) + 1);
}

char *
strncpy(char *dst, const char *src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst;
}

char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *
strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	return p != NULL ? memcpy(p, s, n) : NULL;
}

char *
strerror(int err)
{
	switch (err) {
	case 0:
		return "Undefined error: 0";
	case 2:
		return "No such file or directory";
	case 3:
		return "No such process";
	case 8:
		return "Exec format error";
	case 10:
		return "No child processes";
	case 12:
		return "Cannot allocate memory";
	case 14:
		return "Bad address";
	case 22:
		return "Invalid argument";
	case 78:
		return "Function not implemented";
	default:
		return "Unknown error";
	}
}
